package bert

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"golang.org/x/sync/errgroup"
)

// batchTokens is about the most tokens one forward pass packs together.
// Larger batches reuse each weight panel over more rows but need more
// scratch memory: about 16 KB per token for all-MiniLM-L6-v2.
const batchTokens = 2048

// Model is a loaded sentence encoder. It is safe for concurrent use; each
// Embed call uses up to GOMAXPROCS goroutines of its own.
type Model struct {
	tok       *Tokenizer
	enc       *encoder
	pool      poolingMode
	maxTokens int
}

// Load reads a Hugging Face sentence-transformers model folder (config.json,
// tokenizer.json or vocab.txt, model.safetensors, 1_Pooling/config.json).
// A missing file gives an error that wraps fs.ErrNotExist; a corrupt or
// truncated one an error naming the file and what is wrong with it.
func Load(dir string) (*Model, error) {
	m, err := load(dir)
	if err != nil {
		return nil, fmt.Errorf("load model %q: %w", dir, err)
	}
	return m, nil
}

func load(dir string) (*Model, error) {
	cb, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, err
	}
	cfg, err := parseConfig(cb)
	if err != nil {
		return nil, err
	}
	tok, err := LoadTokenizer(dir)
	if err != nil {
		return nil, err
	}
	if tok.VocabSize() > cfg.VocabSize {
		return nil, fmt.Errorf("tokenizer has %d tokens but the model only %d", tok.VocabSize(), cfg.VocabSize)
	}
	maxTokens := cfg.MaxPositions
	if b, err := os.ReadFile(filepath.Join(dir, "sentence_bert_config.json")); err == nil {
		var sb struct {
			MaxSeqLength int `json:"max_seq_length"`
		}
		if err := json.Unmarshal(b, &sb); err != nil {
			return nil, fmt.Errorf("parse %q: %w", "sentence_bert_config.json", err)
		}
		if sb.MaxSeqLength > 0 {
			maxTokens = min(maxTokens, sb.MaxSeqLength)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	pool, err := readPooling(dir)
	if err != nil {
		return nil, err
	}
	wb, err := os.ReadFile(filepath.Join(dir, "model.safetensors"))
	if err != nil {
		return nil, err
	}
	st, err := parseSafetensors(wb)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", "model.safetensors", err)
	}
	if err := checkWeights(cfg, st); err != nil { // before sizing anything from cfg
		return nil, err
	}
	enc, err := loadEncoder(cfg, st)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", "model.safetensors", err)
	}
	return &Model{tok: tok, enc: enc, pool: pool, maxTokens: maxTokens}, nil
}

// readPooling reads 1_Pooling/config.json; without one, sentence-transformers
// mean-pools.
func readPooling(dir string) (poolingMode, error) {
	b, err := os.ReadFile(filepath.Join(dir, "1_Pooling", "config.json"))
	if errors.Is(err, os.ErrNotExist) {
		return poolMean, nil
	}
	if err != nil {
		return 0, err
	}
	var pc struct {
		CLS      bool `json:"pooling_mode_cls_token"`
		Mean     bool `json:"pooling_mode_mean_tokens"`
		Max      bool `json:"pooling_mode_max_tokens"`
		MeanSqrt bool `json:"pooling_mode_mean_sqrt_len_tokens"`
	}
	if err := json.Unmarshal(b, &pc); err != nil {
		return 0, fmt.Errorf("parse %q: %w", "1_Pooling/config.json", err)
	}
	switch {
	case pc.Max || pc.MeanSqrt || (pc.CLS && pc.Mean):
		return 0, fmt.Errorf("%q: only mean or CLS pooling is supported", "1_Pooling/config.json")
	case pc.CLS:
		return poolCLS, nil
	}
	return poolMean, nil
}

// Tokenizer returns the model's tokenizer.
func (m *Model) Tokenizer() *Tokenizer { return m.tok }

// Tokenize returns the ids the model sees for text: [CLS], the word pieces
// truncated to MaxTokens()-2, [SEP].
func (m *Model) Tokenize(text string) []int32 { return m.tok.Encode(text, m.maxTokens) }

// Embed returns one pooled, L2-normalised vector per text.
//
// Texts are sorted by length and packed into batches of similar length;
// batches run in parallel on up to GOMAXPROCS goroutines, and a single batch
// spreads its matrix products over them instead.
func (m *Model) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	seqs := make([][]int32, len(texts))
	for i, t := range texts {
		seqs[i] = m.Tokenize(t)
	}
	out := make([][]float32, len(texts))
	dims := m.Dimensions()
	backing := make([]float32, len(texts)*dims)
	for i := range out {
		out[i] = backing[i*dims : (i+1)*dims : (i+1)*dims]
	}
	procs := runtime.GOMAXPROCS(0)
	var batches [][]int
	if len(texts) != 1 { // a query needs no sorting or batching
		order := make([]int, len(texts))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(len(seqs[a]), len(seqs[b])) })
		batches = makeBatches(order, seqs, procs)
	}
	if len(texts) == 1 || len(batches) == 1 {
		// One batch (a query, or a few short texts): its matrix products
		// use every core; no goroutines or contexts around it.
		if err := m.enc.forward(seqs, m.pool, procs, out, ctx.Err); err != nil {
			return nil, fmt.Errorf("embed %d texts: %w", len(texts), err)
		}
		return out, nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(procs)
	for _, batch := range batches {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			bs := make([][]int32, len(batch))
			bo := make([][]float32, len(batch))
			for k, i := range batch {
				bs[k], bo[k] = seqs[i], out[i]
			}
			return m.enc.forward(bs, m.pool, 1, bo, gctx.Err)
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("embed %d texts: %w", len(texts), err)
	}
	return out, nil
}

// makeBatches cuts texts, in length order, into batches of about
// batchTokens tokens or fewer (one text more at most), their number a
// multiple of procs and their token counts alike, so that the last round of
// batches keeps every core busy.
func makeBatches(order []int, seqs [][]int32, procs int) [][]int {
	total := 0
	for _, s := range seqs {
		total += len(s)
	}
	n := (total + batchTokens - 1) / batchTokens
	if n > 1 || total >= 4*procs*64 { // worth splitting across cores
		n = (n + procs - 1) / procs * procs
	}
	target := (total + max(n, 1) - 1) / max(n, 1)
	var batches [][]int
	var cur []int
	curTokens := 0
	for _, i := range order {
		cur = append(cur, i)
		curTokens += len(seqs[i])
		if curTokens >= target {
			batches = append(batches, cur)
			cur, curTokens = nil, 0
		}
	}
	if len(cur) > 0 {
		batches = append(batches, cur)
	}
	return batches
}

// Dimensions is the vector length (hidden size).
func (m *Model) Dimensions() int { return m.enc.cfg.HiddenSize }

// MaxTokens is the truncation length in word pieces, [CLS] and [SEP] included.
func (m *Model) MaxTokens() int { return m.maxTokens }

// CountTokens returns the number of word pieces of text without special
// tokens and without truncation.
func (m *Model) CountTokens(text string) int { return len(m.tok.Pieces(text)) }
