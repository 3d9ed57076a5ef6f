// Package embedtest is docseek's test kit for embedding: one deterministic
// Embedder for every package's tests, and one fake OpenAI-compatible
// endpoint (Server) that can inject the failures a real one shows. Only
// tests import it. It does not import embed, so embed's own tests can use
// it; embedtest_test checks that Embedder is an embed.Embedder.
package embedtest

import (
	"context"
	"hash/fnv"
	"math"
	"strings"
	"sync"
	"unicode"
)

// Embedder is a deterministic embedder: a hashed bag of lower-cased words and
// their character trigrams, L2-normalised, so texts sharing words or word
// fragments land close together and equal texts get equal vectors. It counts
// its calls and can be made to fail. Set the fields before first use; the
// methods are safe for concurrent use.
type Embedder struct {
	// Model is ModelID; "" means "test/fake-bag-of-words".
	Model string
	// Dims is Dimensions; 0 means 64.
	Dims int
	// Weights is WeightsSHA256; "" means the embedder knows no digest.
	Weights string
	// Skip drops words from the bag (for example stop words); nil keeps all.
	Skip func(word string) bool
	// WordsOnly leaves out the character trigrams: only whole words count.
	WordsOnly bool
	// Hold, when not nil, makes EmbedDocuments wait until it is closed (or
	// the context ends), to observe what happens before vectors exist.
	Hold <-chan struct{}

	mu      sync.Mutex
	docs    int
	queries int
	fail    error
}

// New returns an Embedder with the default model name and 64 dimensions.
func New() *Embedder { return &Embedder{} }

// NewWords returns an Embedder of whole words only (no trigrams) in 64
// dimensions, model "test/hash-64": the one the server and web tests rank
// their fixture docs with.
func NewWords() *Embedder { return &Embedder{Model: "test/hash-64", WordsOnly: true} }

// ModelID implements embed.Embedder.
func (e *Embedder) ModelID() string {
	if e.Model == "" {
		return "test/fake-bag-of-words"
	}
	return e.Model
}

// Dimensions implements embed.Embedder.
func (e *Embedder) Dimensions() int {
	if e.Dims <= 0 {
		return 64
	}
	return e.Dims
}

// WeightsSHA256 returns Weights, as the local encoder returns its digest.
func (e *Embedder) WeightsSHA256() string { return e.Weights }

// EmbedDocuments implements embed.Embedder. It fails with the error given
// to Fail, if any.
func (e *Embedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	if e.Hold != nil {
		select {
		case <-e.Hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail != nil {
		return nil, e.fail
	}
	e.docs += len(texts)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = e.Vector(t)
	}
	return out, nil
}

// EmbedQuery implements embed.Embedder. It fails with the error given to
// Fail, if any.
func (e *Embedder) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fail != nil {
		return nil, e.fail
	}
	e.queries++
	return e.Vector(text), nil
}

// Fail makes every later embedding call return err; nil heals it.
func (e *Embedder) Fail(err error) { e.mu.Lock(); defer e.mu.Unlock(); e.fail = err }

// Documents is how many texts EmbedDocuments has embedded.
func (e *Embedder) Documents() int { e.mu.Lock(); defer e.mu.Unlock(); return e.docs }

// Queries is how many times EmbedQuery has answered.
func (e *Embedder) Queries() int { e.mu.Lock(); defer e.mu.Unlock(); return e.queries }

// Reset sets both counts to zero.
func (e *Embedder) Reset() { e.mu.Lock(); defer e.mu.Unlock(); e.docs, e.queries = 0, 0 }

// Vector is the vector of text, as EmbedDocuments and EmbedQuery return it.
// A text with no words maps to the first unit vector.
func (e *Embedder) Vector(text string) []float32 {
	dims := e.Dimensions()
	v := make([]float32, dims)
	add := func(s string, wt float32) {
		h := fnv.New32a()
		h.Write([]byte(s))
		v[h.Sum32()%uint32(dims)] += wt
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if e.Skip != nil && e.Skip(w) {
			continue
		}
		add(w, 1)
		for i := 0; !e.WordsOnly && i+3 <= len(w); i++ {
			add(w[i:i+3], 0.3)
		}
	}
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		v[0] = 1
		return v
	}
	for i := range v {
		v[i] = float32(float64(v[i]) / math.Sqrt(n))
	}
	return v
}
