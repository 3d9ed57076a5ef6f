// Package corpustest is docseek's test kit for chunk sets: synthetic chunks
// of any size for the store and bundle tests, whose hashes follow the corpus
// rule (sha256 of corpus.Chunk.EmbedText). Tests of search quality load
// real fixture folders with corpus.Load instead. Only tests import it.
package corpustest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/docseek/docseek/corpus"
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
