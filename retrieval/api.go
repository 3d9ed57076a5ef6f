package retrieval

// Mode selects how Search ranks chunks.
type Mode string

// Search modes.
const (
	ModeHybrid  Mode = "hybrid"  // fused vector + lexical (default)
	ModeVector  Mode = "vector"  // embeddings only
	ModeLexical Mode = "lexical" // BM25 only
	ModeGrep    Mode = "grep"    // the original server's substring search (baseline)
)

// Query is one search request.
type Query struct {
	Text    string // the question; required
	K       int    // number of results; 0 means 8
	Mode    Mode   // "" means ModeHybrid
	Product string // optional: only pages under this top-level folder
	Kind    string // optional: corpus.KindDoc, KindReference or KindChangelog
}

// Result is one ranked chunk.
type Result struct {
	ID          string   `json:"id"`
	Path        string   `json:"path"`
	Anchor      string   `json:"anchor,omitempty"`
	Section     string   `json:"section,omitempty"`
	Breadcrumb  []string `json:"breadcrumb"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	Kind        string   `json:"kind"`
	Date        string   `json:"date,omitempty"`
	Text        string   `json:"text"`
	Score       float64  `json:"score"`
	VectorRank  int      `json:"vector_rank,omitempty"`  // 1-based; 0 = not in that list
	LexicalRank int      `json:"lexical_rank,omitempty"` // 1-based; 0 = not in that list
}
