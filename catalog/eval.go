package catalog

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/docseek/docseek/retrieval"
)

// Across searches every library of a catalog for an evaluation of one of
// them (home): it is a retrieval eval Searcher. Results of other libraries
// keep their place in the ranking with "library:" before their path, so
// they never match home's ground truth but still push its pages down, as
// they would for an agent searching everything. It counts how often they
// reach the top IntrusionDepth. Safe for concurrent use.
type Across struct {
	c    *Catalog
	home *Library

	mu    sync.Mutex
	stats map[retrieval.Mode]*Intrusion
}

// IntrusionDepth is how deep Across counts other libraries' results: the
// top 5, where Recall@5 is scored.
const IntrusionDepth = 5

// Intrusion counts other libraries' results in the top IntrusionDepth of
// one mode, and how often the answers hinted that several libraries match
// (Answer.Close).
type Intrusion struct {
	Questions int `json:"questions"` // questions asked
	Touched   int `json:"touched"`   // questions with another library's result in the top IntrusionDepth
	Results   int `json:"results"`   // other libraries' results in all top IntrusionDepths
	First     int `json:"first"`     // questions whose first result came from another library
	// Hinted counts the answers that named several libraries as matching
	// alike (Answer.Hint), FirstHinted those of them whose first result
	// came from another library: the misroutes the hint points back from.
	Hinted      int `json:"hinted"`
	FirstHinted int `json:"first_hinted"`
}

// String says the counts in one line, as `docseek eval --search-all`
// prints them after the mode's name.
func (in Intrusion) String() string {
	return fmt.Sprintf("another library's page in the top %d for %d of %d questions (%d results of %d), first for %d; "+
		"a hint naming several libraries for %d (%d of the %d with another library first)",
		IntrusionDepth, in.Touched, in.Questions, in.Results, IntrusionDepth*in.Questions, in.First,
		in.Hinted, in.FirstHinted, in.First)
}

// SearchAcross returns the Searcher that evaluates home across the catalog.
func (c *Catalog) SearchAcross(home *Library) *Across {
	return &Across{c: c, home: home, stats: map[retrieval.Mode]*Intrusion{}}
}

// Search implements the eval Searcher.
func (a *Across) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	ans, err := a.c.Search(ctx, Query{Query: q})
	if err != nil {
		return nil, err
	}
	out := make([]retrieval.Result, len(ans.Results))
	others, first := 0, false
	for i, r := range ans.Results {
		out[i] = r.Result
		if r.Library != a.home.Name() || r.Version != a.home.Version() {
			out[i].Path = r.Library + "@" + r.Version + ":" + r.Path
			out[i].ID = out[i].Path + "#" + r.Anchor
			if i < IntrusionDepth {
				others++
			}
			first = first || i == 0
		}
	}
	mode := q.Mode
	if mode == "" {
		mode = retrieval.ModeHybrid
	}
	a.mu.Lock()
	st := a.stats[mode]
	if st == nil {
		st = &Intrusion{}
		a.stats[mode] = st
	}
	st.Questions++
	st.Results += others
	if others > 0 {
		st.Touched++
	}
	hinted := len(ans.Close) > 1
	if hinted {
		st.Hinted++
	}
	if first {
		st.First++
		if hinted {
			st.FirstHinted++
		}
	}
	a.mu.Unlock()
	return out, nil
}

// Intrusions returns the counts of one mode.
func (a *Across) Intrusions(mode retrieval.Mode) Intrusion {
	a.mu.Lock()
	defer a.mu.Unlock()
	if st := a.stats[mode]; st != nil {
		return *st
	}
	return Intrusion{}
}

// EvalConfig says what OpenEval opens besides the libraries of Config.
// The zero value opens the first library alone, keywords only, with the
// retrieval defaults.
type EvalConfig struct {
	// SearchAll opens every library of Config and searches them all, still
	// scoring the first (the questions' library); false opens the first
	// library alone.
	SearchAll bool
	// Vectors opens the indexes with their vectors (a vector or hybrid mode
	// is evaluated); false needs no model, for grep and lexical modes.
	Vectors bool
	// Tuning overrides the search defaults; the vectors are the stored ones.
	Tuning Tuning
}

// Evaluation is a loaded catalog as an evaluation scores it: an eval
// Searcher over the first library, or across every library with
// EvalConfig.SearchAll. Safe for concurrent use.
type Evaluation struct {
	// Catalog is the loaded catalog.
	Catalog *Catalog
	// Index is the first library's index; its corpus holds the pages the
	// questions name.
	Index *retrieval.Index
	// Across counts other libraries' results with SearchAll; else nil.
	Across *Across

	model string
}

// OpenEval loads the catalog an evaluation scores: the first library of
// cfg (every library with ec.SearchAll), with vectors only when ec.Vectors.
// A bad config wraps ErrConfig.
func OpenEval(ctx context.Context, cfg Config, ec EvalConfig) (*Evaluation, error) {
	if !ec.SearchAll && len(cfg.Libraries) > 1 {
		cfg.Libraries = cfg.Libraries[:1]
	}
	cfg.LexicalOnly = !ec.Vectors
	cat, err := New(cfg)
	if err != nil {
		return nil, err
	}
	cat.SetTuning(ec.Tuning)
	if err := cat.Load(ctx); err != nil {
		return nil, err
	}
	home := cat.Libraries()[0]
	ix, err := home.Wait(ctx)
	if err != nil {
		return nil, err
	}
	ev := &Evaluation{Catalog: cat, Index: ix, model: "none (no embedding mode evaluated)"}
	if ec.Vectors {
		ev.model = cfg.Embedder.ModelName()
	}
	if ec.SearchAll {
		ev.Across = cat.SearchAcross(home)
		cat.cfg.Logger.Info("searching every library", "scored", home.ID(), "libraries", len(cat.Libraries()))
	}
	return ev, nil
}

// Search implements the eval Searcher: across every library with
// SearchAll, else in the first library.
func (e *Evaluation) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	if e.Across != nil {
		return e.Across.Search(ctx, q)
	}
	return e.Index.Search(ctx, q)
}

// Model names the embedding model the evaluation's vectors come from, for
// its report: "none (...)" when opened without vectors.
func (e *Evaluation) Model() string { return e.model }

// Intrusions returns, per mode, how often other libraries reached the top
// IntrusionDepth (see Across); nil without SearchAll.
func (e *Evaluation) Intrusions(modes []string) map[string]Intrusion {
	if e.Across == nil {
		return nil
	}
	out := make(map[string]Intrusion, len(modes))
	for _, m := range modes {
		out[m] = e.Across.Intrusions(retrieval.Mode(m))
	}
	return out
}

// WriteIntrusions writes one line per mode of how often other libraries
// reached the top IntrusionDepth (see Across); nothing without SearchAll.
func (e *Evaluation) WriteIntrusions(w io.Writer, modes []string) error {
	if e.Across == nil {
		return nil
	}
	for _, m := range modes {
		if _, err := fmt.Fprintf(w, "%s: %s\n", m, e.Across.Intrusions(retrieval.Mode(m))); err != nil {
			return err
		}
	}
	return nil
}
