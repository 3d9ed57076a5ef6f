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
// catalog's config:
//
//   - --library NAME=DIR,... defines a folder library, added to those of
//     the config file;
//   - --library NAME[@VERSION] selects a library of the config file, or the
//     WorkOS docs package ("workos@0.1.0"); once one is selected, only the
//     selected and defined ones are served;
//   - --docs DIR (with --base-url) adds a folder named after DIR;
//   - with none of these, the WorkOS docs at --corpus-version.
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
	var defined, selected []catalog.LibraryConfig
	for _, v := range c.Libraries {
		if strings.Contains(v, "=") {
			l, err := catalog.ParseSpec(v)
			if err != nil {
				return catalog.Config{}, configUsage("--library ", err)
			}
			defined = append(defined, l)
			continue
		}
		l, err := file.Select(v)
		if err != nil {
			return catalog.Config{}, configUsage("--library ", err)
		}
		selected = append(selected, l)
	}
	libs := selected
	if len(selected) == 0 {
		libs = append(libs, file.Libraries...)
	}
	if c.Docs != "" {
		libs = append(libs, catalog.LibraryConfig{Name: catalog.FolderName(c.Docs), Dir: c.Docs, BaseURL: c.BaseURL})
	}
	libs = append(libs, defined...)
	if len(libs) == 0 {
		libs = []catalog.LibraryConfig{{Name: catalog.WorkOS, Version: c.CorpusVersion, BaseURL: c.BaseURL}}
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
