package retrieval

import (
	"fmt"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// Mode selects how Search ranks chunks.
type Mode string

// Search modes.
const (
	ModeHybrid  Mode = "hybrid"  // fused vector + lexical (default)
	ModeVector  Mode = "vector"  // embeddings only
	ModeLexical Mode = "lexical" // BM25 only
	ModeGrep    Mode = "grep"    // the original server's substring search (baseline)
)

// Modes lists every search mode, the default first.
func Modes() []Mode { return []Mode{ModeHybrid, ModeVector, ModeLexical, ModeGrep} }

// UsesVectors reports whether the mode ranks by embeddings (hybrid, and
// vector; "" means hybrid), and so needs a model and an index with vectors.
func (m Mode) UsesVectors() bool { return m == "" || m == ModeHybrid || m == ModeVector }

// ParseMode validates a mode name; "" means ModeHybrid.
func ParseMode(s string) (Mode, error) {
	if s == "" {
		return ModeHybrid, nil
	}
	for _, m := range Modes() {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("mode %q is unknown; use hybrid (default), vector, lexical or grep", s)
}

// Query is one search request.
type Query struct {
	Text    string // the question; required
	K       int    // number of results; 0 means 8
	Mode    Mode   // "" means ModeHybrid
	Product string // optional: only pages under this top-level folder
	Kind    string // optional: corpus.KindDoc, KindReference or KindChangelog
	// Vector is the query's embedding when the caller already has it (one
	// question searched in several indexes of the same model); nil means
	// Search embeds Text.
	Vector []float32
	// Exclude lists targets already read: a "path" leaves out every chunk
	// of the page, a "path#anchor" the chunks of that section. Paging: ask
	// again with the previous answer's targets for the next best sections.
	Exclude []string
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
	// VectorScore and LexScore are the chunk's raw scores in each list
	// (cosine similarity, BM25), 0 when absent. Unlike Score, which comes
	// from ranks within one index, they compare across indexes of one
	// model, which is how results of several libraries merge.
	VectorScore float64 `json:"-"`
	LexScore    float64 `json:"-"`
}

// NavLink points at a page or a section, with its title.
type NavLink struct {
	Path   string `json:"path"`
	Anchor string `json:"anchor,omitempty"`
	Title  string `json:"title"`
	URL    string `json:"url"`
}

// Document is the answer to an exact fetch: a whole page or one section of it
// (a section includes its sub-sections), with navigation around it.
type Document struct {
	Path        string    `json:"path"`
	Anchor      string    `json:"anchor,omitempty"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	URL         string    `json:"url"`
	Kind        string    `json:"kind"`
	Breadcrumb  []string  `json:"breadcrumb"`
	Markdown    string    `json:"markdown"`
	Sections    []NavLink `json:"sections,omitempty"` // table of contents of the page (or of the section's sub-sections)
	Parent      *NavLink  `json:"parent,omitempty"`
	Siblings    []NavLink `json:"siblings,omitempty"`
	Children    []NavLink `json:"children,omitempty"`
}

// ListEntry is one node of the docs tree returned by List.
type ListEntry struct {
	Path        string `json:"path"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	IsPage      bool   `json:"is_page"`
	Depth       int    `json:"depth"` // 0 for direct children of the prefix
}

// ChangelogQuery selects platform changelog entries.
type ChangelogQuery struct {
	Query string // optional: rank entries by relevance to this text
	Since string // optional: YYYY-MM-DD, only entries on or after it
	Limit int    // 0 means 10
}

// NotFoundError is returned by Fetch for an unknown target. It carries "did
// you mean" suggestions and matches ErrNotFound with errors.Is.
type NotFoundError struct {
	Target      string
	Suggestions []NavLink
}

// ErrNotFound reports an unknown fetch target or path. It is
// corpus.ErrNotFound, re-exported, so errors.Is matches either name.
var ErrNotFound = corpus.ErrNotFound

func (e *NotFoundError) Error() string {
	if len(e.Suggestions) == 0 {
		return fmt.Sprintf("%q not found", e.Target)
	}
	names := make([]string, len(e.Suggestions))
	for i, s := range e.Suggestions {
		names[i] = corpus.Target(s.Path, s.Anchor)
	}
	return fmt.Sprintf("%q not found; did you mean: %s", e.Target, strings.Join(names, ", "))
}

// Unwrap makes errors.Is(err, ErrNotFound) hold.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// The *Index built in index.go provides (contract for server and cmd):
//
//	func Open(ctx context.Context, c *corpus.Corpus, cfg Config) (*Index, error)
//	func (ix *Index) Search(ctx context.Context, q Query) ([]Result, error)
//	func (ix *Index) Fetch(ctx context.Context, target string) (*Document, error) // *NotFoundError when unknown
//	func (ix *Index) List(prefix string) ([]ListEntry, error)                     // ErrNotFound for an unknown prefix
//	func (ix *Index) Changelog(ctx context.Context, q ChangelogQuery) ([]corpus.ChangelogEntry, error)
//	func (ix *Index) Corpus() *corpus.Corpus
