package bundles

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

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
	if e.Documents() != 20 {
		t.Errorf("embedded %d texts, want 20 (duplicates embedded once)", e.Documents())
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
			e.Fail(tt.fail)
			_, err := Build(context.Background(), tt.chunks, e, testManifest(), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, makeStoreChunks(3), newVecEmbedder(), testManifest(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

func TestBundleVerify(t *testing.T) {
	chunks := makeStoreChunks(12)
	e := newVecEmbedder()
	e.Weights = "aaaa"
	b := buildTestBundle(t, chunks, e, EncodingInt8)

	changed := makeStoreChunks(12)
	for _, i := range []int{2, 7} {
		changed[i].Text += " Edited."
		rehash(&changed[i])
	}
	otherModel := newVecEmbedder()
	otherModel.Weights, otherModel.Model = "aaaa", "test/other"
	otherDims := newVecEmbedder()
	otherDims.Weights, otherDims.Dims = "aaaa", 8
	otherWeights := newVecEmbedder()
	otherWeights.Weights = "bbbb"
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
			if got := errors.Is(err, ErrMismatch); got != tt.mismatch {
				t.Errorf("errors.Is(err, ErrMismatch) = %v, want %v", got, tt.mismatch)
			}
		})
	}
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
			got, err := Update(context.Background(), prev, changed, e, m, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e.Documents() != 3 {
				t.Errorf("embedded %d chunks, want 3 (one changed, two new)", e.Documents())
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
		got, err := Update(context.Background(), prev, chunks, newVecEmbedder(), m, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bundleBytes(t, got), bundleBytes(t, prev)) {
			t.Errorf("rebuilding an up-to-date bundle changed it (built %v, was %v)", got.Manifest.Built, prev.Manifest.Built)
		}
	})
	other := newVecEmbedder()
	other.Model = "test/other"
	prev := buildTestBundle(t, chunks, other, EncodingInt8)
	if _, err := Update(context.Background(), prev, chunks, newVecEmbedder(), testManifest(), nil); !errors.Is(err, ErrMismatch) {
		t.Errorf("previous bundle of another model: err = %v, want ErrMismatch", err)
	}
}

func TestReusable(t *testing.T) {
	dir := t.TempDir()
	chunks := makeStoreChunks(8)
	path := filepath.Join(dir, "b.dsb")
	if b, err := reusable(path, newVecEmbedder()); b != nil || err != nil {
		t.Errorf("no file: reusable = %v, %v; want nil, nil", b, err)
	}
	if err := Write(path, buildTestBundle(t, chunks, newVecEmbedder(), EncodingInt8)); err != nil {
		t.Fatal(err)
	}
	if b, err := reusable(path, newVecEmbedder()); b == nil || err != nil || b.Len() != len(chunks) {
		t.Errorf("same model: reusable = %v, %v; want the bundle", b, err)
	}
	other := newVecEmbedder()
	other.Model = "test/other"
	if b, err := reusable(path, other); b != nil || !errors.Is(err, ErrMismatch) {
		t.Errorf("another model: reusable = %v, %v; want nil, ErrMismatch", b, err)
	}
	if err := os.WriteFile(path, []byte("not a bundle"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := reusable(path, newVecEmbedder()); b != nil || err == nil {
		t.Errorf("a damaged file: reusable = %v, %v; want an error", b, err)
	}
}
