package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// openIndex loads the corpus, the embedder and the committed bundle the
// common flags name, and opens the search index over them. The collection
// persists under DATA/index/<corpus>-<version>-<model>/; chunks the bundle
// lacks are embedded live, with progress on stderr.
func openIndex(ctx context.Context, cf *commonFlags, logger *slog.Logger, s stdio) (*retrieval.Index, error) {
	c, err := loadCorpus(ctx, cf, logger)
	if err != nil {
		return nil, err
	}
	return openIndexOver(ctx, c, cf, logger, s)
}

// openIndexOver opens the full (vector and lexical) index over a loaded
// corpus.
func openIndexOver(ctx context.Context, c *corpus.Corpus, cf *commonFlags, logger *slog.Logger, s stdio) (*retrieval.Index, error) {
	e, err := newEmbedder(ctx, cf, logger)
	if err != nil {
		return nil, err
	}
	b, err := committedBundle(c, cf)
	if err != nil {
		return nil, err
	}
	if b == nil {
		logger.Info("no committed bundle for this corpus and model; chunks are embedded live once and persisted",
			"corpus", c.Name, "version", c.Version, "model", bundleModel(cf))
	}
	dataDir, err := cf.dataDir()
	if err != nil {
		return nil, err
	}
	key := indexKey(c, cf)
	return retrieval.Open(ctx, c, retrieval.Config{
		Embedder:  e,
		Bundle:    b,
		Reembed:   cf.Reembed,
		DataDir:   filepath.Join(dataDir, "index", key),
		CorpusKey: key,
		Logger:    logger,
		Progress:  s.err,
	})
}

// openLexicalIndex loads the corpus and opens an index without vectors: it
// needs no model, and serves fetch, list, and lexical or grep searches.
func openLexicalIndex(ctx context.Context, cf *commonFlags, logger *slog.Logger) (*retrieval.Index, error) {
	c, err := loadCorpus(ctx, cf, logger)
	if err != nil {
		return nil, err
	}
	return retrieval.Open(ctx, c, retrieval.Config{LexicalOnly: true, Logger: logger})
}

// indexKey names the persisted collection of a corpus and model, e.g.
// "workos-0.2.0-all-MiniLM-L6-v2" (file-safe).
func indexKey(c *corpus.Corpus, cf *commonFlags) string {
	return strings.TrimSuffix(bundles.Name(c.Name, c.Version, bundleModel(cf)), bundles.Ext)
}

// needsVectors reports whether a search mode uses embeddings.
func needsVectors(m retrieval.Mode) bool {
	return m == "" || m == retrieval.ModeHybrid || m == retrieval.ModeVector
}

// checkMode validates a --mode flag.
func checkMode(m string) (retrieval.Mode, error) {
	switch mode := retrieval.Mode(m); mode {
	case retrieval.ModeHybrid, retrieval.ModeVector, retrieval.ModeLexical, retrieval.ModeGrep:
		return mode, nil
	}
	return "", usagef("--mode %q: want hybrid, vector, lexical or grep", m)
}

// isNotFound reports whether err is a "did you mean" not-found error.
func isNotFound(err error) (*retrieval.NotFoundError, bool) {
	var nf *retrieval.NotFoundError
	ok := errors.As(err, &nf)
	return nf, ok
}

// linkText renders a navigation link as "Title (path#anchor)".
func linkText(l retrieval.NavLink) string {
	target := l.Path
	if l.Anchor != "" {
		target += "#" + l.Anchor
	}
	if l.Title == "" || l.Title == target {
		return target
	}
	return fmt.Sprintf("%s (%s)", l.Title, target)
}
