package bert

import (
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"strconv"
)

// maxLayerNormEps is the largest layer_norm_eps accepted: BERT models use
// 1e-12 to 1e-5; a large one flattens every activation.
const maxLayerNormEps = 1e-3

var layerIndexRE = regexp.MustCompile(`^(?:bert\.)?encoder\.layer\.(\d+)\.`)

// checkWeights checks config.json against the weights actually present,
// before anything is allocated from the config's sizes: the embedding
// tables must have the config's shapes, the file must hold exactly
// num_hidden_layers layers (0..n-1) with the config's intermediate size,
// layer_norm_eps must be a small positive number, and every float in the
// file must be finite. A damaged config of the same size (2,000,000,000
// layers, eps 1e30, fewer layers) or a NaN in a weight is an error naming
// what is wrong, not a model that answers nonsense.
func checkWeights(cfg config, st *safetensors) error {
	if !(cfg.LayerNormEps > 0 && cfg.LayerNormEps <= maxLayerNormEps) {
		return fmt.Errorf("config.json: layer_norm_eps %g is not in (0, %g]", cfg.LayerNormEps, maxLayerNormEps)
	}
	prefix := ""
	if !st.has("embeddings.word_embeddings.weight") && st.has("bert.embeddings.word_embeddings.weight") {
		prefix = "bert."
	}
	h := int64(cfg.HiddenSize)
	for _, want := range []struct {
		name  string
		shape []int64
	}{
		{"embeddings.word_embeddings.weight", []int64{int64(cfg.VocabSize), h}},
		{"embeddings.position_embeddings.weight", []int64{int64(cfg.MaxPositions), h}},
		{"embeddings.token_type_embeddings.weight", []int64{int64(cfg.TypeVocabSize), h}},
		{"encoder.layer.0.intermediate.dense.weight", []int64{int64(cfg.IntermediateSize), h}},
	} {
		ti, ok := st.tensors[prefix+want.name]
		if !ok {
			return fmt.Errorf("safetensors: no tensor %q", prefix+want.name)
		}
		if !equalShape(ti.Shape, want.shape) {
			return fmt.Errorf("config.json does not match the weights: tensor %q has shape %v, the config says %v", prefix+want.name, ti.Shape, want.shape)
		}
	}
	layers := map[int]bool{}
	for name := range st.tensors {
		if m := layerIndexRE.FindStringSubmatch(name); m != nil {
			if i, err := strconv.Atoi(m[1]); err == nil {
				layers[i] = true
			}
		}
	}
	if len(layers) != cfg.NumLayers {
		return fmt.Errorf("config.json does not match the weights: num_hidden_layers is %d, the weights hold %d layers", cfg.NumLayers, len(layers))
	}
	for i := range cfg.NumLayers {
		if !layers[i] {
			return fmt.Errorf("safetensors: layer %d is missing", i)
		}
	}
	for name, ti := range st.tensors {
		if err := finiteTensor(st.data[ti.DataOffsets[0]:ti.DataOffsets[1]], ti.DType); err != nil {
			return fmt.Errorf("safetensors: tensor %q: %w", name, err)
		}
	}
	return nil
}

func equalShape(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// finiteTensor reports an error when a float tensor holds a NaN or an
// infinity (all exponent bits set). It reads the bytes in place: about 20 ms
// for the 90 MB of MiniLM.
func finiteTensor(b []byte, dtype string) error {
	switch dtype {
	case "F32":
		for i := 0; i+4 <= len(b); i += 4 {
			if binary.LittleEndian.Uint32(b[i:])&0x7f800000 == 0x7f800000 {
				return fmt.Errorf("value %d is %v", i/4, math.Float32frombits(binary.LittleEndian.Uint32(b[i:])))
			}
		}
	case "F16":
		for i := 0; i+2 <= len(b); i += 2 {
			if binary.LittleEndian.Uint16(b[i:])&0x7c00 == 0x7c00 {
				return fmt.Errorf("value %d is not finite", i/2)
			}
		}
	case "BF16":
		for i := 0; i+2 <= len(b); i += 2 {
			if binary.LittleEndian.Uint16(b[i:])&0x7f80 == 0x7f80 {
				return fmt.Errorf("value %d is not finite", i/2)
			}
		}
	case "F64":
		for i := 0; i+8 <= len(b); i += 8 {
			if binary.LittleEndian.Uint64(b[i:])&0x7ff0000000000000 == 0x7ff0000000000000 {
				return fmt.Errorf("value %d is not finite", i/8)
			}
		}
	}
	return nil
}
