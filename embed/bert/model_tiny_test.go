package bert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/docseek/docseek/embed/bert/berttest"
)

// tinyModel describes a random BERT small enough to build in a test: two
// layers, hidden size 32 in two heads of 16, the tiny tokenizer, 16
// positions, truncation at 10 tokens.
type tinyModel struct {
	pooling   string // "mean" or "cls"
	hiddenAct string
	skip      string // tensor to leave out
	prefix    string // tensor name prefix, "bert." as in BertForX checkpoints
}

func writeTinyModel(t testing.TB, tm tinyModel) string {
	t.Helper()
	dir := t.TempDir()
	const h, inter, layers, positions = 32, 64, 2, 16
	tokJSON, err := os.ReadFile(filepath.Join("testdata", "tiny", "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := parseTokenizerJSON(tokJSON)
	if err != nil {
		t.Fatal(err)
	}
	vocab := tok.VocabSize()
	if tm.hiddenAct == "" {
		tm.hiddenAct = "gelu"
	}
	files := map[string]any{
		"config.json": map[string]any{
			"hidden_size": h, "num_attention_heads": 2, "num_hidden_layers": layers,
			"intermediate_size": inter, "max_position_embeddings": positions, "vocab_size": vocab,
			"type_vocab_size": 2, "hidden_act": tm.hiddenAct, "layer_norm_eps": 1e-12,
		},
		"sentence_bert_config.json": map[string]any{"max_seq_length": 10},
		"1_Pooling/config.json": map[string]any{
			"word_embedding_dimension": h,
			"pooling_mode_cls_token":   tm.pooling == "cls",
			"pooling_mode_mean_tokens": tm.pooling != "cls",
		},
	}
	for name, v := range files {
		b, _ := json.Marshal(v)
		writeFile(t, filepath.Join(dir, name), b)
	}
	writeFile(t, filepath.Join(dir, "tokenizer.json"), tokJSON)

	r := rand.New(rand.NewPCG(7, 8))
	tensors := map[string]fakeTensor{}
	add := func(name string, scale float64, shape ...int64) {
		if name == tm.skip {
			return
		}
		n := int64(1)
		for _, d := range shape {
			n *= d
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(r.NormFloat64() * scale)
		}
		if strings.HasSuffix(name, "LayerNorm.weight") {
			for i := range v {
				v[i] += 1
			}
		}
		tensors[tm.prefix+name] = f32Tensor(shape, v)
	}
	add("embeddings.word_embeddings.weight", 0.5, int64(vocab), h)
	add("embeddings.position_embeddings.weight", 0.5, positions, h)
	add("embeddings.token_type_embeddings.weight", 0.5, 2, h)
	add("embeddings.LayerNorm.weight", 0.1, h)
	add("embeddings.LayerNorm.bias", 0.1, h)
	for l := range layers {
		p := fmt.Sprintf("encoder.layer.%d.", l)
		for _, m := range []string{"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"} {
			add(p+m+".weight", 0.2, h, h)
			add(p+m+".bias", 0.1, h)
		}
		add(p+"intermediate.dense.weight", 0.2, inter, h)
		add(p+"intermediate.dense.bias", 0.1, inter)
		add(p+"output.dense.weight", 0.2, h, inter)
		add(p+"output.dense.bias", 0.1, h)
		for _, ln := range []string{"attention.output.LayerNorm", "output.LayerNorm"} {
			add(p+ln+".weight", 0.1, h)
			add(p+ln+".bias", 0.1, h)
		}
	}
	writeFile(t, filepath.Join(dir, "model.safetensors"), encodeSafetensors(t, tensors))
	return dir
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadTiny(t testing.TB, tm tinyModel) *Model {
	t.Helper()
	m, err := Load(writeTinyModel(t, tm))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func assertUnit(t *testing.T, name string, v []float32) {
	t.Helper()
	var ss float64
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			t.Fatalf("%s: non-finite value %v", name, x)
		}
		ss += float64(x) * float64(x)
	}
	if math.Abs(ss-1) > 1e-5 {
		t.Errorf("%s: squared norm %v, want 1", name, ss)
	}
}

func TestTinyModelEmbed(t *testing.T) {
	texts := []string{
		"", "the quick brown fox", "dsync.user.created", "the quick brown fox jumps over the lazy dog . the end",
		"东京", "café", "the", "fox fox fox fox fox fox fox fox fox fox fox fox",
	}
	for _, tm := range []tinyModel{{pooling: "mean"}, {pooling: "cls"}, {pooling: "cls", prefix: "bert."}} {
		t.Run(tm.prefix+tm.pooling, func(t *testing.T) {
			m := loadTiny(t, tm)
			if m.Dimensions() != 32 || m.MaxTokens() != 10 {
				t.Fatalf("Dimensions, MaxTokens = %d, %d; want 32, 10", m.Dimensions(), m.MaxTokens())
			}
			all, err := m.Embed(context.Background(), texts)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != len(texts) {
				t.Fatalf("got %d vectors for %d texts", len(all), len(texts))
			}
			for i, text := range texts {
				assertUnit(t, text, all[i])
				one, err := m.Embed(context.Background(), []string{text})
				if err != nil {
					t.Fatal(err)
				}
				// A text's vector does not depend on its batch-mates.
				if c := berttest.Cosine(one[0], all[i]); c < 1-1e-6 {
					t.Errorf("%q: cosine between alone and batched = %v", text, c)
				}
			}
			// Truncation: only the first MaxTokens()-2 pieces count.
			long, _ := m.Embed(context.Background(), []string{texts[3], "the quick brown fox jumps over the lazy"})
			if c := berttest.Cosine(long[0], long[1]); c < 1-1e-6 {
				t.Errorf("truncated texts differ: cosine %v", c)
			}
			if c := berttest.Cosine(all[1], all[2]); c > 0.9999 {
				t.Errorf("different texts embed alike: cosine %v", c)
			}
		})
	}
}

func TestTinyModelEmbedEdges(t *testing.T) {
	m := loadTiny(t, tinyModel{})
	got, err := m.Embed(context.Background(), nil)
	if err != nil || len(got) != 0 {
		t.Errorf("Embed(nil) = %v, %v; want no vectors", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Embed(ctx, []string{"the fox"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed with a cancelled context: error %v, want context.Canceled", err)
	}
	if n := m.CountTokens("the quick brown fox jumps over the lazy dog . the end"); n != 13 {
		t.Errorf("CountTokens = %d, want 13 (no truncation, no specials)", n)
	}
}

// TestTinyModelConcurrent embeds from several goroutines at once (run with
// -race) and expects the same vectors as a lone call.
func TestTinyModelConcurrent(t *testing.T) {
	m := loadTiny(t, tinyModel{})
	texts := []string{"the quick brown fox", "the lazy dog", "dsync.user.created", ""}
	want, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			got, err := m.Embed(context.Background(), texts)
			if err != nil {
				errs <- err
				return
			}
			for i := range got {
				if c := berttest.Cosine(got[i], want[i]); c < 1-1e-6 {
					errs <- fmt.Errorf("%q: cosine %v with the lone call", texts[i], c)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T) string
		wantErr string
	}{
		{"missing folder", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope") }, "config.json"},
		{"truncated weights", func(t *testing.T) string {
			dir := writeTinyModel(t, tinyModel{})
			p := filepath.Join(dir, "model.safetensors")
			b, _ := os.ReadFile(p)
			writeFile(t, p, b[:len(b)-100])
			return dir
		}, "truncated"},
		{"garbage weights", func(t *testing.T) string {
			dir := writeTinyModel(t, tinyModel{})
			writeFile(t, filepath.Join(dir, "model.safetensors"), []byte("not a model"))
			return dir
		}, "model.safetensors"},
		{"missing tensor", func(t *testing.T) string {
			return writeTinyModel(t, tinyModel{skip: "encoder.layer.1.output.dense.bias"})
		}, `no tensor "encoder.layer.1.output.dense.bias"`},
		{"unsupported activation", func(t *testing.T) string {
			return writeTinyModel(t, tinyModel{hiddenAct: "relu"})
		}, `hidden_act "relu"`},
		{"unsupported pooling", func(t *testing.T) string {
			dir := writeTinyModel(t, tinyModel{})
			writeFile(t, filepath.Join(dir, "1_Pooling", "config.json"), []byte(`{"pooling_mode_max_tokens":true}`))
			return dir
		}, "only mean or CLS pooling"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.setup(t)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), dir) {
				t.Errorf("Load error = %v, want one naming %q and containing %q", err, dir, tc.wantErr)
			}
		})
	}
}

func TestMakeBatches(t *testing.T) {
	seqsOf := func(lens ...int) [][]int32 {
		out := make([][]int32, len(lens))
		for i, n := range lens {
			out[i] = make([]int32, n)
		}
		return out
	}
	tests := []struct {
		name  string
		lens  []int
		procs int
		want  int // batches
	}{
		{"one query", []int{17}, 2, 1},
		{"few short texts stay together", []int{10, 12, 20}, 2, 1},
		{"enough for both cores", []int{200, 200, 200, 200}, 2, 2},
		{"over the budget, rounded to the cores", slices.Repeat([]int{256}, 20), 2, 4},
		{"one core", slices.Repeat([]int{256}, 20), 1, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			seqs := seqsOf(tc.lens...)
			order := make([]int, len(seqs))
			for i := range order {
				order[i] = i
			}
			got := makeBatches(order, seqs, tc.procs)
			if len(got) != tc.want {
				t.Errorf("%d batches, want %d: %v", len(got), tc.want, got)
			}
			seen := 0
			for _, b := range got {
				seen += len(b)
			}
			if seen != len(seqs) {
				t.Errorf("batches hold %d texts, want %d", seen, len(seqs))
			}
		})
	}
}
