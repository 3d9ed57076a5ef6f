package bundles

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/docseek/docseek/corpus"
)

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
			if err := Write(path, b); err != nil {
				t.Fatal(err)
			}
			got, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			want := testManifest()
			want.FormatVersion, want.Model, want.Dimensions, want.ChunkerVersion = formatVersion, e.Model, e.Dims, corpus.ChunkerVersion
			want.Encoding, want.Count = enc, len(chunks)
			if diff := cmp.Diff(want, got.Manifest); diff != "" {
				t.Errorf("manifest (-want +got):\n%s", diff)
			}
			for _, c := range chunks {
				v, ok := got.Vector(c.Hash)
				if !ok {
					t.Fatalf("no vector for %q", c.ID)
				}
				if diff := cmp.Diff(e.Vector(c.EmbedText()), v, cmpopts.EquateApprox(0, tolerance[enc])); diff != "" {
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
			_, err := Read(bytes.NewReader(tt.data))
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to mention %q", err, tt.want)
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

func FuzzReadBundle(f *testing.F) {
	for _, enc := range []Encoding{EncodingInt8, EncodingFloat16, EncodingFloat32} {
		data := bundleBytes(f, buildTestBundle(f, makeStoreChunks(3), newVecEmbedder(), enc))
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		// As given (the checksum almost always rejects it), and resealed so
		// the parser behind the checksum sees the damage too.
		inputs := [][]byte{data}
		if len(data) >= hashLen {
			inputs = append(inputs, reseal(data))
		}
		for _, in := range inputs {
			b, err := Read(bytes.NewReader(in))
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("error does not wrap ErrCorrupt: %v", err)
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
			if _, err := Read(&buf); err != nil {
				t.Fatalf("re-encoded bundle does not read back: %v", err)
			}
		}
	})
}

func ExampleBuild() {
	chunks := makeStoreChunks(3)
	b, err := Build(context.Background(), chunks, newVecEmbedder(), Manifest{Corpus: "fixture", CorpusVersion: "1.0.0"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if _, err := b.WriteTo(&file); err != nil {
		fmt.Println(err)
		return
	}
	read, err := Read(&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, ok := read.Vector(chunks[0].Hash)
	fmt.Println(read.Manifest.Model, read.Manifest.Encoding, read.Len(), len(v), ok)
	// Output: test/fake-minilm int8 3 16 true
}

// BenchmarkReadBundle measures loading a bundle at start (checksum, parse,
// index), for corpus sizes around the WorkOS docs with 384 dimensions.
func BenchmarkReadBundle(b *testing.B) {
	for _, n := range []int{1000, 6000} {
		for _, enc := range []Encoding{EncodingInt8, EncodingFloat16} {
			e := newVecEmbedder()
			e.Dims = 384
			data := bundleBytes(b, buildTestBundle(b, makeStoreChunks(n), e, enc))
			b.Run(fmt.Sprintf("%s/n=%d", enc, n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := Read(bytes.NewReader(data)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
