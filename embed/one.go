package embed

import "context"

// Embedding is one text's vector with what describes it, as `docseek
// embed` shows it.
type Embedding struct {
	Model      string `json:"model"`
	Dimensions int    `json:"dimensions"`
	// Tokens is the text's length in word pieces, without [CLS] and [SEP]
	// and before truncation; nil when the embedder cannot count them.
	Tokens *int      `json:"tokens,omitempty"`
	Vector []float32 `json:"vector"`
	// Readable is how many word pieces of a text the model reads: its
	// truncation length less [CLS] and [SEP]. 0 when unknown.
	Readable int `json:"-"`
}

// Truncated reports whether the model reads only part of the text.
func (em Embedding) Truncated() bool {
	return em.Tokens != nil && em.Readable > 0 && *em.Tokens > em.Readable
}

// EmbedOne embeds text as a document, or with query as a search query (with
// the model's query instruction, if any), and counts its word pieces when e
// can (as Local does).
func EmbedOne(ctx context.Context, e Embedder, text string, query bool) (Embedding, error) {
	var vec []float32
	var err error
	if query {
		vec, err = e.EmbedQuery(ctx, text)
	} else {
		var vecs [][]float32
		if vecs, err = e.EmbedDocuments(ctx, []string{text}); err == nil {
			vec = vecs[0]
		}
	}
	if err != nil {
		return Embedding{}, err
	}
	em := Embedding{Model: e.ModelID(), Dimensions: len(vec), Vector: vec}
	if tc, ok := e.(interface{ CountTokens(string) int }); ok {
		n := tc.CountTokens(text)
		em.Tokens = &n
	}
	if mt, ok := e.(interface{ MaxTokens() int }); ok {
		em.Readable = mt.MaxTokens() - 2 // [CLS] and [SEP]
	}
	return em, nil
}
