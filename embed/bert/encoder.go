package bert

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"sync"
)

// config is the part of a Hugging Face BERT config.json we use.
type config struct {
	HiddenSize       int     `json:"hidden_size"`
	NumHeads         int     `json:"num_attention_heads"`
	NumLayers        int     `json:"num_hidden_layers"`
	IntermediateSize int     `json:"intermediate_size"`
	LayerNormEps     float64 `json:"layer_norm_eps"`
	MaxPositions     int     `json:"max_position_embeddings"`
	VocabSize        int     `json:"vocab_size"`
	TypeVocabSize    int     `json:"type_vocab_size"`
	HiddenAct        string  `json:"hidden_act"`
	PositionEmbType  string  `json:"position_embedding_type"`
}

func parseConfig(b []byte) (config, error) {
	var c config
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("parse %q: %w", "config.json", err)
	}
	if c.LayerNormEps == 0 {
		c.LayerNormEps = 1e-12
	}
	if c.TypeVocabSize == 0 {
		c.TypeVocabSize = 2
	}
	switch {
	case c.HiddenSize <= 0 || c.NumHeads <= 0 || c.NumLayers <= 0 || c.IntermediateSize <= 0 ||
		c.MaxPositions <= 0 || c.VocabSize <= 0:
		return c, fmt.Errorf("config.json: sizes must be positive: %+v", c)
	case c.HiddenSize%c.NumHeads != 0:
		return c, fmt.Errorf("config.json: hidden_size %d is not a multiple of num_attention_heads %d", c.HiddenSize, c.NumHeads)
	case c.HiddenSize%panelWidth != 0 || c.IntermediateSize%panelWidth != 0:
		return c, fmt.Errorf("config.json: hidden_size %d and intermediate_size %d must be multiples of %d",
			c.HiddenSize, c.IntermediateSize, panelWidth)
	case (c.HiddenSize/c.NumHeads)%panelWidth != 0:
		return c, fmt.Errorf("config.json: head size %d must be a multiple of %d", c.HiddenSize/c.NumHeads, panelWidth)
	case c.HiddenAct != "gelu":
		return c, fmt.Errorf("config.json: hidden_act %q is not supported (want %q)", c.HiddenAct, "gelu")
	case c.PositionEmbType != "" && c.PositionEmbType != "absolute":
		return c, fmt.Errorf("config.json: position_embedding_type %q is not supported", c.PositionEmbType)
	}
	return c, nil
}

// layer holds one transformer block's weights, the linear ones packed.
type layer struct {
	qkv         *packedMatrix // query, key and value projections side by side
	qkvBias     []float32
	attnOut     *packedMatrix
	attnOutBias []float32
	ln1g, ln1b  []float32
	inter       *packedMatrix
	interBias   []float32
	out         *packedMatrix
	outBias     []float32
	ln2g, ln2b  []float32
}

// encoder is a BERT encoder's weights. It is read-only after loading.
type encoder struct {
	cfg                      config
	wordEmb, posEmb, typeEmb []float32
	embLNg, embLNb           []float32
	layers                   []layer
	workspaces               sync.Pool // *workspace
	workers                  *workers  // nil: every part on the caller
}

// loadEncoder reads the weights from a parsed safetensors file. Tensor names
// may carry a "bert." prefix (BertForX checkpoints) or not (BertModel).
func loadEncoder(cfg config, st *safetensors) (*encoder, error) {
	prefix := ""
	if !st.has("embeddings.word_embeddings.weight") && st.has("bert.embeddings.word_embeddings.weight") {
		prefix = "bert."
	}
	h, inter := cfg.HiddenSize, cfg.IntermediateSize
	var firstErr error
	get := func(name string, shape ...int) []float32 {
		if firstErr != nil {
			return nil
		}
		v, err := st.float32s(prefix+name, shape...)
		if err != nil {
			firstErr = err
		}
		return v
	}
	pack := func(name string, n, k int) *packedMatrix {
		w := get(name, n, k)
		if w == nil {
			return nil
		}
		return packLinear(w, n, k)
	}
	e := &encoder{cfg: cfg}
	if n := runtime.GOMAXPROCS(0) - 1; n > 0 {
		e.workers = newWorkers(e, n)
	}
	e.wordEmb = get("embeddings.word_embeddings.weight", cfg.VocabSize, h)
	e.posEmb = get("embeddings.position_embeddings.weight", cfg.MaxPositions, h)
	e.typeEmb = get("embeddings.token_type_embeddings.weight", cfg.TypeVocabSize, h)
	e.embLNg = get("embeddings.LayerNorm.weight", h)
	e.embLNb = get("embeddings.LayerNorm.bias", h)
	for i := range cfg.NumLayers {
		if firstErr != nil {
			break // stop at the first missing or misshapen tensor
		}
		p := fmt.Sprintf("encoder.layer.%d.", i)
		q := get(p+"attention.self.query.weight", h, h)
		k := get(p+"attention.self.key.weight", h, h)
		v := get(p+"attention.self.value.weight", h, h)
		qb := get(p+"attention.self.query.bias", h)
		kb := get(p+"attention.self.key.bias", h)
		vb := get(p+"attention.self.value.bias", h)
		var l layer
		if firstErr == nil {
			l.qkv = packLinear(concat(q, k, v), 3*h, h)
			l.qkvBias = concat(qb, kb, vb)
		}
		l.attnOut = pack(p+"attention.output.dense.weight", h, h)
		l.attnOutBias = get(p+"attention.output.dense.bias", h)
		l.ln1g = get(p+"attention.output.LayerNorm.weight", h)
		l.ln1b = get(p+"attention.output.LayerNorm.bias", h)
		l.inter = pack(p+"intermediate.dense.weight", inter, h)
		l.interBias = get(p+"intermediate.dense.bias", inter)
		l.out = pack(p+"output.dense.weight", h, inter)
		l.outBias = get(p+"output.dense.bias", h)
		l.ln2g = get(p+"output.LayerNorm.weight", h)
		l.ln2b = get(p+"output.LayerNorm.bias", h)
		e.layers = append(e.layers, l)
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return e, nil
}

func concat(parts ...[]float32) []float32 {
	var out []float32
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// workspace is the scratch memory of one forward pass, reused through
// encoder.workspaces so steady-state embedding allocates little.
type workspace struct {
	x, qkv, ctx, tmp, inter []float32
	pool                    []float64   // poolRows' sums
	scratch                 [][]float32 // per attention goroutine: Kᵀ then scores
	jobs                    []attentionJob
	gemm                    gemmJob
	attn                    attentionRun
	shared                  sharedJob
}

// attentionJob is one head of one sequence: its first row and length.
type attentionJob struct{ off, n, head int }

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// forward runs the encoder over seqs (token ids, [CLS] ... [SEP]) packed one
// after another without padding: the linear layers see every token of every
// sequence as one matrix, attention looks only within each sequence, which
// is what a padding mask achieves. It writes one pooled, L2-normalised vector
// per sequence to out. par bounds the goroutines used.
func (e *encoder) forward(seqs [][]int32, pool poolingMode, par int, out [][]float32, check func() error) error {
	cfg := e.cfg
	h := cfg.HiddenSize
	total, longest := 0, 0
	for _, s := range seqs {
		total += len(s)
		longest = max(longest, len(s))
	}
	ws, _ := e.workspaces.Get().(*workspace)
	if ws == nil {
		ws = &workspace{}
	}
	defer e.workspaces.Put(ws)
	ws.x = grow(ws.x, total*h)
	ws.qkv = grow(ws.qkv, total*3*h)
	ws.ctx = grow(ws.ctx, total*h)
	ws.tmp = grow(ws.tmp, total*h)
	ws.inter = grow(ws.inter, total*cfg.IntermediateSize)
	for len(ws.scratch) < par {
		ws.scratch = append(ws.scratch, nil)
	}
	headDim := h / cfg.NumHeads
	for i := range par {
		ws.scratch[i] = grow(ws.scratch[i], attentionScratch(longest, headDim))
	}

	if par > 1 {
		e.workers.beginPass(&ws.shared)
		defer e.workers.endPass(&ws.shared)
	}
	if err := e.embed(ws.x, seqs); err != nil {
		return err
	}
	for li := range e.layers {
		if err := check(); err != nil {
			return err
		}
		l := &e.layers[li]
		ws.gemm.gemm(e.workers, &ws.shared, ws.qkv, ws.x, total, l.qkv, l.qkvBias, par)
		e.attention(ws, seqs, par)
		ws.gemm.gemm(e.workers, &ws.shared, ws.tmp, ws.ctx, total, l.attnOut, l.attnOutBias, par)
		addLayerNorm(ws.x, ws.tmp, l.ln1g, l.ln1b, h, cfg.LayerNormEps)
		ws.gemm.act = true // GELU in each part, in parallel
		ws.gemm.gemm(e.workers, &ws.shared, ws.inter, ws.x, total, l.inter, l.interBias, par)
		ws.gemm.gemm(e.workers, &ws.shared, ws.tmp, ws.inter, total, l.out, l.outBias, par)
		addLayerNorm(ws.x, ws.tmp, l.ln2g, l.ln2b, h, cfg.LayerNormEps)
	}
	off := 0
	for si, s := range seqs {
		ws.pool = poolRows(out[si], ws.x[off*h:(off+len(s))*h], len(s), h, pool, ws.pool)
		off += len(s)
	}
	return nil
}

// embed writes word + position + token-type embeddings, layer-normalised.
func (e *encoder) embed(x []float32, seqs [][]int32) error {
	h := e.cfg.HiddenSize
	row := 0
	for _, s := range seqs {
		if len(s) > e.cfg.MaxPositions {
			return fmt.Errorf("sequence of %d tokens exceeds the model's %d positions", len(s), e.cfg.MaxPositions)
		}
		for pos, id := range s {
			if id < 0 || int(id) >= e.cfg.VocabSize {
				return fmt.Errorf("token id %d outside the vocabulary of %d", id, e.cfg.VocabSize)
			}
			dst := x[row*h : (row+1)*h]
			w := e.wordEmb[int(id)*h : (int(id)+1)*h]
			p := e.posEmb[pos*h : (pos+1)*h]
			t := e.typeEmb[:h]
			for j := range dst {
				dst[j] = w[j] + p[j] + t[j]
			}
			row++
		}
	}
	layerNorm(x[:row*h], e.embLNg, e.embLNb, h, e.cfg.LayerNormEps)
	return nil
}

// attention computes softmax(Q·Kᵀ/√d)·V for every head of every sequence
// into ws.ctx, reading Q, K and V from ws.qkv.
func (e *encoder) attention(ws *workspace, seqs [][]int32, par int) {
	h := e.cfg.HiddenSize
	heads := e.cfg.NumHeads
	jobs := ws.jobs[:0]
	off := 0
	for _, s := range seqs {
		for hd := range heads {
			jobs = append(jobs, attentionJob{off, len(s), hd})
		}
		off += len(s)
	}
	ws.jobs = jobs
	ws.attn = attentionRun{ws: ws, h: h, heads: heads}
	if par <= 1 || len(jobs) < 2 {
		ws.attn.runPart(0, 1)
	} else {
		e.workers.share(&ws.shared, &ws.attn, par)
	}
	ws.attn = attentionRun{}
}

// attentionRun is attention's job list as a parallelJob: part g of parts
// takes every parts-th job, with scratch g.
type attentionRun struct {
	ws       *workspace
	h, heads int
}

func (a *attentionRun) runPart(g, parts int) {
	ws := a.ws
	scratch := ws.scratch[g]
	for ji := g; ji < len(ws.jobs); ji += parts {
		j := ws.jobs[ji]
		attendHead(ws.ctx, ws.qkv, j.off, j.n, j.head, a.h, a.heads, scratch)
	}
}

// attendHead is one head of self-attention over the n tokens starting at
// row off, as two matrix products: scores = Q·Kᵀ (Kᵀ packed into panels,
// padded to a multiple of 16 keys), softmax by rows, ctx = P·V.
func attendHead(ctx, qkv []float32, off, n, head, h, heads int, scratch []float32) {
	d := h / heads
	stride := 3 * h
	keyPanels := (n + panelWidth - 1) / panelWidth
	npad := keyPanels * panelWidth
	kp := scratch[:npad*d]
	vp := scratch[npad*d : npad*d+n*d]
	scores := scratch[npad*d+n*d : npad*d+n*d+n*npad]
	base := qkv[off*stride:]
	packRows(kp, base[h+head*d:], n, d, stride)
	packCols(vp, base[2*h+head*d:], n, stride, d/panelWidth)
	matmulPanels(scores, npad, base[head*d:], stride, n, d, kp, nil, 0, keyPanels)
	scale := float32(1 / math.Sqrt(float64(d)))
	for i := range n {
		softmax(scores[i*npad:(i+1)*npad], n, scale)
	}
	matmulPanels(ctx[off*h+head*d:], h, scores, npad, n, n, vp, nil, 0, d/panelWidth)
}

// attentionScratch is the scratch attendHead needs for n tokens.
func attentionScratch(n, d int) int {
	npad := (n + panelWidth - 1) / panelWidth * panelWidth
	return npad*d + n*d + n*npad
}

// addLayerNormGeneric sets x = LayerNorm(x + y) row by row; it is the
// reference the vector addLayerNorm is tested against.
func addLayerNormGeneric(x, y, g, b []float32, h int, eps float64) {
	if y != nil {
		for i := range x {
			x[i] += y[i]
		}
	}
	layerNormGeneric(x, g, b, h, eps)
}

// layerNorm is LayerNorm without a residual to add.
func layerNorm(x, g, b []float32, h int, eps float64) { addLayerNorm(x, nil, g, b, h, eps) }

// layerNormGeneric normalises each h-wide row of x to zero mean and unit variance,
// then scales by g and shifts by b.
func layerNormGeneric(x, g, b []float32, h int, eps float64) {
	for r := 0; r+h <= len(x); r += h {
		row := x[r : r+h]
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		mean := sum / float64(h)
		var ss float64
		for _, v := range row {
			d := float64(v) - mean
			ss += d * d
		}
		inv := 1 / math.Sqrt(ss/float64(h)+eps)
		for j, v := range row {
			row[j] = float32((float64(v)-mean)*inv)*g[j] + b[j]
		}
	}
}

// poolingMode is how token vectors become one sentence vector.
type poolingMode int

const (
	poolMean poolingMode = iota // average of all token vectors
	poolCLS                     // the [CLS] token's vector
)

// poolRows pools the n×h token matrix x into dst and L2-normalises it,
// summing in acc (grown if short, and returned).
func poolRows(dst, x []float32, n, h int, mode poolingMode, acc []float64) []float64 {
	switch mode {
	case poolCLS:
		copy(dst, x[:h])
	default:
		if cap(acc) < h {
			acc = make([]float64, h)
		}
		acc = acc[:h]
		clear(acc)
		for r := range n {
			for j, v := range x[r*h : (r+1)*h] {
				acc[j] += float64(v)
			}
		}
		for j := range dst {
			dst[j] = float32(acc[j] / float64(n))
		}
	}
	var ss float64
	for _, v := range dst {
		ss += float64(v) * float64(v)
	}
	norm := max(math.Sqrt(ss), 1e-12)
	for j := range dst {
		dst[j] = float32(float64(dst[j]) / norm)
	}
	return acc
}
