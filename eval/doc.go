// Package eval measures retrieval quality against question sets written for
// a corpus, and lives beside them: the question files (*.jsonl), the
// committed reports (report-*.md, report-*-recall.svg) and README.md, which
// describes the format and the choices measured with it.
//
//	question file ──ReadQuestions──> []Question ──CheckQuestions(corpus)──> warnings
//	                                     │
//	Searcher (retrieval.Index, catalog.Across) <── Evaluate ──> Report
//	                                                              │
//	                         WriteMarkdown, WriteRecallSVG, WriteReport, Gate
//
// eval reaches retrieval only through Searcher, the one method it needs;
// retrieval never imports eval. Files by concept: eval.go (questions,
// Evaluate), metrics.go (page and section scoring), report.go (markdown and
// the chart), write.go (atomic report files), gate.go (the CI floor).
package eval
