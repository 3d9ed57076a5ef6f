// Package corpustest is docseek's test kit for chunk sets: synthetic chunks
// of any size for the store and bundle tests, whose hashes follow the corpus
// rule (sha256 of corpus.Chunk.EmbedText), and the real WorkOS docs when
// they are synced. Tests of search quality load fixture folders with
// corpus.Load instead. Only tests import it.
package corpustest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/internal/realdata"
)

// Chunks returns n small chunks over a few pages and three products, each
// with a distinct text and its content hash.
func Chunks(n int) []corpus.Chunk {
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
		Rehash(&c)
		chunks[i] = c
	}
	return chunks
}

// Rehash sets c.Hash after a test edits c's text or headings.
func Rehash(c *corpus.Chunk) {
	sum := sha256.Sum256([]byte(c.EmbedText()))
	c.Hash = hex.EncodeToString(sum[:])
}

// Real loads the synced WorkOS docs of a version as the server names them
// ("workos", the WorkOS base URL). When they are absent it skips tb, or
// fails it under DOCSEEK_REQUIRE_DATA=1 (see realdata.Find).
func Real(tb testing.TB, version string) *corpus.Corpus {
	tb.Helper()
	dir := realdata.CorpusDir(tb, version, corpus.Synced, corpus.CorpusDir)
	c, err := corpus.Load(context.Background(), dir, corpus.Options{Name: "workos", Version: version, BaseURL: corpus.DefaultBaseURL})
	if err != nil {
		tb.Fatalf("load the WorkOS docs %s: %v", version, err)
	}
	return c
}

// Load loads a committed fixture folder of our own docs through
// corpus.Load, so its slugs, breadcrumbs, chunks and hashes are the
// chunker's, failing tb when it does not load (a broken checkout).
func Load(tb testing.TB, dir string, opts corpus.Options) *corpus.Corpus {
	tb.Helper()
	c, err := corpus.Load(context.Background(), dir, opts)
	if err != nil {
		tb.Fatalf("load the fixture docs %s: %v", dir, err)
	}
	return c
}
