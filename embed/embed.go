package embed

import "context"

// Embedder turns texts into L2-normalised vectors. Implementations are safe
// for concurrent use.
type Embedder interface {
	// EmbedDocuments embeds texts for indexing, in order. It returns one
	// vector per text, each of length Dimensions().
	EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error)
	// EmbedQuery embeds a search query (adding a query instruction if the
	// model wants one).
	EmbedQuery(ctx context.Context, text string) ([]float32, error)
	// ModelID names the model, e.g. "sentence-transformers/all-MiniLM-L6-v2".
	ModelID() string
	// Dimensions is the length of every vector.
	Dimensions() int
}
