package bundles

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"

	"github.com/docseek/docseek/internal/atomicfile"
)

// A bundle file holds precomputed chunk embeddings, keyed by chunk content
// hash, so docseek starts without embedding the corpus. Layout (little
// endian):
//
//	magic        8 bytes  "DSBUNDLE"
//	version      uint32   formatVersion
//	manifestLen  uint32   <= maxManifestLen
//	manifest     JSON     Manifest
//	entries      Count x (32-byte sha256 key + vector payload), keys strictly ascending
//	checksum     32 bytes sha256 of every byte before it
//
// Payload per encoding (D = Dimensions):
//
//	int8     float32 scale + D int8      (value = q * scale)
//	float16  D IEEE 754 binary16
//	float32  D float32                   (exact; for measurements)
//
// No docs text is stored: only hashes and vectors.
//
// WARNING: the keys are corpus.Chunk.Hash (sha256 of the chunk's embed text).
// A change to the chunker or to EmbedText changes every key: bump
// corpus.ChunkerVersion and rebuild bundles/ together (`make bundles`).

// formatVersion is the version of the file layout above. Bump it on any
// change of the layout; readers refuse other versions.
const formatVersion = 1

const (
	magic          = "DSBUNDLE"
	maxManifestLen = 1 << 20
	maxBundleSize  = 1 << 30
	maxDimensions  = 1 << 16
	hashLen        = sha256.Size
	headerLen      = len(magic) + 4 + 4
)

// ErrCorrupt reports a bundle that cannot be read: truncated, a bad
// checksum, an unknown format version or encoding, or out-of-range fields.
var ErrCorrupt = errors.New("bundle corrupt")

// ErrMismatch reports a bundle built for another model, dimension,
// weights, chunker or corpus than the one in use.
var ErrMismatch = errors.New("bundle does not match")

// Encoding is how a bundle stores vector components.
type Encoding string

// Bundle encodings.
const (
	// EncodingInt8 stores each vector as int8 components with one float32
	// scale per vector (1 byte per dimension). The default.
	EncodingInt8 Encoding = "int8"
	// EncodingFloat16 stores IEEE 754 half-precision components (2 bytes per
	// dimension).
	EncodingFloat16 Encoding = "float16"
	// EncodingFloat32 stores exact components (4 bytes per dimension); used
	// as the reference when measuring the others.
	EncodingFloat32 Encoding = "float32"
)

// stride is the payload length of one vector in bytes, or 0 for an unknown
// encoding.
func (enc Encoding) stride(dims int) int {
	switch enc {
	case EncodingInt8:
		return 4 + dims
	case EncodingFloat16:
		return 2 * dims
	case EncodingFloat32:
		return 4 * dims
	}
	return 0
}

// Valid reports whether enc is one of the known encodings.
func (enc Encoding) Valid() bool { return enc.stride(1) > 0 }

// Manifest describes what a bundle's vectors were computed from. Every field
// is checked before the vectors are trusted.
type Manifest struct {
	FormatVersion  int       `json:"format_version"`
	Model          string    `json:"model"`                    // embed.Embedder.ModelID()
	WeightsSHA256  string    `json:"weights_sha256,omitempty"` // hex sha256 of the model weights, if the embedder knows it
	Dimensions     int       `json:"dimensions"`
	ChunkerVersion int       `json:"chunker_version"` // corpus.ChunkerVersion at build time
	Corpus         string    `json:"corpus"`          // corpus name, e.g. "workos"
	Package        string    `json:"package,omitempty"`
	CorpusVersion  string    `json:"corpus_version"`
	Integrity      string    `json:"integrity,omitempty"` // npm integrity of the corpus package
	Built          time.Time `json:"built"`
	Encoding       Encoding  `json:"encoding"`
	Count          int       `json:"count"` // number of vectors
}

// Bundle is a set of precomputed chunk vectors keyed by chunk content hash.
// It is immutable once built or read and safe for concurrent use.
type Bundle struct {
	// Manifest describes the bundle. Treat it as read-only.
	Manifest Manifest

	keys   [][hashLen]byte       // ascending
	index  map[[hashLen]byte]int // key -> position
	data   []byte                // Count payloads of stride bytes, in key order
	stride int
}

// Len is the number of vectors in the bundle.
func (b *Bundle) Len() int { return len(b.keys) }

// Has reports whether the bundle holds a vector for a chunk content hash.
func (b *Bundle) Has(hash string) bool {
	key, ok := parseHash(hash)
	if !ok {
		return false
	}
	_, ok = b.index[key]
	return ok
}

// Hashes returns the chunk hashes the bundle holds, in ascending order.
func (b *Bundle) Hashes() []string {
	out := make([]string, len(b.keys))
	for i, k := range b.keys {
		out[i] = hex.EncodeToString(k[:])
	}
	return out
}

// Vector returns a fresh, L2-normalised copy of the vector for a chunk
// content hash (corpus.Chunk.Hash), or false when the bundle lacks it.
func (b *Bundle) Vector(hash string) ([]float32, bool) {
	key, ok := parseHash(hash)
	if !ok {
		return nil, false
	}
	i, ok := b.index[key]
	if !ok {
		return nil, false
	}
	v := b.decode(i)
	normalize(v)
	return v, true
}

// decode returns the stored components of vector i, not normalised.
func (b *Bundle) decode(i int) []float32 {
	dims := b.Manifest.Dimensions
	p := b.data[i*b.stride : (i+1)*b.stride]
	v := make([]float32, dims)
	switch b.Manifest.Encoding {
	case EncodingInt8:
		scale := math.Float32frombits(binary.LittleEndian.Uint32(p))
		for j, q := range p[4:] {
			v[j] = float32(int8(q)) * scale
		}
	case EncodingFloat16:
		for j := range v {
			v[j] = halfToFloat32(binary.LittleEndian.Uint16(p[2*j:]))
		}
	case EncodingFloat32:
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*j:]))
		}
	}
	return v
}

// normalize scales v to unit length in place; a zero vector stays zero.
func normalize(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
}

func parseHash(s string) (key [hashLen]byte, ok bool) {
	if len(s) != 2*hashLen {
		return key, false
	}
	if _, err := hex.Decode(key[:], []byte(s)); err != nil {
		return key, false
	}
	return key, true
}

// newBundle encodes vectors (keyed by hex hash) into a bundle. m's Count,
// Dimensions and FormatVersion are filled in; m.Encoding "" means int8.
func newBundle(m Manifest, vectors map[string][]float32) (*Bundle, error) {
	if m.Encoding == "" {
		m.Encoding = EncodingInt8
	}
	if m.Dimensions <= 0 || m.Dimensions > maxDimensions {
		return nil, fmt.Errorf("bundle dimensions %d out of range", m.Dimensions)
	}
	stride := m.Encoding.stride(m.Dimensions)
	if stride == 0 {
		return nil, fmt.Errorf("unknown bundle encoding %q (want int8, float16 or float32)", m.Encoding)
	}
	keys := make([][hashLen]byte, 0, len(vectors))
	for h, v := range vectors {
		key, ok := parseHash(h)
		if !ok {
			return nil, fmt.Errorf("chunk hash %q is not a hex sha256", h)
		}
		if len(v) != m.Dimensions {
			return nil, fmt.Errorf("vector for hash %q has %d dimensions, want %d", h, len(v), m.Dimensions)
		}
		keys = append(keys, key)
	}
	slices.SortFunc(keys, func(a, b [hashLen]byte) int { return bytes.Compare(a[:], b[:]) })
	m.FormatVersion = formatVersion
	m.Count = len(keys)
	b := &Bundle{
		Manifest: m,
		keys:     keys,
		index:    make(map[[hashLen]byte]int, len(keys)),
		data:     make([]byte, len(keys)*stride),
		stride:   stride,
	}
	for i, k := range keys {
		b.index[k] = i
		if err := encodeVector(b.data[i*stride:(i+1)*stride], m.Encoding, vectors[hex.EncodeToString(k[:])]); err != nil {
			return nil, fmt.Errorf("vector for hash %x: %w", k, err)
		}
	}
	return b, nil
}

// encodeVector writes v into p (stride bytes) in the given encoding.
func encodeVector(p []byte, enc Encoding, v []float32) error {
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return errors.New("vector has a NaN or infinite component")
		}
	}
	switch enc {
	case EncodingInt8:
		var maxAbs float32
		for _, x := range v {
			maxAbs = max(maxAbs, float32(math.Abs(float64(x))))
		}
		scale := maxAbs / 127
		binary.LittleEndian.PutUint32(p, math.Float32bits(scale))
		for j, x := range v {
			q := 0.0
			if scale > 0 {
				q = math.Round(float64(x / scale))
			}
			p[4+j] = byte(int8(max(-127, min(127, q))))
		}
	case EncodingFloat16:
		for j, x := range v {
			binary.LittleEndian.PutUint16(p[2*j:], float32ToHalf(x))
		}
	case EncodingFloat32:
		for j, x := range v {
			binary.LittleEndian.PutUint32(p[4*j:], math.Float32bits(x))
		}
	}
	return nil
}

// Encode returns a copy of the bundle in another encoding (for example a
// float32 reference bundle as int8). Precision lost earlier is not regained.
func (b *Bundle) Encode(enc Encoding) (*Bundle, error) {
	vectors := make(map[string][]float32, len(b.keys))
	for i, k := range b.keys {
		vectors[hex.EncodeToString(k[:])] = b.decode(i)
	}
	m := b.Manifest
	m.Encoding = enc
	return newBundle(m, vectors)
}

// WriteTo writes the bundle file format to w. It implements io.WriterTo.
func (b *Bundle) WriteTo(w io.Writer) (int64, error) {
	manifest, err := json.Marshal(b.Manifest)
	if err != nil {
		return 0, fmt.Errorf("encode bundle manifest: %w", err)
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(w, h)}
	var hdr [headerLen]byte
	copy(hdr[:], magic)
	binary.LittleEndian.PutUint32(hdr[8:], formatVersion)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(len(manifest)))
	cw.Write(hdr[:])
	cw.Write(manifest)
	for i, k := range b.keys {
		cw.Write(k[:])
		cw.Write(b.data[i*b.stride : (i+1)*b.stride])
	}
	if cw.err != nil {
		return cw.n, cw.err
	}
	n, err := w.Write(h.Sum(nil))
	return cw.n + int64(n), err
}

// countWriter counts bytes and remembers the first error, so WriteTo can
// write without checking each call.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// Write writes b to path atomically: a temp file in the same directory,
// synced, closed, then renamed over path.
func Write(path string, b *Bundle) error {
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := b.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("write bundle %q: %w", path, err)
	}
	return nil
}

// Load reads a bundle file.
func Load(path string) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load bundle: %w", err)
	}
	defer f.Close()
	b, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("load bundle %q: %w", path, err)
	}
	return b, nil
}

// Read reads a bundle in the format WriteTo writes. Any damage (truncation,
// a flipped bit, an unknown version or encoding, out-of-range fields) gives
// an error wrapping ErrCorrupt.
func Read(r io.Reader) (*Bundle, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBundleSize+1))
	if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	if len(data) > maxBundleSize {
		return nil, corruptf("larger than %d bytes", maxBundleSize)
	}
	if len(data) < headerLen+hashLen {
		return nil, corruptf("truncated: %d bytes", len(data))
	}
	if string(data[:len(magic)]) != magic {
		return nil, corruptf("not a docseek bundle (bad magic)")
	}
	body, sum := data[:len(data)-hashLen], data[len(data)-hashLen:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, corruptf("checksum mismatch (truncated or damaged file)")
	}
	return parseBundle(body)
}

// parseBundle parses a bundle body (everything before the checksum).
func parseBundle(body []byte) (*Bundle, error) {
	if len(body) < headerLen || string(body[:len(magic)]) != magic {
		return nil, corruptf("bad header")
	}
	if v := binary.LittleEndian.Uint32(body[8:]); v != formatVersion {
		return nil, corruptf("format version %d, this docseek reads version %d (rebuild the bundle)", v, formatVersion)
	}
	mlen := binary.LittleEndian.Uint32(body[12:])
	if mlen > maxManifestLen || int(mlen) > len(body)-headerLen {
		return nil, corruptf("manifest length %d out of range", mlen)
	}
	var m Manifest
	if err := json.Unmarshal(body[headerLen:headerLen+int(mlen)], &m); err != nil {
		return nil, corruptf("manifest: %v", err)
	}
	if m.FormatVersion != formatVersion {
		return nil, corruptf("manifest format version %d, want %d", m.FormatVersion, formatVersion)
	}
	if m.Dimensions <= 0 || m.Dimensions > maxDimensions {
		return nil, corruptf("dimensions %d out of range", m.Dimensions)
	}
	stride := m.Encoding.stride(m.Dimensions)
	if stride == 0 {
		return nil, corruptf("unknown encoding %q", m.Encoding)
	}
	entries := body[headerLen+int(mlen):]
	entryLen := hashLen + stride
	if m.Count < 0 || m.Count > len(entries)/entryLen || m.Count*entryLen != len(entries) {
		return nil, corruptf("%d bytes of entries do not hold %d vectors of %d bytes", len(entries), m.Count, entryLen)
	}
	b := &Bundle{
		Manifest: m,
		keys:     make([][hashLen]byte, m.Count),
		index:    make(map[[hashLen]byte]int, m.Count),
		data:     make([]byte, 0, m.Count*stride),
		stride:   stride,
	}
	for i := range m.Count {
		e := entries[i*entryLen : (i+1)*entryLen]
		copy(b.keys[i][:], e[:hashLen])
		if i > 0 && bytes.Compare(b.keys[i-1][:], b.keys[i][:]) >= 0 {
			return nil, corruptf("entry %d: keys not in ascending order", i)
		}
		p := e[hashLen:]
		if err := checkPayload(m.Encoding, p); err != nil {
			return nil, corruptf("entry %d: %v", i, err)
		}
		b.index[b.keys[i]] = i
		b.data = append(b.data, p...)
	}
	return b, nil
}

// checkPayload rejects non-finite components and scales.
func checkPayload(enc Encoding, p []byte) error {
	finite := func(f float32) bool { return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0) }
	switch enc {
	case EncodingInt8:
		if s := math.Float32frombits(binary.LittleEndian.Uint32(p)); !finite(s) || s < 0 {
			return fmt.Errorf("bad scale %v", s)
		}
	case EncodingFloat16:
		for j := 0; j < len(p); j += 2 {
			if binary.LittleEndian.Uint16(p[j:])&0x7c00 == 0x7c00 {
				return errors.New("infinite or NaN component")
			}
		}
	case EncodingFloat32:
		for j := 0; j < len(p); j += 4 {
			if !finite(math.Float32frombits(binary.LittleEndian.Uint32(p[j:]))) {
				return errors.New("infinite or NaN component")
			}
		}
	}
	return nil
}

func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}
