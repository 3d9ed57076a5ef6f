package catalog

import (
	"context"
	"sync"

	"github.com/docseek/docseek/retrieval"
)

// Across searches every library of a catalog for an evaluation of one of
// them (home): it is a retrieval eval Searcher. Results of other libraries
// keep their place in the ranking with "library:" before their path, so
// they never match home's ground truth but still push its pages down, as
// they would for an agent searching everything. It counts how often they
// reach the top 5. Safe for concurrent use.
type Across struct {
	c    *Catalog
	home *Library

	mu    sync.Mutex
	stats map[retrieval.Mode]*Intrusion
}

// Intrusion counts other libraries' results in the top 5 of one mode.
type Intrusion struct {
	Questions int // questions asked
	Touched   int // questions with another library's result in the top 5
	Results   int // other libraries' results in all top 5s
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
	others := 0
	for i, r := range ans.Results {
		out[i] = r.Result
		if r.Library != a.home.Name() || r.Version != a.home.Version() {
			out[i].Path = r.Library + "@" + r.Version + ":" + r.Path
			out[i].ID = out[i].Path + "#" + r.Anchor
			if i < 5 {
				others++
			}
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
