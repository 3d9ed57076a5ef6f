package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/docseek/docseek/catalog"
)

// defaultConfigFile is read from the working directory when --config is not
// given and the file exists.
const defaultConfigFile = "docseek.yaml"

// libraryFlags collects repeated --library values.
type libraryFlags []string

func (l *libraryFlags) String() string { return strings.Join(*l, " ") }

func (l *libraryFlags) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// configFile is the shape of docseek.yaml (see the README for an example).
type configFile struct {
	// DataDir is the data directory; --data-dir and $DOCSEEK_DATA_DIR win.
	DataDir   string          `yaml:"data_dir"`
	Libraries []configLibrary `yaml:"libraries"`
}

// configLibrary is one library in docseek.yaml.
type configLibrary struct {
	Name    string   `yaml:"name"`
	Version string   `yaml:"version"`
	Dir     string   `yaml:"dir"`
	BaseURL string   `yaml:"base_url"`
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
}

// readConfigFile reads docseek.yaml. Unknown keys are errors, so a typo
// does not silently change what is served; relative folders are relative
// to the file.
func readConfigFile(path string) (configFile, error) {
	var cf configFile
	data, err := os.ReadFile(path)
	if err != nil {
		return cf, fmt.Errorf("config %q: %w", path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cf); err != nil && !errors.Is(err, io.EOF) {
		return cf, usagef("config %q: %v", path, err)
	}
	base := filepath.Dir(path)
	for i := range cf.Libraries {
		if d := cf.Libraries[i].Dir; d != "" && !filepath.IsAbs(d) {
			cf.Libraries[i].Dir = filepath.Join(base, d)
		}
	}
	if cf.DataDir != "" && !filepath.IsAbs(cf.DataDir) {
		cf.DataDir = filepath.Join(base, cf.DataDir)
	}
	return cf, nil
}

func (l configLibrary) library() catalog.LibraryConfig {
	return catalog.LibraryConfig{Name: l.Name, Version: l.Version, Dir: l.Dir, BaseURL: l.BaseURL, Include: l.Include, Exclude: l.Exclude}
}

// parseLibrarySpec parses a --library value that defines a folder library:
// NAME=DIR[,base=URL][,version=V][,include=GLOB]...[,exclude=GLOB]...
func parseLibrarySpec(spec string) (catalog.LibraryConfig, error) {
	var l catalog.LibraryConfig
	parts := strings.Split(spec, ",")
	name, dir, ok := strings.Cut(parts[0], "=")
	if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(dir) == "" {
		return l, usagef("--library %q: want NAME=DIR[,base=URL][,version=V][,include=GLOB][,exclude=GLOB], or workos@VERSION", spec)
	}
	l.Name, l.Dir = strings.TrimSpace(name), strings.TrimSpace(dir)
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || v == "" {
			return l, usagef("--library %q: %q is not KEY=VALUE", spec, p)
		}
		switch k {
		case "base", "base_url":
			l.BaseURL = v
		case "version":
			l.Version = v
		case "include":
			l.Include = append(l.Include, v)
		case "exclude":
			l.Exclude = append(l.Exclude, v)
		default:
			return l, usagef("--library %q: unknown key %q (want base, version, include or exclude)", spec, k)
		}
	}
	return l, nil
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
	var file configFile
	path := c.ConfigFile
	if path == "" {
		if _, err := os.Stat(defaultConfigFile); err == nil {
			path = defaultConfigFile
		}
	}
	if path != "" {
		var err error
		if file, err = readConfigFile(path); err != nil {
			return catalog.Config{}, err
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
			l, err := parseLibrarySpec(v)
			if err != nil {
				return catalog.Config{}, err
			}
			defined = append(defined, l)
			continue
		}
		l, err := selectLibrary(v, file.Libraries)
		if err != nil {
			return catalog.Config{}, err
		}
		selected = append(selected, l)
	}
	libs := selected
	if len(selected) == 0 {
		for _, l := range file.Libraries {
			libs = append(libs, l.library())
		}
	}
	if c.Docs != "" {
		libs = append(libs, catalog.LibraryConfig{Name: folderName(c.Docs), Dir: c.Docs, BaseURL: c.BaseURL})
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
		Embedder: catalog.EmbedderConfig{
			Kind: c.Embedder, Model: c.Model, Search: search,
			OpenAIBaseURL: c.OpenAIBaseURL, OpenAIKey: c.OpenAIKey, OpenAIModel: c.OpenAIModel,
		},
		Reembed:  c.Reembed,
		Logger:   logger,
		Progress: reportLibraryProgress(progress, logger),
	}
	if _, err := catalog.New(cfg); err != nil { // names, versions, folders, globs
		return catalog.Config{}, usagef("%v", err)
	}
	return cfg, nil
}

// selectLibrary resolves --library NAME[@VERSION]: a library of the config
// file, else the WorkOS docs package.
func selectLibrary(v string, file []configLibrary) (catalog.LibraryConfig, error) {
	name, version, _ := strings.Cut(strings.TrimSpace(v), "@")
	for _, l := range file {
		if l.Name == name && (version == "" || l.Version == version) {
			return l.library(), nil
		}
	}
	if name == catalog.WorkOS {
		return catalog.LibraryConfig{Name: name, Version: version}, nil
	}
	return catalog.LibraryConfig{}, usagef("--library %q: no library of that name in the config file; define a folder with --library %s=DIR[,base=URL]", v, name)
}

// folderName names the library of a --docs folder after its base name,
// made a valid library name ("My Docs" -> "my-docs").
func folderName(dir string) string {
	base := filepath.Base(filepath.Clean(dir))
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return '-'
	}, base)
	name = strings.TrimLeft(name, ".-_")
	if name == "" {
		return "docs"
	}
	return name
}
