// Package retrieval finds the chunks of a corpus that answer a question.
//
//	corpus.Corpus ──> chunks ──┬─> BM25 index (identifier-aware tokens)
//	                           └─> vectors (a bundles.Bundle, or live embedding,
//	                                 persisted) -> vector matrix (one scan a query)
//	query ─> lexical list + vector list ─> reciprocal rank fusion
//	      ─> per-page limit ─> Results
//
// It also fetches exact targets (path, path#anchor, URL; corpus.Resolver
// owns the syntax and the lookup) as documents with navigation, and
// answers unknown ones with "did you mean" suggestions. Live embedding
// reports progress through Config.Progress; the package draws nothing.
// Bundles live in package bundles, evaluation in package eval, which reaches
// an Index through its one-method Searcher.
package retrieval
