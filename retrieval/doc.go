// Package retrieval finds the chunks of a corpus that answer a question.
//
//	corpus.Corpus ──> chunks ──┬─> BM25 index (identifier-aware tokens)
//	                           └─> vectors (bundle or live embedding)
//	                                 -> chromem-go collection (persisted)
//	query ─> lexical list + vector list ─> reciprocal rank fusion
//	      ─> per-page limit ─> Results
//
// It also resolves exact targets (path, path#anchor, URL) with navigation and
// "did you mean" suggestions, and scores question sets (evaluation metrics).
package retrieval
