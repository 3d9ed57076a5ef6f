package retrieval

import (
	"context"
	"testing"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/embed/embedtest"
)

// newFakeEmbedder is the test kit's embedder as the retrieval tests use it:
// words and their trigrams in 64 dimensions, stop words left out.
func newFakeEmbedder() *embedtest.Embedder {
	return &embedtest.Embedder{Skip: isStopWord}
}

const fixtureBase = "https://docs.example.com"

// fixtureCorpus loads testdata/search, a small docs set of our own with the
// traps of the real one: identifiers in every spelling, a page duplicated
// verbatim (pipes/index, authkit/pipes), a long page, reference pages of a
// product, nested sections, anchors set by heading attributes, and three
// changelog entries. It goes through corpus.Load, so its slugs, breadcrumbs,
// chunks and hashes are the chunker's own. Each section's text spans two
// lines so that the chunker keeps it as a chunk of its own rather than
// merging it into its parent as a one-line stub.
func fixtureCorpus(t testing.TB) *corpus.Corpus {
	t.Helper()
	return corpustest.Load(t, "testdata/search", corpus.Options{Name: "fixture", Version: "test", BaseURL: fixtureBase})
}

// openFixture opens an index over the fixture corpus with a fake embedder.
func openFixture(t testing.TB, cfg Config) (*Index, *embedtest.Embedder) {
	t.Helper()
	emb := newFakeEmbedder()
	if cfg.Embedder == nil && !cfg.LexicalOnly {
		cfg.Embedder = emb
	}
	ix, err := Open(context.Background(), fixtureCorpus(t), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return ix, emb
}
