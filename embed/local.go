package embed

import (
	"context"
	"fmt"
	"math"

	"github.com/docseek/docseek/embed/bert"
)

// Local is the default Embedder: the pure-Go BERT encoder of embed/bert on
// a model folder fetched by FetchModel. It is safe for concurrent use.
type Local struct {
	model *bert.Model
	spec  ModelSpec
	info  ModelInfo
}

var _ Embedder = (*Local)(nil)

// NewLocal loads the model folder dir, as written by FetchModel. A missing
// or incomplete folder is an error wrapping ErrModelMissing that says how
// to fetch it. Start-up stays fast: the weights are checked by size and by a
// self-test (one fixed text embedded and compared with its stored vector),
// the small files by hash (`docseek model info --verify` hashes them all).
func NewLocal(dir string) (*Local, error) {
	mi, err := ReadModelInfo(dir)
	if err != nil {
		return nil, err
	}
	spec, err := LookupModel(mi.Model)
	if err != nil {
		return nil, fmt.Errorf("model folder %q: %w", dir, err)
	}
	for _, f := range spec.folderFiles() {
		if !mi.hasFile(f) {
			return nil, missingError(dir, spec.Name, fmt.Sprintf("model file %q is not in the marker (fetched by an older docseek?)", f))
		}
	}
	// Hashing runs beside the load: for float16 weights it reads 45 MB.
	hashed := make(chan error, 1)
	go func() { hashed <- checkSmallFiles(dir, mi) }()
	m, err := bert.Load(dir)
	hashErr := <-hashed
	if err != nil {
		return nil, fmt.Errorf("load model %q: %w (if its files are damaged, `docseek model info --verify` finds them and `docseek model fetch --force` fetches them again)", dir, err)
	}
	if hashErr != nil {
		return nil, fmt.Errorf("load model %q: %w", dir, hashErr)
	}
	if d := m.Dimensions(); d != spec.Dimensions {
		return nil, fmt.Errorf("load model %q: %d dimensions, want %d for %s", dir, d, spec.Dimensions, spec.ID)
	}
	l := &Local{model: m, spec: spec, info: mi}
	if err := l.selfTest(context.Background()); err != nil {
		return nil, fmt.Errorf("load model %q: %w (`docseek model info --verify` finds damaged files and `docseek model fetch --force` fetches them again)", dir, err)
	}
	return l, nil
}

// hasFile reports whether the marker lists the file rel.
func (mi ModelInfo) hasFile(rel string) bool {
	for _, f := range mi.Files {
		if f.Name == rel {
			return true
		}
	}
	return false
}

// EmbedDocuments embeds texts as documents (no query prefix), in order.
func (l *Local) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	if len(texts) == 0 {
		return [][]float32{}, nil
	}
	vecs, err := l.model.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embed %d texts with %s: %w", len(texts), l.spec.ID, err)
	}
	if err := checkVectors(vecs, len(texts), l.spec.Dimensions); err != nil {
		return nil, fmt.Errorf("embed with %s: %w", l.spec.ID, err)
	}
	return vecs, nil
}

// EmbedQuery embeds a search query, with the model's query prefix if it
// has one (MiniLM has none).
func (l *Local) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	vecs, err := l.EmbedDocuments(ctx, []string{l.spec.QueryPrefix + text})
	if err != nil {
		return nil, err
	}
	return vecs[0], nil
}

// ModelID is the Hugging Face id, "sentence-transformers/all-MiniLM-L6-v2".
func (l *Local) ModelID() string { return l.spec.ID }

// Dimensions is the vector length, 384 for MiniLM.
func (l *Local) Dimensions() int { return l.spec.Dimensions }

// MaxTokens is the truncation length in word pieces, [CLS] and [SEP] included.
func (l *Local) MaxTokens() int { return l.model.MaxTokens() }

// CountTokens returns the number of word pieces of text, without special
// tokens and without truncation (for chunk budgets).
func (l *Local) CountTokens(text string) int { return l.model.CountTokens(text) }

// WeightsSHA256 is the sha256 (hex) of model.safetensors, as recorded in
// the marker at fetch time (and checked there against the pinned value).
// It names the weights for bundle manifests without hashing 90 MB at start.
func (l *Local) WeightsSHA256() string {
	if s := l.info.WeightsSHA256(); s != "" {
		return s
	}
	return l.spec.FileSHA256[weightsFile]
}

// Info is the model folder's marker.
func (l *Local) Info() ModelInfo { return l.info }

// checkVectors checks that vecs has n vectors of dims finite values each.
func checkVectors(vecs [][]float32, n, dims int) error {
	if len(vecs) != n {
		return fmt.Errorf("got %d vectors for %d texts", len(vecs), n)
	}
	for i, v := range vecs {
		if len(v) != dims {
			return fmt.Errorf("vector %d has %d dimensions, want %d", i, len(v), dims)
		}
		for _, x := range v {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				return fmt.Errorf("vector %d has a NaN or infinite component", i)
			}
		}
	}
	return nil
}
