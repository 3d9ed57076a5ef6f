package main

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/docseek/docseek/catalog"
)

// libraryFlags collects repeated --library values.
type libraryFlags []string

func (l *libraryFlags) String() string { return strings.Join(*l, " ") }

func (l *libraryFlags) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// configUsage makes a catalog.ErrConfig error a usage error, its text after
// prefix; other errors pass through.
func configUsage(prefix string, err error) error {
	if !errors.Is(err, catalog.ErrConfig) {
		return err
	}
	return usagef("%s%s", prefix, strings.TrimPrefix(err.Error(), catalog.ErrConfig.Error()+": "))
}

// catalogConfig turns the common flags (and docseek.yaml) into the
// catalog's config; --library, --docs and --corpus-version choose the
// libraries as catalog.File.Choose says.
func (c *commonFlags) catalogConfig(logger *slog.Logger, progress io.Writer) (catalog.Config, error) {
	var file catalog.File
	path := c.ConfigFile
	if path == "" {
		if _, err := os.Stat(catalog.ConfigFileName); err == nil {
			path = catalog.ConfigFileName
		}
	}
	if path != "" {
		var err error
		if file, err = catalog.ReadFile(path); err != nil {
			return catalog.Config{}, configUsage("", err)
		}
		logger.Debug("config file read", "path", path, "libraries", len(file.Libraries))
	}
	if c.DataDir == "" {
		c.DataDir = file.DataDir
	}
	dataDir, err := c.dataDir()
	if err != nil {
		return catalog.Config{}, err
	}
	libs, err := file.Choose(catalog.Choice{Specs: c.Libraries, Docs: c.Docs, BaseURL: c.BaseURL, WorkOSVersion: c.CorpusVersion})
	if err != nil {
		return catalog.Config{}, configUsage("--library ", err)
	}
	search, err := c.modelSearch(false)
	if err != nil {
		return catalog.Config{}, err
	}
	cfg := catalog.Config{
		DataDir:   dataDir,
		Libraries: libs,
		Docs:      c.docsSearch(),
		Embedder:  c.embedderConfig(),
		Reembed:   c.Reembed,
		Logger:    logger,
		Progress:  reportLibraryProgress(progress, logger),
	}
	cfg.Embedder.Search = search
	if _, err := catalog.New(cfg); err != nil { // names, versions, folders, globs
		return catalog.Config{}, usagef("%v", err)
	}
	return cfg, nil
}

// embedderConfig is the embedder the flags name (without where to look for
// the local model: see modelSearch).
func (c *commonFlags) embedderConfig() catalog.EmbedderConfig {
	return catalog.EmbedderConfig{
		Kind: c.Embedder, Model: c.Model,
		OpenAIBaseURL: c.OpenAIBaseURL, OpenAIKey: c.OpenAIKey, OpenAIModel: c.OpenAIModel,
	}
}
