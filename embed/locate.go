package embed

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/docseek/docseek/corpus"
)

// Source says where a model folder was found. The search order (flag,
// environment, next to the binary, data dir) is one rule for the model and
// the docs; corpus owns it, and FindModel follows it.
type Source = corpus.Source

// The places FindModel looks, in order (corpus.FromFlag and the others).
const (
	FromFlag    = corpus.FromFlag    // a command-line flag
	FromEnv     = corpus.FromEnv     // an environment variable
	FromBinary  = corpus.FromBinary  // BinaryDir/models/NAME
	FromDataDir = corpus.FromDataDir // DATA/models/NAME, where FetchModel puts it
)

// ModelSearch names the places FindModel looks for a model folder. An empty
// field is skipped. The zero value finds nothing.
type ModelSearch struct {
	// Name is the model's short name; default DefaultModel.
	Name string
	// Flag is a model folder given on the command line (--model-dir).
	Flag string
	// Env is a model folder given by the environment ($DOCSEEK_MODEL_DIR).
	Env string
	// BinaryDir is the folder of the running binary. Release archives and
	// npm platform packages (`make dist`) put the model in
	// BinaryDir/models/NAME.
	BinaryDir string
	// DataDir is the docseek data dir: DATA/models/NAME.
	DataDir string
}

// ModelLocation is where FindModel found (or expects) a model folder.
type ModelLocation struct {
	// Dir is the model folder.
	Dir string `json:"dir"`
	// Source says which rule chose Dir.
	Source Source `json:"source"`
	// Present reports whether Dir holds a complete model (marker and file
	// sizes checked). A data-dir location may be absent: `docseek model
	// fetch` fills it.
	Present bool `json:"present"`
}

// FindModel returns the model folder to load, looking in order at the
// flag, the environment, the folder next to the binary, then the data dir.
//
// A folder named by the flag or the environment must hold the model: a
// missing or damaged one is an error, never skipped silently. So is a
// models/NAME folder next to the binary that is incomplete (a broken
// install): the error says to reinstall. When none of the three applies,
// the data-dir location is returned, present or not (NewLocal then says
// how to fetch it); FindModel itself never fetches.
func FindModel(s ModelSearch) (ModelLocation, error) {
	name := s.Name
	if name == "" {
		name = DefaultModel
	}
	// A folder given by flag or environment is the one: the first given
	// (the flag's) must hold the model, none after it is tried.
	if given := corpus.GivenFolders(s.Flag, s.Env); len(given) > 0 {
		c := given[0]
		dir, err := filepath.Abs(c.Dir)
		if err != nil {
			return ModelLocation{}, fmt.Errorf("model folder %q (%s): %w", c.Dir, c.Source, err)
		}
		if err := checkModelFolder(dir, name); err != nil {
			return ModelLocation{}, fmt.Errorf("the model folder given by %s is unusable (fix or reinstall it, or name a good one): %w", c.Source, err)
		}
		return ModelLocation{Dir: dir, Source: c.Source, Present: true}, nil
	}
	if s.BinaryDir != "" {
		dir := filepath.Join(s.BinaryDir, "models", name)
		if _, err := os.Stat(dir); err == nil {
			if err := checkModelFolder(dir, name); err != nil {
				return ModelLocation{}, fmt.Errorf("the model installed next to the binary is unusable (reinstall docseek: its npm platform package or release archive): %w", err)
			}
			return ModelLocation{Dir: dir, Source: FromBinary, Present: true}, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return ModelLocation{}, fmt.Errorf("model next to the binary: %w", err)
		}
	}
	if s.DataDir == "" {
		return ModelLocation{}, fmt.Errorf("%w: no model folder given and no data dir to look in", ErrModelMissing)
	}
	dir := ModelDir(s.DataDir, name)
	_, err := ReadModelInfo(dir)
	return ModelLocation{Dir: dir, Source: FromDataDir, Present: err == nil}, nil
}

// checkModelFolder checks, cheaply, that dir holds a complete model named
// name. Unlike ReadModelInfo's, its errors (wrapping ErrModelMissing) do
// not advise a fetch into a data dir: the folder was installed or named,
// not fetched.
func checkModelFolder(dir, name string) error {
	mi, problem, err := inspectModel(dir)
	if err != nil {
		return err
	}
	if problem != "" {
		return fmt.Errorf("%w: %s", ErrModelMissing, problem)
	}
	if mi.Model != name {
		return fmt.Errorf("model folder %q holds %q, want %q", dir, mi.Model, name)
	}
	return nil
}
