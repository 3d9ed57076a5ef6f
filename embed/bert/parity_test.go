package bert

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/docseek/docseek/embed/bert/berttest"
	"github.com/google/go-cmp/cmp"
)

// WARNING: testdata/reference.json pins the tokenizer and vectors of one
// model (all-MiniLM-L6-v2). Change the model, the tokenizer or the pooling
// and the reference must be regenerated with scripts/reference_vectors.py
// (and any persisted index re-embedded) together.

// TestTokenizerParity checks our token ids against the Hugging Face
// tokenizer's for every reference text, truncated and untruncated.
func TestTokenizerParity(t *testing.T) {
	m := testModel(t)
	ref := berttest.ReadReference(t)
	if m.MaxTokens() != ref.MaxSeqLength {
		t.Errorf("MaxTokens() = %d, reference max_seq_length %d", m.MaxTokens(), ref.MaxSeqLength)
	}
	for _, c := range ref.Cases {
		t.Run(c.Name, func(t *testing.T) {
			if diff := cmp.Diff(c.IDs, m.Tokenize(c.Text)); diff != "" {
				t.Errorf("Tokenize(%q) (-want +got):\n%s", c.Text, diff)
			}
			if got := m.CountTokens(c.Text); got != c.Pieces {
				t.Errorf("CountTokens(%q) = %d, want %d", c.Text, got, c.Pieces)
			}
		})
	}
}

// TestEmbedParity checks every vector against sentence-transformers': cosine
// at least 0.9999, embedding all texts in one call (batched, in parallel)
// and, for the short ones, each text alone (one batch, parallel matrix
// products). The long ones alone would only repeat the batched work.
func TestEmbedParity(t *testing.T) {
	checkParity(t, testModel(t))
}

// TestEmbedParityFloat16 converts the model's weights to float16 (as make
// dist ships them) and holds the result to the same parity as float32.
func TestEmbedParityFloat16(t *testing.T) {
	src := modelDir(t)
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "model.safetensors" {
			if b, err = Float16Safetensors(b); err != nil {
				return err
			}
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkParity(t, m)
}

// checkParity holds m's vectors of the reference texts to a cosine of at
// least 0.9999 with sentence-transformers'.
func checkParity(t *testing.T, m *Model) {
	t.Helper()
	ref := berttest.ReadReference(t)
	slow := raceEnabled && !simdEnabled()
	if slow {
		// The portable kernels under the race detector run about 50 times
		// slower: check the short texts, batched only, to stay within
		// seconds. Every other configuration checks them all.
		short := ref.Cases[:0]
		for _, c := range ref.Cases {
			if len(c.IDs) <= 16 {
				short = append(short, c)
			}
		}
		t.Logf("race build without SIMD kernels: checking the %d texts of up to 16 tokens", len(short))
		ref.Cases = short
	}
	texts := make([]string, len(ref.Cases))
	for i, c := range ref.Cases {
		texts[i] = c.Text
	}
	all, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	worst := 1.0
	for i, c := range ref.Cases {
		vecs := [][]float32{all[i]}
		if len(c.IDs) <= 64 && !slow {
			one, err := m.Embed(context.Background(), []string{c.Text})
			if err != nil {
				t.Fatal(err)
			}
			vecs = append(vecs, one[0])
		}
		for _, got := range vecs {
			if len(got) != m.Dimensions() {
				t.Fatalf("%s: vector has %d dimensions, want %d", c.Name, len(got), m.Dimensions())
			}
			cos := berttest.Cosine(got, c.Vector)
			worst = min(worst, cos)
			if cos < 0.9999 {
				t.Errorf("%s: cosine with reference = %.6f, want >= 0.9999", c.Name, cos)
			}
		}
	}
	t.Logf("worst cosine over %d texts: 1 - %.2e (simd kernels: %v)", len(texts), 1-worst, simdEnabled())
}

// TestEmbedConcurrentQueries embeds single texts (one batch each, its matrix
// products split over the model's workers) from several goroutines at once
// (run with -race): every result equals the lone call's bit for bit, as the
// split of the work does not depend on who runs which part.
func TestEmbedConcurrentQueries(t *testing.T) {
	m := testModel(t)
	texts := []string{
		readBenchTexts(t).Query,
		"How do I verify webhook signatures?",
		strings.Repeat("directory sync keeps users current ", 12),
	}
	want := make([][]float32, len(texts))
	for i, text := range texts {
		v, err := m.Embed(context.Background(), []string{text})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = v[0]
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(texts))
	for g := range 4 {
		wg.Go(func() {
			for r := range len(texts) {
				i := (g + r) % len(texts)
				got, err := m.Embed(context.Background(), []string{texts[i]})
				if err != nil {
					errs <- err
					return
				}
				if diff := cmp.Diff(want[i], got[0]); diff != "" {
					errs <- fmt.Errorf("text %d differs from the lone call:\n%s", i, diff)
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
