package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// A bundle file holds precomputed chunk embeddings, keyed by chunk content
// hash, so docseek starts without embedding the corpus. Layout (little
// endian):
//
//	magic        8 bytes  "DSBUNDLE"
//	version      uint32   bundleFormatVersion
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

// bundleFormatVersion is the version of the file layout above. Bump it on any
// change of the layout; readers refuse other versions.
const bundleFormatVersion = 1

const (
	bundleMagic    = "DSBUNDLE"
	maxManifestLen = 1 << 20
	maxBundleSize  = 1 << 30
	maxDimensions  = 1 << 16
	hashLen        = sha256.Size
	headerLen      = len(bundleMagic) + 4 + 4
)

// ErrBundleCorrupt reports a bundle that cannot be read: truncated, a bad
// checksum, an unknown format version or encoding, or out-of-range fields.
var ErrBundleCorrupt = errors.New("bundle corrupt")

// ErrBundleMismatch reports a bundle built for another model, dimension,
// weights, chunker or corpus than the one in use.
var ErrBundleMismatch = errors.New("bundle does not match")

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

// weightsHasher is implemented by embedders that know a digest of their
// weights (the local BERT encoder); bundles record it so vectors from other
// weights under the same model name are refused.
type weightsHasher interface{ WeightsSHA256() string }

func weightsOf(e embed.Embedder) string {
	if w, ok := e.(weightsHasher); ok {
		return w.WeightsSHA256()
	}
	return ""
}

// Len is the number of vectors in the bundle.
func (b *Bundle) Len() int { return len(b.keys) }

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
	m.FormatVersion = bundleFormatVersion
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
	copy(hdr[:], bundleMagic)
	binary.LittleEndian.PutUint32(hdr[8:], bundleFormatVersion)
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

// WriteBundle writes b to path atomically: a temp file in the same
// directory, synced, closed, then renamed over path.
func WriteBundle(path string, b *Bundle) error {
	err := writeFileAtomic(path, func(w io.Writer) error {
		_, err := b.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("write bundle %q: %w", path, err)
	}
	return nil
}

// writeFileAtomic writes a file so that a crash leaves either the old file or
// the complete new one, never a torn one.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	// Make the rename itself durable; not every platform can sync a directory.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// LoadBundle reads a bundle file.
func LoadBundle(path string) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load bundle: %w", err)
	}
	defer f.Close()
	b, err := ReadBundle(f)
	if err != nil {
		return nil, fmt.Errorf("load bundle %q: %w", path, err)
	}
	return b, nil
}

// ReadBundle reads a bundle in the format WriteTo writes. Any damage
// (truncation, a flipped bit, an unknown version or encoding, out-of-range
// fields) gives an error wrapping ErrBundleCorrupt.
func ReadBundle(r io.Reader) (*Bundle, error) {
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
	if string(data[:len(bundleMagic)]) != bundleMagic {
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
	if len(body) < headerLen || string(body[:len(bundleMagic)]) != bundleMagic {
		return nil, corruptf("bad header")
	}
	if v := binary.LittleEndian.Uint32(body[8:]); v != bundleFormatVersion {
		return nil, corruptf("format version %d, this docseek reads version %d (rebuild the bundle)", v, bundleFormatVersion)
	}
	mlen := binary.LittleEndian.Uint32(body[12:])
	if mlen > maxManifestLen || int(mlen) > len(body)-headerLen {
		return nil, corruptf("manifest length %d out of range", mlen)
	}
	var m Manifest
	if err := json.Unmarshal(body[headerLen:headerLen+int(mlen)], &m); err != nil {
		return nil, corruptf("manifest: %v", err)
	}
	if m.FormatVersion != bundleFormatVersion {
		return nil, corruptf("manifest format version %d, want %d", m.FormatVersion, bundleFormatVersion)
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
	return fmt.Errorf("%w: %s", ErrBundleCorrupt, fmt.Sprintf(format, args...))
}

// BuildBundle embeds every distinct chunk (by Hash) with e, in batches, and
// returns a bundle. m supplies the corpus fields (Corpus, Package,
// CorpusVersion, Integrity) and the Encoding ("" means int8); the model,
// weights, dimensions, chunker version, count and, when zero, the build date
// are filled in. Progress goes to progress (a bar on a terminal, log lines
// otherwise); nil means none.
func BuildBundle(ctx context.Context, chunks []corpus.Chunk, e embed.Embedder, m Manifest, progress io.Writer) (*Bundle, error) {
	return UpdateBundle(ctx, nil, chunks, e, m, progress)
}

// UpdateBundle is BuildBundle reusing the vectors of prev (nil means none)
// for chunks whose hash it holds, so a small docs or chunker change costs
// only the changed chunks. Vectors of hashes no longer in chunks are
// dropped. prev must come from the same model (else ErrBundleMismatch).
func UpdateBundle(ctx context.Context, prev *Bundle, chunks []corpus.Chunk, e embed.Embedder, m Manifest, progress io.Writer) (*Bundle, error) {
	if e == nil {
		return nil, errors.New("build bundle: no embedder")
	}
	if prev != nil {
		if err := prev.checkEmbedder(e); err != nil {
			return nil, fmt.Errorf("build bundle: previous bundle: %w", err)
		}
	}
	m.Model = e.ModelID()
	m.WeightsSHA256 = weightsOf(e)
	m.Dimensions = e.Dimensions()
	m.ChunkerVersion = corpus.ChunkerVersion
	vectors := make(map[string][]float32, len(chunks))
	var todo []corpus.Chunk
	for _, c := range distinctByHash(chunks) {
		if key, ok := parseHash(c.Hash); ok && prev != nil {
			if i, ok := prev.index[key]; ok {
				vectors[c.Hash] = prev.decode(i)
				continue
			}
		}
		todo = append(todo, c)
	}
	if m.Built.IsZero() {
		m.Built = time.Now().UTC().Truncate(time.Second)
		if prev != nil && len(todo) == 0 && len(vectors) == prev.Len() {
			m.Built = prev.Manifest.Built // nothing new: rebuilding changes no byte
		}
	}
	fresh, err := embedChunks(ctx, todo, e, newProgress(progress, len(todo), "embedding chunks", nil))
	if err != nil {
		return nil, fmt.Errorf("build bundle: %w", err)
	}
	for h, v := range fresh {
		vectors[h] = v
	}
	b, err := newBundle(m, vectors)
	if err != nil {
		return nil, fmt.Errorf("build bundle: %w", err)
	}
	return b, nil
}

// distinctByHash returns the first chunk of each content hash, in order.
func distinctByHash(chunks []corpus.Chunk) []corpus.Chunk {
	seen := make(map[string]bool, len(chunks))
	out := make([]corpus.Chunk, 0, len(chunks))
	for _, c := range chunks {
		if !seen[c.Hash] {
			seen[c.Hash] = true
			out = append(out, c)
		}
	}
	return out
}

// embedBatch is how many chunks go to the embedder per call.
const embedBatch = 32

// embedChunks embeds the chunks (distinct hashes) in batches and returns
// their vectors by hash, reporting to p.
func embedChunks(ctx context.Context, chunks []corpus.Chunk, e embed.Embedder, p *progress) (map[string][]float32, error) {
	defer p.Done()
	dims := e.Dimensions()
	out := make(map[string][]float32, len(chunks))
	for start := 0; start < len(chunks); start += embedBatch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch := chunks[start:min(start+embedBatch, len(chunks))]
		texts := make([]string, len(batch))
		for i, c := range batch {
			if _, ok := parseHash(c.Hash); !ok {
				return nil, fmt.Errorf("chunk %q: hash %q is not a hex sha256", c.ID, c.Hash)
			}
			texts[i] = embedText(c)
		}
		vecs, err := e.EmbedDocuments(ctx, texts)
		if err != nil {
			return nil, fmt.Errorf("embed chunks %d-%d: %w", start+1, start+len(batch), err)
		}
		if len(vecs) != len(batch) {
			return nil, fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), len(batch))
		}
		for i, v := range vecs {
			if len(v) != dims {
				return nil, fmt.Errorf("embedder returned %d dimensions for chunk %q, want %d", len(v), batch[i].ID, dims)
			}
			out[batch[i].Hash] = v
		}
		p.Add(len(batch))
	}
	return out, nil
}

// embedText is the text a chunk's vector is computed from; corpus.Chunk.Hash
// is its sha256.
func embedText(c corpus.Chunk) string {
	return c.EmbedText()
}

// checkEmbedder refuses a bundle whose vectors come from another model than e.
func (b *Bundle) checkEmbedder(e embed.Embedder) error {
	m := b.Manifest
	if m.Model != e.ModelID() {
		return fmt.Errorf("%w: bundle built with model %q, docseek is using %q (rebuild with `docseek bundle build` or start with --reembed)", ErrBundleMismatch, m.Model, e.ModelID())
	}
	if m.Dimensions != e.Dimensions() {
		return fmt.Errorf("%w: bundle has %d dimensions, model %q gives %d", ErrBundleMismatch, m.Dimensions, e.ModelID(), e.Dimensions())
	}
	if w := weightsOf(e); w != "" && m.WeightsSHA256 != "" && w != m.WeightsSHA256 {
		return fmt.Errorf("%w: bundle built from weights sha256 %s, the model has %s (rebuild with `docseek bundle build` or start with --reembed)", ErrBundleMismatch, shortHash(m.WeightsSHA256), shortHash(w))
	}
	return nil
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// Verify checks that the bundle fits the corpus and the embedder: same
// model, dimensions and weights, same chunker version, corpus name and
// version (an error wrapping ErrBundleMismatch otherwise), and a vector for
// every chunk of c (an error naming how many are missing otherwise).
func (b *Bundle) Verify(c *corpus.Corpus, e embed.Embedder) error {
	if err := b.checkEmbedder(e); err != nil {
		return err
	}
	m := b.Manifest
	if m.ChunkerVersion != corpus.ChunkerVersion {
		return fmt.Errorf("%w: bundle built with chunker version %d, this docseek chunks with version %d (rebuild with `make bundles`)", ErrBundleMismatch, m.ChunkerVersion, corpus.ChunkerVersion)
	}
	if m.Corpus != c.Name || m.CorpusVersion != c.Version {
		return fmt.Errorf("%w: bundle is for corpus %s %s, not %s %s", ErrBundleMismatch, m.Corpus, m.CorpusVersion, c.Name, c.Version)
	}
	if m.Integrity != "" && c.Integrity != "" && m.Integrity != c.Integrity {
		return fmt.Errorf("%w: bundle is for corpus package integrity %s, the corpus has %s", ErrBundleMismatch, m.Integrity, c.Integrity)
	}
	var missing []string
	n := 0
	for _, ch := range distinctByHash(c.Chunks) {
		if key, ok := parseHash(ch.Hash); ok {
			if _, ok := b.index[key]; ok {
				continue
			}
		}
		n++
		if len(missing) < 5 {
			missing = append(missing, fmt.Sprintf("%q", ch.ID))
		}
	}
	if n > 0 {
		return fmt.Errorf("bundle lacks vectors for %d of %d distinct chunks of %s %s, e.g. %s (rebuild with `make bundles`)",
			n, len(distinctByHash(c.Chunks)), c.Name, c.Version, strings.Join(missing, ", "))
	}
	return nil
}

// float32ToHalf converts f to IEEE 754 binary16, rounding to nearest even;
// values beyond the half range become infinities.
func float32ToHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int32(b>>23&0xff) - 127 + 15
	mant := b & 0x7fffff
	switch {
	case b&0x7fffffff == 0:
		return sign
	case b>>23&0xff == 0xff: // infinity or NaN
		if mant != 0 {
			return sign | 0x7e00
		}
		return sign | 0x7c00
	case exp >= 0x1f:
		return sign | 0x7c00
	case exp <= 0: // a half subnormal (or zero)
		if exp < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint32(14 - exp)
		half := uint16(mant >> shift)
		rem, halfway := mant&(1<<shift-1), uint32(1)<<(shift-1)
		if rem > halfway || (rem == halfway && half&1 == 1) {
			half++
		}
		return sign | half
	default:
		half := uint16(exp)<<10 | uint16(mant>>13)
		rem := mant & 0x1fff
		if rem > 0x1000 || (rem == 0x1000 && half&1 == 1) {
			half++ // a carry into the exponent is the right result
		}
		return sign | half
	}
}

// halfToFloat32 converts an IEEE 754 binary16 value to float32 exactly.
func halfToFloat32(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h & 0x3ff)
	switch exp {
	case 0:
		f := float32(mant) / (1 << 24)
		if sign != 0 {
			f = -f
		}
		return f
	case 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+112)<<23 | mant<<13)
}
