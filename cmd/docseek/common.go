package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// Defaults shared by every subcommand.
const (
	defaultCorpusVersion = catalog.DefaultWorkOSVersion
	defaultModel         = catalog.DefaultModel
)

// commonFlags are the flags every data-touching subcommand accepts. Flags and
// environment variables are read only in cmd/; libraries get plain config.
type commonFlags struct {
	DataDir       string // --data-dir, $DOCSEEK_DATA_DIR, else the user cache dir + /docseek
	CorpusVersion string // --corpus-version: version of @workos/mcp-docs-server
	Docs          string // --docs: a local folder of .md/.mdx files instead of the npm corpus
	BaseURL       string // --base-url: link prefix for --docs pages
	Model         string // --model: local model name
	ModelDir      string // --model-dir, $DOCSEEK_MODEL_DIR: the model folder itself
	DocsPackage   string // --docs-package: an installed @workos/mcp-docs-server folder ($DOCSEEK_DOCS_PACKAGE is read apart)
	Embedder      string // --embedder: "local" or "openai"
	OpenAIBaseURL string // --openai-base-url, $OPENAI_BASE_URL
	OpenAIKey     string // $OPENAI_API_KEY (never a flag: keys do not belong in shell history)
	OpenAIModel   string // --openai-model
	Reembed       bool   // --reembed: embed everything live instead of trusting the bundle
	Verbose       bool   // -v: debug logs
	// Libraries are the --library values: NAME=DIR,base=URL,... defines a
	// folder library, NAME[@VERSION] selects one (see catalogConfig).
	Libraries libraryFlags
	// ConfigFile is --config: a docseek.yaml (default: ./docseek.yaml when present).
	ConfigFile string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", os.Getenv("DOCSEEK_DATA_DIR"), "data directory (default: $DOCSEEK_DATA_DIR or the user cache dir)")
	fs.StringVar(&c.CorpusVersion, "corpus-version", defaultCorpusVersion, "version of the @workos/mcp-docs-server docs (0.2.0 or 0.1.0)")
	fs.StringVar(&c.Docs, "docs", "", "serve a local folder of .md/.mdx files instead of the WorkOS docs")
	fs.StringVar(&c.BaseURL, "base-url", "", "base URL of source links for --docs pages")
	fs.StringVar(&c.Model, "model", defaultModel, "local embedding model")
	fs.StringVar(&c.ModelDir, "model-dir", os.Getenv("DOCSEEK_MODEL_DIR"), "folder of the local model (default: $DOCSEEK_MODEL_DIR, else models/NAME next to the binary, else in the data dir)")
	fs.StringVar(&c.DocsPackage, "docs-package", "", "folder of an installed @workos/mcp-docs-server npm package to serve (default: $DOCSEEK_DOCS_PACKAGE when its version matches, else the data dir)")
	fs.StringVar(&c.Embedder, "embedder", "local", `embedder: "local" (pure-Go BERT) or "openai" (any OpenAI-compatible endpoint)`)
	fs.StringVar(&c.OpenAIBaseURL, "openai-base-url", os.Getenv("OPENAI_BASE_URL"), "OpenAI-compatible base URL, e.g. http://localhost:11434/v1 (default: $OPENAI_BASE_URL)")
	fs.StringVar(&c.OpenAIModel, "openai-model", envOr("DOCSEEK_OPENAI_MODEL", "text-embedding-3-small"), "embedding model name at the OpenAI-compatible endpoint")
	fs.BoolVar(&c.Reembed, "reembed", false, "ignore the precomputed bundle and embed the corpus live")
	fs.BoolVar(&c.Verbose, "v", false, "verbose (debug) logs on stderr")
	fs.Var(&c.Libraries, "library", "a library to serve (repeatable): "+catalog.SpecSyntax+", or workos@VERSION, or the NAME of one in the config file")
	fs.StringVar(&c.ConfigFile, "config", "", "config file listing the libraries (default: ./"+catalog.ConfigFileName+" when present)")
	c.OpenAIKey = os.Getenv("OPENAI_API_KEY")
}

// dataDir resolves the data directory and makes sure it exists.
func (c *commonFlags) dataDir() (string, error) {
	dir := c.DataDir
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("find user cache dir (set --data-dir or DOCSEEK_DATA_DIR): %w", err)
		}
		dir = filepath.Join(cache, "docseek")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create data dir %q: %w", dir, err)
	}
	return dir, nil
}

// modelSearch is where the local model is looked for: --model-dir, then
// $DOCSEEK_MODEL_DIR, then next to the binary, then the data dir (filled in
// by the catalog, or here when withDataDir).
func (c *commonFlags) modelSearch(withDataDir bool) (embed.ModelSearch, error) {
	s := embed.ModelSearch{Name: c.Model, BinaryDir: binaryDir()}
	if c.ModelDir != "" && c.ModelDir == os.Getenv("DOCSEEK_MODEL_DIR") {
		s.Env = c.ModelDir
	} else {
		s.Flag = c.ModelDir
	}
	if withDataDir {
		dataDir, err := c.dataDir()
		if err != nil {
			return s, err
		}
		s.DataDir = dataDir
	}
	return s, nil
}

// findModel locates the local model folder of the common flags.
func findModel(c *commonFlags) (embed.ModelLocation, error) {
	s, err := c.modelSearch(true)
	if err != nil {
		return embed.ModelLocation{}, err
	}
	return embed.FindModel(s)
}

// docsSearch is where the WorkOS docs are looked for before the data dir:
// --docs-package, then $DOCSEEK_DOCS_PACKAGE, then next to the binary.
func (c *commonFlags) docsSearch() corpus.DocsSearch {
	return corpus.DocsSearch{Flag: c.DocsPackage, Env: os.Getenv("DOCSEEK_DOCS_PACKAGE"), BinaryDir: binaryDir()}
}

// binaryDir is the folder of the running binary (symlinks resolved), where
// release archives and npm platform packages put the model; "" if unknown.
func binaryDir() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return filepath.Dir(exe)
}

// logger returns the slog logger for a subcommand: text to stderr.
func (c *commonFlags) logger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if c.Verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// parseInterspersed parses flags that may come after positional arguments
// (`docseek embed "some text" --json`) and returns the positional ones.
// A lone "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseFlags parses args like fs.Parse, but flags may also follow positional
// arguments (`docseek fetch sso/index --json`); fs.Args() then holds the
// positional ones.
func parseFlags(fs *flag.FlagSet, args []string) error {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	return flagError(fs.Parse(append([]string{"--"}, pos...)))
}

// flagError makes a flag parse error (an unknown flag, a bad value) a usage
// error, so every subcommand exits 2 for it; the flag package has already
// printed it with the usage. -h stays flag.ErrHelp, and nil stays nil.
func flagError(err error) error {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err.Error()}
}

// newFlags is the flag set of a subcommand (errors and usage to stderr)
// with the common flags registered on it.
func newFlags(name string, s stdio) (*flag.FlagSet, *commonFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	cf := &commonFlags{}
	cf.register(fs)
	return fs, cf
}

// parseNoArgs is parseFlags for a subcommand that takes no positional
// arguments: any is a usage error naming them.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected arguments %q", fs.Name(), fs.Args())
	}
	return nil
}
