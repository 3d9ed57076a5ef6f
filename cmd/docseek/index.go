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
	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/retrieval"
)

// openIndex loads the corpus and the embedder side by side (each takes a few
// hundred milliseconds) and opens the search index over them. The collection
// persists under DATA/index/<corpus>-<version>-<model>/; chunks the committed
// bundle lacks are embedded live, with progress on stderr.
func openIndex(ctx context.Context, cf *commonFlags, logger *slog.Logger, s stdio) (*retrieval.Index, error) {
	waitEmbedder := startEmbedder(ctx, cf, logger)
	c, err := loadCorpus(ctx, cf, logger)
	e, eerr := waitEmbedder()
	if err != nil {
		return nil, err
	}
	if eerr != nil {
		return nil, eerr
	}
	return openIndexWith(ctx, c, e, cf, logger, s)
}

// startEmbedder loads the embedder in the background. The returned function
// waits for it; callers must call it exactly once.
func startEmbedder(ctx context.Context, cf *commonFlags, logger *slog.Logger) func() (embed.Embedder, error) {
	type result struct {
		e   embed.Embedder
		err error
	}
	ch := make(chan result, 1)
	go func() {
		e, err := newEmbedder(ctx, cf, logger)
		ch <- result{e, err}
	}()
	return func() (embed.Embedder, error) {
		r := <-ch
		return r.e, r.err
	}
}

// openIndexOver opens the full (vector and lexical) index over a loaded
// corpus.
func openIndexOver(ctx context.Context, c *corpus.Corpus, cf *commonFlags, logger *slog.Logger, s stdio) (*retrieval.Index, error) {
	e, err := newEmbedder(ctx, cf, logger)
	if err != nil {
		return nil, err
	}
	return openIndexWith(ctx, c, e, cf, logger, s)
}

// openIndexWith opens the full index over a loaded corpus and embedder.
func openIndexWith(ctx context.Context, c *corpus.Corpus, e embed.Embedder, cf *commonFlags, logger *slog.Logger, s stdio) (*retrieval.Index, error) {
	rc, err := indexConfig(c, e, cf, logger, s)
	if err != nil {
		return nil, err
	}
	return retrieval.Open(ctx, c, rc)
}

// indexConfig is the retrieval config of the full index: the embedder, the
// committed bundle and the persisted collection of this corpus and model.
func indexConfig(c *corpus.Corpus, e embed.Embedder, cf *commonFlags, logger *slog.Logger, s stdio) (retrieval.Config, error) {
	b, err := committedBundle(c, cf)
	if err != nil {
		return retrieval.Config{}, err
	}
	if b == nil {
		logger.Info("no committed bundle for this corpus and model; chunks are embedded live once and persisted",
			"corpus", c.Name, "version", c.Version, "model", bundleModel(cf))
	}
	dataDir, err := cf.dataDir()
	if err != nil {
		return retrieval.Config{}, err
	}
	key := indexKey(c, cf)
	return retrieval.Config{
		Embedder:  e,
		Bundle:    b,
		Reembed:   cf.Reembed,
		DataDir:   filepath.Join(dataDir, "index", key),
		CorpusKey: key,
		Logger:    logger,
		Progress:  s.err,
	}, nil
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
