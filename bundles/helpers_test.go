package bundles

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/embed/embedtest"
)

// newVecEmbedder is the test kit's embedder as the bundle tests use it: 16
// dimensions under a model name of its own.
func newVecEmbedder() *embedtest.Embedder {
	return &embedtest.Embedder{Model: "test/fake-minilm", Dims: 16}
}

// makeStoreChunks and rehash are the test kit's synthetic chunks.
var (
	makeStoreChunks = corpustest.Chunks
	rehash          = corpustest.Rehash
)

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
	b, err := Build(context.Background(), chunks, e, m, nil)
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

func finiteVector(v []float32) bool {
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}
