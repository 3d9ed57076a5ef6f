package retrieval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// buildTestBundle builds a bundle of chunks with e in the given encoding.
func buildTestBundle(t testing.TB, chunks []corpus.Chunk, e embed.Embedder, enc bundles.Encoding) *bundles.Bundle {
	t.Helper()
	m := bundles.Manifest{
		Corpus: "fixture", Package: "@example/docs", CorpusVersion: "1.0.0",
		Integrity: "sha512-abc", Built: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Encoding: enc,
	}
	b, err := bundles.Build(context.Background(), chunks, e, m, nil)
	if err != nil {
		t.Fatalf("bundles.Build: %v", err)
	}
	return b
}

func bundleBytes(t testing.TB, b *bundles.Bundle) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	return buf.Bytes()
}

// float16Tolerance is the largest component error the float16 encoding may
// introduce on unit vectors of 16 dimensions.
const float16Tolerance = 0.001

// TestOneNotFound: a corpus miss and a retrieval miss are the same sentinel,
// so callers branch on either name.
func TestOneNotFound(t *testing.T) {
	err := fmt.Errorf("page %q: %w", "x", corpus.ErrNotFound)
	if !errors.Is(err, ErrNotFound) || !errors.Is(&NotFoundError{Target: "x"}, corpus.ErrNotFound) {
		t.Error("corpus.ErrNotFound and retrieval.ErrNotFound do not match each other")
	}
}
