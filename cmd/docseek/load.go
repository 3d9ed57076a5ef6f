package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/docseek/docseek/corpus"
)

// loadCorpus loads the corpus the common flags name: the --docs folder (with
// --base-url), else the WorkOS docs of --corpus-version, synced into the data
// dir first when absent.
func loadCorpus(ctx context.Context, cf *commonFlags, logger *slog.Logger) (*corpus.Corpus, error) {
	if cf.Docs != "" {
		abs, err := filepath.Abs(cf.Docs)
		if err != nil {
			return nil, fmt.Errorf("docs folder %q: %w", cf.Docs, err)
		}
		c, err := corpus.Load(ctx, abs, corpus.Options{BaseURL: cf.BaseURL})
		if err != nil {
			return nil, err
		}
		logWarnings(logger, c)
		return c, nil
	}
	dataDir, err := cf.dataDir()
	if err != nil {
		return nil, err
	}
	version := cf.CorpusVersion
	if version == "" {
		version = defaultCorpusVersion
	}
	dir, err := corpus.SyncNPM(ctx, corpus.NPMConfig{DataDir: dataDir, Version: version, Logger: logger})
	if err != nil {
		return nil, err
	}
	integrity, _ := corpus.Integrity(version)
	baseURL := cf.BaseURL
	if baseURL == "" {
		baseURL = corpus.DefaultBaseURL
	}
	c, err := corpus.Load(ctx, dir, corpus.Options{Name: "workos", Version: version, Integrity: integrity, BaseURL: baseURL})
	if err != nil {
		return nil, err
	}
	logWarnings(logger, c)
	return c, nil
}

func logWarnings(logger *slog.Logger, c *corpus.Corpus) {
	for _, w := range c.Warnings {
		logger.Warn("corpus", "file", w)
	}
	logger.Debug("corpus loaded", "name", c.Name, "version", c.Version, "pages", len(c.Pages), "chunks", len(c.Chunks))
}
