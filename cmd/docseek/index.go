package main

import (
	"context"
	"log/slog"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/retrieval"
)

// openCatalog opens every library the flags name (with vectors unless
// lexicalOnly) and waits until they are loaded.
func openCatalog(ctx context.Context, cf *commonFlags, lexicalOnly bool, logger *slog.Logger, s stdio) (*catalog.Catalog, error) {
	cfg, err := cf.catalogConfig(logger, s.err)
	if err != nil {
		return nil, err
	}
	cfg.LexicalOnly = lexicalOnly
	cat, err := catalog.New(cfg)
	if err != nil {
		return nil, usagef("%v", err)
	}
	if err := cat.Load(ctx); err != nil {
		return nil, err
	}
	return cat, nil
}

// loadCorpus loads the docs of the first library the flags name.
func loadCorpus(ctx context.Context, cf *commonFlags, logger *slog.Logger) (*corpus.Corpus, error) {
	cfg, err := cf.catalogConfig(logger, nil)
	if err != nil {
		return nil, err
	}
	return catalog.LoadCorpus(ctx, cfg)
}

// newEmbedder builds the embedder the flags ask for.
func newEmbedder(ctx context.Context, cf *commonFlags, logger *slog.Logger) (embed.Embedder, error) {
	dataDir, err := cf.dataDir()
	if err != nil {
		return nil, err
	}
	cfg, err := cf.catalogConfig(logger, nil)
	if err != nil {
		return nil, err
	}
	e, err := catalog.NewEmbedder(ctx, dataDir, cfg.Embedder, logger)
	return e, configUsage("--", err)
}

// checkMode validates a --mode flag.
func checkMode(m string) (retrieval.Mode, error) {
	mode, err := retrieval.ParseMode(m)
	if err != nil {
		return "", usagef("--%v", err)
	}
	return mode, nil
}
