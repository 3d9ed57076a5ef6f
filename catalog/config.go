package catalog

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// WorkOS is the name of the library served from the pinned WorkOS docs
// package (@workos/mcp-docs-server). A LibraryConfig with this name and no
// Dir is that package at Version.
const WorkOS = "workos"

// DefaultWorkOSVersion is the WorkOS docs version served when a config names
// no library at all, and when a WorkOS library names no version.
const DefaultWorkOSVersion = corpus.DefaultNPMVersion

// LocalVersion is the version label of a folder library that names none.
const LocalVersion = "local"

// DefaultModel is the local embedding model used when EmbedderConfig names none.
const DefaultModel = "all-MiniLM-L6-v2"

// Config says which libraries a Catalog serves and how their indexes open.
// The zero value (with DataDir set) serves the WorkOS docs at
// DefaultWorkOSVersion with the local model.
type Config struct {
	// DataDir holds the synced WorkOS docs, the local model and the stored
	// vectors of folder libraries (DataDir/index/<library>-<version>-<model>/).
	// Required.
	DataDir string
	// Libraries are served in this order (it is the order of list and of
	// ties). Empty means one library: WorkOS at DefaultWorkOSVersion.
	Libraries []LibraryConfig
	// Docs says where the WorkOS package's docs may be before DataDir (an
	// installed npm package named by flag or environment, or next to the
	// binary); see corpus.FindDocs. Version and DataDir are filled in per
	// library. The zero value looks in DataDir only, then fetches.
	Docs corpus.DocsSearch
	// Embedder embeds chunks and queries. Zero value: the local model
	// DefaultModel from DataDir/models.
	Embedder EmbedderConfig
	// LexicalOnly opens keyword indexes only: no model is loaded, and
	// hybrid or vector searches fail. For commands that need no model.
	LexicalOnly bool
	// Reembed ignores the committed bundles and stored vectors and embeds
	// every chunk live (then stores the result).
	Reembed bool
	// Logger receives what happens while libraries load; nil discards.
	Logger *slog.Logger
	// Progress is told how far live embedding of a library is (see
	// retrieval.Config.Progress), with the library's ID ("name@version");
	// nil means no reports. cmd draws it.
	Progress func(library string, done, total int)
}

// LibraryConfig is one doc set of a Catalog.
type LibraryConfig struct {
	// Name identifies the library in tools and targets ("react",
	// "workos"): letters, digits, '.', '_' and '-', starting with a letter
	// or digit, at most 64 bytes. Required. WorkOS (with no Dir) is the
	// pinned WorkOS docs package.
	Name string `yaml:"name"`
	// Version of the library. For the WorkOS package it picks the pinned
	// package version (default DefaultWorkOSVersion; see
	// corpus.SupportedVersions). For a folder it is a label shown with
	// every answer; default: the version of the npm package the folder is
	// or is in (a package.json in it or its parent, not private), as for
	// node_modules/ai/docs, else LocalVersion. Same characters as Name.
	Version string `yaml:"version"`
	// Dir is a local folder of .md/.mdx files (or the npm layout with
	// docs/ and changelogs/). Empty only for the WorkOS package.
	Dir string `yaml:"dir"`
	// BaseURL prefixes page paths in source links and maps full URLs back
	// to this library in fetch. Default: the WorkOS docs site for the WorkOS
	// package, else none (links are relative paths).
	BaseURL string `yaml:"base_url"`
	// Include keeps only files whose path (relative to the docs root,
	// slash-separated, with extension) matches one of these globs; "**"
	// matches any number of folders. Empty keeps every file.
	Include []string `yaml:"include"`
	// Exclude drops files matching one of these globs, after Include.
	Exclude []string `yaml:"exclude"`
	// KeepNumberPrefixes keeps a folder's page paths as its files are
	// named. By default (false) ordering prefixes are dropped from each
	// path segment ("04-guides/02-chatbot.mdx" is "guides/chatbot", its
	// link BaseURL + "/guides/chatbot"); see corpus.Options.
	KeepNumberPrefixes bool `yaml:"keep_number_prefixes"`
}

// ID is how tools and targets name the library: "name@version".
func (l LibraryConfig) ID() string { return l.Name + "@" + l.Version }

// isWorkOSPackage reports whether l is served from the pinned npm package.
func (l LibraryConfig) isWorkOSPackage() bool { return l.Dir == "" && l.Name == WorkOS }

// Source describes where the library's docs come from, for list.
func (l LibraryConfig) Source() string {
	if l.isWorkOSPackage() {
		return "npm " + corpus.NPMPackage + "@" + l.Version
	}
	return "folder " + l.Dir
}

// ErrConfig marks a configuration that can never load: a bad or duplicate
// name, an unknown WorkOS version, a missing folder, a bad glob.
var ErrConfig = errors.New("invalid catalog config")

// configError wraps ErrConfig with what is wrong.
func configError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
}

// ValidName reports whether s may name a library or label its version.
func ValidName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case (r == '.' || r == '_' || r == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// resolve checks cfg and returns it with every default filled in: folder
// paths absolute, versions and base URLs set. Errors wrap ErrConfig and say
// which library is wrong.
func (cfg Config) resolve() (Config, error) {
	if cfg.DataDir == "" {
		return cfg, configError("DataDir is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	libs := slices.Clone(cfg.Libraries)
	if len(libs) == 0 {
		libs = []LibraryConfig{{Name: WorkOS}}
	}
	seen := map[string]int{}
	for i := range libs {
		l := &libs[i]
		if err := l.resolve(); err != nil {
			return cfg, err
		}
		if j, dup := seen[l.ID()]; dup {
			return cfg, configError("library %q is configured twice (entries %d and %d); give each a different name or version", l.ID(), j+1, i+1)
		}
		seen[l.ID()] = i
	}
	cfg.Libraries = libs
	return cfg, nil
}

// resolve checks one library and fills its defaults.
func (l *LibraryConfig) resolve() error {
	l.Name = strings.TrimSpace(l.Name)
	l.Version = strings.TrimSpace(l.Version)
	if !ValidName(l.Name) {
		return configError("library name %q: use letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)", l.Name)
	}
	if l.isWorkOSPackage() {
		if l.Version == "" {
			l.Version = DefaultWorkOSVersion
		}
		if _, ok := corpus.Integrity(l.Version); !ok {
			return configError("library %q: unknown WorkOS docs version %q (known: %s)", l.Name, l.Version, strings.Join(corpus.SupportedVersions(), ", "))
		}
		if l.BaseURL == "" {
			l.BaseURL = corpus.DefaultBaseURL
		}
	} else {
		if l.Dir == "" {
			return configError("library %q: no folder given (only %q without a folder means the WorkOS docs package)", l.Name, WorkOS)
		}
		abs, err := filepath.Abs(l.Dir)
		if err != nil {
			return configError("library %q: folder %q: %v", l.Name, l.Dir, err)
		}
		st, err := os.Stat(abs)
		if err != nil {
			return configError("library %q: folder %q does not exist or cannot be read: %v", l.Name, l.Dir, err)
		}
		if !st.IsDir() {
			return configError("library %q: %q is not a folder", l.Name, l.Dir)
		}
		l.Dir = abs
		if l.Version == "" {
			l.Version = packageVersion(abs)
		}
	}
	if !ValidName(l.Version) {
		return configError("library %q: version %q: use letters, digits, '.', '_' or '-'", l.Name, l.Version)
	}
	if l.BaseURL != "" && !strings.HasPrefix(l.BaseURL, "http://") && !strings.HasPrefix(l.BaseURL, "https://") {
		return configError("library %q: base URL %q must start with http:// or https://", l.Name, l.BaseURL)
	}
	l.BaseURL = strings.TrimRight(l.BaseURL, "/")
	for _, g := range append(slices.Clone(l.Include), l.Exclude...) {
		if _, err := path.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil || g == "" {
			return configError("library %q: bad glob %q", l.Name, g)
		}
	}
	return nil
}

// packageVersion is the version of the npm package the folder dir ships
// in (corpus.PublishedVersion) when it is a valid label, else LocalVersion.
func packageVersion(dir string) string {
	if v, ok := corpus.PublishedVersion(dir); ok && ValidName(v) {
		return v
	}
	return LocalVersion
}
