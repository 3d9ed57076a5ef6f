package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// vecEmbedder is a deterministic fake embedder: each text maps to a unit
// vector derived from its sha256. It counts the texts it embeds.
type vecEmbedder struct {
	model   string
	dims    int
	weights string // "" = does not implement WeightsSHA256

	mu      sync.Mutex
	docs    int // texts embedded by EmbedDocuments
	queries int
	fail    error // returned by EmbedDocuments when set
}

var _ embed.Embedder = (*vecEmbedder)(nil)

func newVecEmbedder() *vecEmbedder {
	return &vecEmbedder{model: "test/fake-minilm", dims: 16}
}

func (e *vecEmbedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail != nil {
		return nil, e.fail
	}
	e.docs += len(texts)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = fakeVector(t, e.dims)
	}
	return out, nil
}

func (e *vecEmbedder) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	e.mu.Lock()
	e.queries++
	e.mu.Unlock()
	return fakeVector(text, e.dims), nil
}

func (e *vecEmbedder) ModelID() string    { return e.model }
func (e *vecEmbedder) Dimensions() int    { return e.dims }
func (e *vecEmbedder) embedded() int      { e.mu.Lock(); defer e.mu.Unlock(); return e.docs }
func (e *vecEmbedder) queried() int       { e.mu.Lock(); defer e.mu.Unlock(); return e.queries }
func (e *vecEmbedder) resetCounts()       { e.mu.Lock(); defer e.mu.Unlock(); e.docs, e.queries = 0, 0 }
func (e *vecEmbedder) failWith(err error) { e.mu.Lock(); defer e.mu.Unlock(); e.fail = err }

// weightedEmbedder adds WeightsSHA256 to vecEmbedder.
type weightedEmbedder struct{ *vecEmbedder }

func (e weightedEmbedder) WeightsSHA256() string { return e.weights }

func fakeVector(text string, dims int) []float32 {
	v := make([]float32, dims)
	seed := sha256.Sum256([]byte(text))
	for i := range v {
		b := sha256.Sum256(append(seed[:], byte(i), byte(i>>8)))
		v[i] = float32(int32(binary.LittleEndian.Uint32(b[:]))) / math.MaxInt32
	}
	normalize(v)
	return v
}

// makeStoreChunks returns n small chunks over a few pages, with hashes as the
// corpus computes them.
func makeStoreChunks(n int) []corpus.Chunk {
	chunks := make([]corpus.Chunk, n)
	for i := range chunks {
		page := fmt.Sprintf("product%d/page%d", i%3, i/4)
		anchor := fmt.Sprintf("section-%d", i%4)
		c := corpus.Chunk{
			ID:         page + "#" + anchor,
			Path:       page,
			Anchor:     anchor,
			Section:    fmt.Sprintf("Section %d", i%4),
			Breadcrumb: []string{fmt.Sprintf("Page %d", i/4), fmt.Sprintf("Section %d", i%4)},
			Title:      fmt.Sprintf("Page %d", i/4),
			URL:        "https://example.com/docs/" + page + "#" + anchor,
			Kind:       corpus.KindDoc,
			Product:    fmt.Sprintf("product%d", i%3),
			Text:       fmt.Sprintf("Chunk %d explains how widget %d connects to gadget %d.", i, i*7, i*13),
			Part:       1,
			Parts:      1,
		}
		rehash(&c)
		chunks[i] = c
	}
	return chunks
}

func rehash(c *corpus.Chunk) {
	sum := sha256.Sum256([]byte(embedText(*c)))
	c.Hash = hex.EncodeToString(sum[:])
}

func testManifest() Manifest {
	return Manifest{
		Corpus: "fixture", Package: "@example/docs", CorpusVersion: "1.0.0",
		Integrity: "sha512-abc", Built: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

func testCorpus(chunks []corpus.Chunk) *corpus.Corpus {
	return &corpus.Corpus{Name: "fixture", Version: "1.0.0", Integrity: "sha512-abc", Chunks: chunks}
}

func buildTestBundle(t testing.TB, chunks []corpus.Chunk, e embed.Embedder, enc Encoding) *Bundle {
	t.Helper()
	m := testManifest()
	m.Encoding = enc
	b, err := BuildBundle(context.Background(), chunks, e, m, nil)
	if err != nil {
		t.Fatalf("BuildBundle: %v", err)
	}
	return b
}

func bundleBytes(t testing.TB, b *Bundle) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	return buf.Bytes()
}

// tolerance is the largest component error each encoding may introduce on
// unit vectors of 16 dimensions.
var tolerance = map[Encoding]float64{EncodingInt8: 0.01, EncodingFloat16: 0.001, EncodingFloat32: 1e-6}

func TestBundleRoundTrip(t *testing.T) {
	chunks := makeStoreChunks(50)
	for _, enc := range []Encoding{EncodingInt8, EncodingFloat16, EncodingFloat32} {
		t.Run(string(enc), func(t *testing.T) {
			e := newVecEmbedder()
			b := buildTestBundle(t, chunks, e, enc)
			path := filepath.Join(t.TempDir(), "sub", "x.dsb")
			if err := WriteBundle(path, b); err != nil {
				t.Fatal(err)
			}
			got, err := LoadBundle(path)
			if err != nil {
				t.Fatal(err)
			}
			want := testManifest()
			want.FormatVersion, want.Model, want.Dimensions, want.ChunkerVersion = bundleFormatVersion, e.model, e.dims, corpus.ChunkerVersion
			want.Encoding, want.Count = enc, len(chunks)
			if diff := cmp.Diff(want, got.Manifest); diff != "" {
				t.Errorf("manifest (-want +got):\n%s", diff)
			}
			for _, c := range chunks {
				v, ok := got.Vector(c.Hash)
				if !ok {
					t.Fatalf("no vector for %q", c.ID)
				}
				if diff := cmp.Diff(fakeVector(embedText(c), e.dims), v, cmpopts.EquateApprox(0, tolerance[enc])); diff != "" {
					t.Fatalf("vector of %q (-want +got):\n%s", c.ID, diff)
				}
			}
			if !bytes.Equal(bundleBytes(t, got), bundleBytes(t, b)) {
				t.Error("re-encoding a read bundle changed its bytes")
			}
			if _, ok := got.Vector(strings.Repeat("0", 64)); ok {
				t.Error("Vector found an absent hash")
			}
			if _, ok := got.Vector("not-a-hash"); ok {
				t.Error("Vector found a malformed hash")
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("WriteBundle left %d files, want 1", len(entries))
			}
		})
	}
}

func TestBundleSize(t *testing.T) {
	chunks := makeStoreChunks(10)
	for enc, perDim := range map[Encoding]int{EncodingInt8: 1, EncodingFloat16: 2, EncodingFloat32: 4} {
		b := buildTestBundle(t, chunks, newVecEmbedder(), enc)
		data := bundleBytes(t, b)
		mlen := int(binary.LittleEndian.Uint32(data[12:]))
		extra := 0
		if enc == EncodingInt8 {
			extra = 4
		}
		if want := headerLen + mlen + 10*(32+16*perDim+extra) + 32; len(data) != want {
			t.Errorf("%s: %d bytes, want %d", enc, len(data), want)
		}
		for _, c := range chunks {
			if bytes.Contains(data, []byte(c.Text)) {
				t.Fatalf("%s: bundle contains chunk text", enc)
			}
		}
	}
}

func TestBuildBundleDedup(t *testing.T) {
	chunks := makeStoreChunks(20)
	dup := chunks[3]
	dup.ID = "elsewhere/page#same-text"
	chunks = append(chunks, dup, dup)
	e := newVecEmbedder()
	b := buildTestBundle(t, chunks, e, EncodingInt8)
	if b.Len() != 20 || b.Manifest.Count != 20 {
		t.Errorf("bundle holds %d vectors (manifest %d), want 20", b.Len(), b.Manifest.Count)
	}
	if e.embedded() != 20 {
		t.Errorf("embedded %d texts, want 20 (duplicates embedded once)", e.embedded())
	}
}

func TestBuildBundleErrors(t *testing.T) {
	bad := makeStoreChunks(3)
	bad[1].Hash = "xyz"
	tests := []struct {
		name   string
		chunks []corpus.Chunk
		fail   error
		want   string
	}{
		{"bad hash", bad, nil, "not a hex sha256"},
		{"embedder fails", makeStoreChunks(3), errors.New("boom"), "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newVecEmbedder()
			e.failWith(tt.fail)
			_, err := BuildBundle(context.Background(), tt.chunks, e, testManifest(), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BuildBundle(ctx, makeStoreChunks(3), newVecEmbedder(), testManifest(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

// reseal replaces the trailing checksum so a damaged body reaches the parser.
func reseal(data []byte) []byte {
	out := bytes.Clone(data)
	sum := sha256.Sum256(out[:len(out)-hashLen])
	copy(out[len(out)-hashLen:], sum[:])
	return out
}

func TestReadBundleCorrupt(t *testing.T) {
	good := bundleBytes(t, buildTestBundle(t, makeStoreChunks(5), newVecEmbedder(), EncodingInt8))
	mlen := int(binary.LittleEndian.Uint32(good[12:]))
	entries := headerLen + mlen
	entryLen := hashLen + 4 + 16
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	setManifest := func(old, new string) []byte {
		b := bytes.Replace(good[:len(good)-hashLen], []byte(old), []byte(new), 1)
		binary.LittleEndian.PutUint32(b[12:], uint32(mlen+len(new)-len(old)))
		return reseal(append(b, make([]byte, hashLen)...))
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"header only", good[:headerLen], "truncated"},
		{"truncated by one", good[:len(good)-1], "checksum"},
		{"truncated mid entry", good[:entries+10], "checksum"},
		{"flipped bit in vector", edit(func(b []byte) []byte { b[entries+40] ^= 1; return b }), "checksum"},
		{"flipped bit in checksum", edit(func(b []byte) []byte { b[len(b)-1] ^= 1; return b }), "checksum"},
		{"bad magic", reseal(edit(func(b []byte) []byte { b[0] = 'X'; return b })), "magic"},
		{"future format", reseal(edit(func(b []byte) []byte { b[8] = 2; return b })), "format version 2"},
		{"huge manifest length", reseal(edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[12:], 1<<31); return b })), "manifest length"},
		{"manifest not json", reseal(edit(func(b []byte) []byte { b[headerLen] = '['; return b })), "manifest"},
		{"unknown encoding", setManifest(`"encoding":"int8"`, `"encoding":"int4"`), "unknown encoding"},
		{"zero dimensions", setManifest(`"dimensions":16`, `"dimensions":0`), "dimensions 0"},
		{"count too large", setManifest(`"count":5`, `"count":6`), "do not hold"},
		{"count negative", setManifest(`"count":5`, `"count":-5`), "do not hold"},
		{"extra bytes", reseal(append(bytes.Clone(good[:len(good)-hashLen]), append(make([]byte, 7), make([]byte, hashLen)...)...)), "do not hold"},
		{"keys out of order", reseal(edit(func(b []byte) []byte {
			first := bytes.Clone(b[entries : entries+entryLen])
			copy(b[entries:], b[entries+entryLen:entries+2*entryLen])
			copy(b[entries+entryLen:], first)
			return b
		})), "ascending"},
		{"NaN scale", reseal(edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[entries+hashLen:], math.Float32bits(float32(math.NaN())))
			return b
		})), "bad scale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBundle(bytes.NewReader(tt.data))
			if !errors.Is(err, ErrBundleCorrupt) {
				t.Fatalf("err = %v, want ErrBundleCorrupt", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestBundleVerify(t *testing.T) {
	chunks := makeStoreChunks(12)
	e := weightedEmbedder{newVecEmbedder()}
	e.weights = "aaaa"
	b := buildTestBundle(t, chunks, e, EncodingInt8)

	changed := makeStoreChunks(12)
	for _, i := range []int{2, 7} {
		changed[i].Text += " Edited."
		rehash(&changed[i])
	}
	otherModel := weightedEmbedder{newVecEmbedder()}
	otherModel.weights, otherModel.model = "aaaa", "test/other"
	otherDims := weightedEmbedder{newVecEmbedder()}
	otherDims.weights, otherDims.dims = "aaaa", 8
	otherWeights := weightedEmbedder{newVecEmbedder()}
	otherWeights.weights = "bbbb"
	withChunker := func(v int) *Bundle { c := *b; c.Manifest.ChunkerVersion = v; return &c }
	otherVersion := testCorpus(chunks)
	otherVersion.Version = "2.0.0"

	tests := []struct {
		name     string
		b        *Bundle
		c        *corpus.Corpus
		e        embed.Embedder
		mismatch bool
		want     string // substring of the error; "" = no error
	}{
		{"ok", b, testCorpus(chunks), e, false, ""},
		{"ok without weights", b, testCorpus(chunks), newVecEmbedder(), false, ""},
		{"other model", b, testCorpus(chunks), otherModel, true, `model "test/fake-minilm"`},
		{"other dimensions", b, testCorpus(chunks), otherDims, true, "16 dimensions"},
		{"other weights", b, testCorpus(chunks), otherWeights, true, "weights"},
		{"other chunker", withChunker(corpus.ChunkerVersion + 1), testCorpus(chunks), e, true, "chunker version"},
		{"other corpus version", b, otherVersion, e, true, "corpus fixture 1.0.0"},
		{"changed chunks", b, testCorpus(changed), e, false, `lacks vectors for 2 of 12 distinct chunks of fixture 1.0.0, e.g. "product2/page0#section-2", "product1/page1#section-3"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.b.Verify(tt.c, tt.e)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if got := errors.Is(err, ErrBundleMismatch); got != tt.mismatch {
				t.Errorf("errors.Is(err, ErrBundleMismatch) = %v, want %v", got, tt.mismatch)
			}
		})
	}
}

func TestBundleEncode(t *testing.T) {
	chunks := makeStoreChunks(30)
	ref := buildTestBundle(t, chunks, newVecEmbedder(), EncodingFloat32)
	direct := buildTestBundle(t, chunks, newVecEmbedder(), EncodingInt8)
	got, err := ref.Encode(EncodingInt8)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bundleBytes(t, got), bundleBytes(t, direct)) {
		t.Error("float32 bundle re-encoded as int8 differs from an int8 build")
	}
	if _, err := ref.Encode("int4"); err == nil {
		t.Error("Encode accepted an unknown encoding")
	}
}

func TestFloat16(t *testing.T) {
	// Every half value except NaNs survives a trip through float32.
	for h := range 1 << 16 {
		f := halfToFloat32(uint16(h))
		if math.IsNaN(float64(f)) {
			continue
		}
		if got := float32ToHalf(f); got != uint16(h) {
			t.Fatalf("half %#04x -> %v -> %#04x", h, f, got)
		}
	}
	tests := []struct {
		in   float32
		want uint16
	}{
		{0, 0},
		{float32(math.Copysign(0, -1)), 0x8000},
		{1, 0x3c00},
		{-2, 0xc000},
		{65504, 0x7bff}, // largest half
		{65520, 0x7c00}, // rounds up to infinity
		{1e10, 0x7c00},  // overflow
		{float32(math.Inf(-1)), 0xfc00},
		{1 + 1.0/2048, 0x3c00},          // tie rounds to even (down)
		{1 + 3.0/2048, 0x3c02},          // tie rounds to even (up)
		{5.960464477539063e-08, 0x0001}, // smallest subnormal
		{2.9e-08, 0x0000},               // below half of it
		{6.097555160522461e-05, 0x03ff}, // largest subnormal
	}
	for _, tt := range tests {
		if got := float32ToHalf(tt.in); got != tt.want {
			t.Errorf("float32ToHalf(%v) = %#04x, want %#04x", tt.in, got, tt.want)
		}
	}
	if got := float32ToHalf(float32(math.NaN())); got&0x7c00 != 0x7c00 || got&0x3ff == 0 {
		t.Errorf("float32ToHalf(NaN) = %#04x, want a NaN", got)
	}
}

func FuzzReadBundle(f *testing.F) {
	for _, enc := range []Encoding{EncodingInt8, EncodingFloat16, EncodingFloat32} {
		data := bundleBytes(f, buildTestBundle(f, makeStoreChunks(3), newVecEmbedder(), enc))
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte(bundleMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		// As given (the checksum almost always rejects it), and resealed so
		// the parser behind the checksum sees the damage too.
		inputs := [][]byte{data}
		if len(data) >= hashLen {
			inputs = append(inputs, reseal(data))
		}
		for _, in := range inputs {
			b, err := ReadBundle(bytes.NewReader(in))
			if err != nil {
				if !errors.Is(err, ErrBundleCorrupt) {
					t.Fatalf("error does not wrap ErrBundleCorrupt: %v", err)
				}
				continue
			}
			if b.Len() != b.Manifest.Count {
				t.Fatalf("Len %d, manifest count %d", b.Len(), b.Manifest.Count)
			}
			for _, h := range b.Hashes() {
				v, ok := b.Vector(h)
				if !ok || len(v) != b.Manifest.Dimensions || !finiteVector(v) {
					t.Fatalf("vector %s: ok=%v len=%d", h, ok, len(v))
				}
			}
			var buf bytes.Buffer
			if _, err := b.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadBundle(&buf); err != nil {
				t.Fatalf("re-encoded bundle does not read back: %v", err)
			}
		}
	})
}

func ExampleBuildBundle() {
	chunks := makeStoreChunks(3)
	b, err := BuildBundle(context.Background(), chunks, newVecEmbedder(), Manifest{Corpus: "fixture", CorpusVersion: "1.0.0"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if _, err := b.WriteTo(&file); err != nil {
		fmt.Println(err)
		return
	}
	read, err := ReadBundle(&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, ok := read.Vector(chunks[0].Hash)
	fmt.Println(read.Manifest.Model, read.Manifest.Encoding, read.Len(), len(v), ok)
	// Output: test/fake-minilm int8 3 16 true
}

func TestUpdateBundle(t *testing.T) {
	chunks := makeStoreChunks(30)
	for _, enc := range []Encoding{EncodingInt8, EncodingFloat16, EncodingFloat32} {
		t.Run(string(enc), func(t *testing.T) {
			prev := buildTestBundle(t, chunks, newVecEmbedder(), enc)
			changed := makeStoreChunks(32) // two new chunks
			changed[0].Text = "Rewritten."
			rehash(&changed[0])
			e := newVecEmbedder()
			m := testManifest()
			m.Encoding = enc
			got, err := UpdateBundle(context.Background(), prev, changed, e, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e.embedded() != 3 {
				t.Errorf("embedded %d chunks, want 3 (one changed, two new)", e.embedded())
			}
			want := buildTestBundle(t, changed, newVecEmbedder(), enc)
			if !bytes.Equal(bundleBytes(t, got), bundleBytes(t, want)) {
				t.Error("updated bundle differs from a fresh build")
			}
		})
	}
	t.Run("nothing changed", func(t *testing.T) {
		prev := buildTestBundle(t, chunks, newVecEmbedder(), EncodingInt8)
		m := testManifest()
		m.Built = time.Time{}
		got, err := UpdateBundle(context.Background(), prev, chunks, newVecEmbedder(), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bundleBytes(t, got), bundleBytes(t, prev)) {
			t.Errorf("rebuilding an up-to-date bundle changed it (built %v, was %v)", got.Manifest.Built, prev.Manifest.Built)
		}
	})
	other := newVecEmbedder()
	other.model = "test/other"
	prev := buildTestBundle(t, chunks, other, EncodingInt8)
	if _, err := UpdateBundle(context.Background(), prev, chunks, newVecEmbedder(), testManifest(), nil); !errors.Is(err, ErrBundleMismatch) {
		t.Errorf("previous bundle of another model: err = %v, want ErrBundleMismatch", err)
	}
}

// BenchmarkReadBundle measures loading a bundle at start (checksum, parse,
// index), for corpus sizes around the WorkOS docs with 384 dimensions.
func BenchmarkReadBundle(b *testing.B) {
	for _, n := range []int{1000, 6000} {
		for _, enc := range []Encoding{EncodingInt8, EncodingFloat16} {
			e := newVecEmbedder()
			e.dims = 384
			data := bundleBytes(b, buildTestBundle(b, makeStoreChunks(n), e, enc))
			b.Run(fmt.Sprintf("%s/n=%d", enc, n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := ReadBundle(bytes.NewReader(data)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
