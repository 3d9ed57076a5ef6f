// Package bert is a pure-Go BERT sentence encoder: the Hugging Face BERT
// normalizer and WordPiece tokenizer, the transformer forward pass, pooling as
// sentence-transformers configures it, and L2 normalisation.
//
// The data flow of Model.Embed:
//
//	texts ──Tokenizer.Encode──> [CLS] pieces… [SEP] (truncated at MaxTokens)
//	      ──sort by length, cut into batches (~2048 tokens, a multiple of GOMAXPROCS)
//	      ──per batch, on its own goroutine (errgroup, limit GOMAXPROCS):
//	          word + position + token-type embeddings, LayerNorm
//	          × layers: x·Wqkv ─> per sequence and head softmax(QKᵀ/√d)·V ─> ·Wo,
//	                    + x, LayerNorm ─> ·Wi, GELU ─> ·Wout, + x, LayerNorm
//	          mean (or [CLS]) pooling over the sequence's tokens, L2 norm
//	      ──> one vector per text, in input order
//
// Sequences of a batch are packed one after another without padding: the
// linear layers treat all their tokens as one matrix, and attention only
// looks within each sequence, which is exactly what BERT's padding mask
// achieves. A lone batch (a query, a few short texts) instead splits each
// matrix product over GOMAXPROCS goroutines.
//
// Matrix products use weights packed at load time into 16-column panels and a
// 4×16 outer-product kernel. Built with GOEXPERIMENT=simd on amd64 (as the
// Makefile does) the kernels, exp and GELU use AVX2/FMA through simd/archsimd
// when the CPU has them; otherwise portable Go loops compute the same
// results to rounding (about 10× slower).
//
// Memory: all-MiniLM-L6-v2 holds about 90 MB of float32 weights once loaded
// (Load peaks near 230 MB while it decodes the file); each concurrent batch
// needs about 16 KB of scratch per token, about 35 MB for a full batch,
// reused through a sync.Pool.
//
// Parity with sentence-transformers is pinned by testdata/reference.json,
// written by scripts/reference_vectors.py.
package bert
