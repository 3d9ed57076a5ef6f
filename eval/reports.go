package eval

import "embed"

// Reports holds the committed evaluation reports as `make eval` writes them:
// report-*.md and their Recall@k charts (report-*-recall.svg), at the root
// of the FS. The web page (server/web) shows them; regenerate them with
// `make eval`, never by hand.
//
//go:embed report-*.md report-*.svg
var Reports embed.FS
