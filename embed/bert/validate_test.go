package bert

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damage rewrites a tiny model folder in place.
type damage func(t *testing.T, dir string)

// setConfig sets one key of config.json (same file, other value).
func setConfig(key string, value any) damage {
	return func(t *testing.T, dir string) {
		p := filepath.Join(dir, "config.json")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var cfg map[string]any
		if err := json.Unmarshal(b, &cfg); err != nil {
			t.Fatal(err)
		}
		cfg[key] = value
		b, _ = json.Marshal(cfg)
		writeFile(t, p, b)
	}
}

// setWeight overwrites value i of a float32 tensor in model.safetensors.
func setWeight(name string, i int, v float32) damage {
	return func(t *testing.T, dir string) {
		p := filepath.Join(dir, "model.safetensors")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		st, err := parseSafetensors(b)
		if err != nil {
			t.Fatal(err)
		}
		ti := st.tensors[name]
		off := 8 + int(binary.LittleEndian.Uint64(b)) + int(ti.DataOffsets[0]) + 4*i
		binary.LittleEndian.PutUint32(b[off:], math.Float32bits(v))
		writeFile(t, p, b)
	}
}

// TestLoadRejectsDamage: a config that disagrees with the weights, a
// nonsense layer_norm_eps or a non-finite weight is refused at load with an
// error naming it, instead of a model that ranks nonsense (or a config
// that asks for 2,000,000,000 layers growing memory until the OOM killer).
func TestLoadRejectsDamage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage damage
		want   string
	}{
		{"two billion layers", setConfig("num_hidden_layers", 2000000000), "num_hidden_layers"},
		{"fewer layers", setConfig("num_hidden_layers", 1), "num_hidden_layers"},
		{"more layers", setConfig("num_hidden_layers", 3), "num_hidden_layers"},
		{"huge vocab", setConfig("vocab_size", 2000000000), "vocab"},
		{"huge positions", setConfig("max_position_embeddings", 2000000000), "position"},
		{"eps 1e30", setConfig("layer_norm_eps", 1e30), "layer_norm_eps"},
		{"eps -1", setConfig("layer_norm_eps", -1), "layer_norm_eps"},
		{"NaN LayerNorm weight", setWeight("encoder.layer.1.output.LayerNorm.weight", 3, float32(math.NaN())), "LayerNorm.weight"},
		{"Inf embedding", setWeight("embeddings.word_embeddings.weight", 100, float32(math.Inf(1))), "word_embeddings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTinyModel(t, tinyModel{})
			tc.damage(t, dir)
			done := make(chan error, 1)
			go func() { _, err := Load(dir); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("Load = %v, want an error about %q", err, tc.want)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Load did not return: it sized memory from the config")
			}
		})
	}
	if _, err := Load(writeTinyModel(t, tinyModel{})); err != nil {
		t.Errorf("undamaged model: %v", err)
	}
}
