package catalog

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/docseek/docseek/retrieval"
)

// Query is a search over one library or all of them.
type Query struct {
	retrieval.Query
	// Library restricts the search to one library (a name, or
	// "name@version"); "" searches every library.
	Library string
	// Version picks the version of Library when it has several; "" means
	// the first configured (the library's default version). Without
	// Library, every library is searched at its default version only.
	Version string
	// Exclude lists targets already read ("path", "path#anchor", or with a
	// "library:" prefix); their chunks are left out, so that asking again
	// returns the next best sections.
	Exclude []string
}

// Result is one ranked section with the library it came from.
type Result struct {
	retrieval.Result
	// Library and Version name the library; DocsDate is when its docs were
	// published (YYYY-MM-DD, "" when unknown).
	Library  string
	Version  string
	DocsDate string
	// Target is what Fetch accepts for the whole section: "path#anchor",
	// prefixed with "library:" when the catalog serves several libraries.
	Target string

	order int // the library's place in the configuration: breaks ties
}

// Answer is the result of Search.
type Answer struct {
	Results []Result
	// Mode is the ranking used (keyword ranking replaces hybrid and vector
	// while a library's vectors are not ready).
	Mode retrieval.Mode
	// Searched are the libraries searched ("name@version"), in order.
	Searched []string
	// NotSearched are the other versions of searched libraries
	// ("name@version"), left out because the query named no library: a
	// search over everything searches each library's default version.
	NotSearched []string
	// Degraded says why some library answered by keywords only, "" if none.
	Degraded string
	// Close names the libraries searched ("name@version", best match
	// first) when two or more match the question about equally: each
	// trails the best one's relevance by at most libraryClose, so the
	// merged ranking may put the one the agent means below another's
	// pages. Nil when one library clearly matches best, when one library
	// was searched, and when there is no semantic evidence to compare
	// (keywords only). Hint says it in a sentence.
	Close []string
}

// Hint is a sentence for the agent when several libraries match the
// question about equally (Close), "" otherwise: which ones, and that naming
// one with library narrows the search to it.
func (a *Answer) Hint() string {
	if len(a.Close) < 2 {
		return ""
	}
	return "Several libraries match this question about equally: " + strings.Join(a.Close, ", ") +
		" (best first). If the question is about one of them, ask again with library set to it."
}

// semanticWait bounds how long Search waits for a library whose vectors are
// loading, so that a call right after start still gets hybrid answers.
const semanticWait = 2 * time.Second

// keywordWait bounds how long Search waits for a library whose docs are still
// being parsed into a keyword index (the server's LoadWait has the same bound).
const keywordWait = 20 * time.Second

// Search ranks the sections that answer q in one library or across all.
// Across libraries, mergeRanked orders every library's candidates as one
// ranking (each result says which library and version it came from), and
// Answer.Close names the libraries that match the question about equally.
// A library whose vectors are not ready answers by keywords
// (Answer.Degraded says so); one still loading its docs is waited for
// briefly, then skipped.
func (c *Catalog) Search(ctx context.Context, q Query) (*Answer, error) {
	libs, skipped, err := c.scope(q.Library, q.Version)
	if err != nil {
		return nil, err
	}
	mode := q.Mode
	if mode == "" {
		mode = retrieval.ModeHybrid
	}
	k := q.K
	if k == 0 {
		k = retrieval.DefaultK
	}
	ans := &Answer{Mode: mode, NotSearched: skipped}
	type ranked struct {
		lib *Library
		rs  []retrieval.Result
	}
	var lists []ranked
	var notes []string
	var vector []float32                     // the question embedded once for every library
	deadline := time.Now().Add(semanticWait) // one wait for all libraries
	for _, l := range libs {
		ix, semantic, err := l.waitBrief(ctx, mode, deadline)
		if err != nil {
			if len(libs) == 1 {
				return nil, err
			}
			notes = append(notes, l.ID()+" is unavailable ("+err.Error()+")")
			continue
		}
		lq := q.Query
		lq.Mode = mode
		if !semantic && mode.UsesVectors() {
			lq.Mode = retrieval.ModeLexical
			why := "is still loading its semantic index"
			if _, err := l.state(); err != nil {
				why = "has no semantic index (" + err.Error() + ")"
			}
			notes = append(notes, l.ID()+" "+why)
		}
		if len(libs) > 1 {
			lq.K = retrieval.MaxK
			lq.Product = ""
		}
		lq.Exclude = c.excludeFor(l, q.Exclude)
		if len(libs) > 1 && semantic && lq.Mode.UsesVectors() {
			if vector == nil {
				if vector, err = c.embedQuery(ctx, q.Text); err != nil {
					return nil, err
				}
			}
			lq.Vector = vector
		}
		rs, err := ix.Search(ctx, lq)
		if err != nil {
			return nil, fmt.Errorf("search %s: %w", l.ID(), err)
		}
		ans.Searched = append(ans.Searched, l.ID())
		lists = append(lists, ranked{l, rs})
		if lq.Mode != mode && len(libs) == 1 {
			ans.Mode = lq.Mode
		}
	}
	if len(ans.Searched) == 0 {
		return nil, fmt.Errorf("no library could be searched: %s", strings.Join(notes, "; "))
	}
	ans.Degraded = strings.Join(notes, "; ")
	var all []Result
	for i, l := range lists {
		date := l.lib.DocsDate()
		for _, r := range l.rs {
			all = append(all, Result{Result: r, Library: l.lib.Name(), Version: l.lib.Version(), DocsDate: date,
				Target: c.Target(l.lib, r.Path, r.Anchor), order: i})
		}
	}
	if len(lists) > 1 {
		weight := libraryWeights(all, mode)
		all = mergeRanked(all, mode, weight)
		ans.Close = closeLibraries(weight, ans.Searched)
	}
	if len(all) > k {
		all = all[:k]
	}
	ans.Results = all
	return ans, nil
}

// mergeRanked orders the results of several libraries as one ranking.
//
// When every library has vector scores (hybrid and vector modes), each
// library keeps its own ranking (its fused score) and is weighted by how
// well its docs match the question: its relevance is the mean cosine of
// its libraryEvidence best sections, and a library trailing the best one
// by d has its scores multiplied by exp(-d/libraryTau). A question about
// one library keeps that library's ranking intact, while a question two
// libraries match about equally interleaves them. Otherwise (keywords
// only) each result's place in a global vector list (by cosine) and a
// global keyword list (by BM25) is fused by reciprocal rank with the
// retrieval defaults. Grep results keep their libraries' order,
// interleaved.
//
// weight is libraryWeights(all, mode): nil for the global merge.
func mergeRanked(all []Result, mode retrieval.Mode, weight map[int]float64) []Result {
	rank := func(score func(Result) float64) map[int]int {
		idx := make([]int, 0, len(all))
		for i := range all {
			if score(all[i]) > 0 {
				idx = append(idx, i)
			}
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(score(all[b]), score(all[a])) })
		out := make(map[int]int, len(idx))
		for r, i := range idx {
			out[i] = r + 1
		}
		return out
	}
	var vec, lex map[int]int
	score := make([]float64, len(all))
	own := weight != nil && mode != retrieval.ModeGrep
	for i := range all {
		switch {
		case mode == retrieval.ModeGrep:
			score[i] = -float64(i)
		case own:
			score[i] = weight[all[i].order] * all[i].Score
		}
	}
	if !own && mode != retrieval.ModeGrep {
		vec = rank(func(r Result) float64 { return r.VectorScore })
		lex = rank(func(r Result) float64 { return r.LexScore })
		for i := range all {
			if r, ok := vec[i]; ok {
				score[i] += retrieval.DefaultVectorWeight / (retrieval.DefaultRRFK + float64(r))
			}
			if r, ok := lex[i]; ok {
				score[i] += retrieval.DefaultLexicalWeight / (retrieval.DefaultRRFK + float64(r))
			}
		}
	}
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(score[b], score[a]); c != 0 {
			return c
		}
		if c := cmp.Compare(all[a].order, all[b].order); c != 0 {
			return c
		}
		if own {
			return 0 // stable: a library's ties keep its own order
		}
		return cmp.Compare(all[a].Target, all[b].Target)
	})
	// Two versions of one docs set repeat many sections word for word, and
	// many more under the same page and heading with small edits: one copy
	// of a section stays (same text in any library, or same library name,
	// page and heading in another version), at the best place any copy
	// reached, and it is the copy of the first configured library. An agent
	// that wants an older version's copy asks that version.
	groups := newDupGroups(all)
	out := make([]Result, 0, len(all))
	seen := make(map[int]bool, len(all))
	for _, j := range order {
		g := groups.of(j)
		if seen[g] {
			continue
		}
		seen[g] = true
		r := all[groups.keep[g]]
		if mode != retrieval.ModeGrep {
			r.Score = score[j]
			if !own {
				r.VectorRank, r.LexicalRank = vec[j], lex[j]
			}
		}
		out = append(out, r)
	}
	return out
}

// libraryEvidence is how many of a library's best sections (by cosine)
// make its relevance to a question, and libraryTau how fast a library's
// weight falls as its relevance trails the best library's. Measured with
// docseek eval --search-all over WorkOS 0.2.0 + the Mastra reference docs
// (README, "Several libraries"): the mean of 5 and 0.05 keep Mastra out of
// the top 5 of all but 3 of the 413 WorkOS questions, with the WorkOS
// ranking unchanged; the best section alone, or a larger tau, let more in.
const (
	libraryEvidence = 5
	libraryTau      = 0.05
)

// libraryClose is how far a library's relevance may trail the best one's
// for the two to count as matching a question about equally
// (Answer.Close): 2*libraryTau, a weight of at least e^-2 = 0.14. Measured
// with scripts/eval_libraries.sh (eval/README.md, "Several libraries: what
// is left"), tuned on the WorkOS 0.2.0 and Mastra questions: of the
// questions whose first result came from another library than theirs,
// 0.1 names both libraries for 3 of 4 (0.08: 2 of 4), and it names two
// for 35 of the 413 WorkOS questions in all (0.12: 53).
const libraryClose = 2 * libraryTau

// libraryWeights returns each library's weight (by Result.order) when
// every library has vector scores to weigh it by (hybrid and vector modes,
// vectors ready); otherwise nil.
func libraryWeights(all []Result, mode retrieval.Mode) map[int]float64 {
	if !mode.UsesVectors() {
		return nil
	}
	cosines := make(map[int][]float64)
	for _, r := range all {
		cosines[r.order] = append(cosines[r.order], r.VectorScore)
	}
	relevance := make(map[int]float64, len(cosines))
	best := math.Inf(-1)
	for lib, cs := range cosines {
		slices.SortFunc(cs, func(a, b float64) int { return cmp.Compare(b, a) })
		if cs[0] <= 0 {
			return nil // keywords only: no semantic evidence to compare
		}
		cs = cs[:min(libraryEvidence, len(cs))]
		sum := 0.0
		for _, c := range cs {
			sum += c
		}
		relevance[lib] = sum / float64(len(cs))
		best = max(best, relevance[lib])
	}
	weight := make(map[int]float64, len(relevance))
	for lib, rel := range relevance {
		weight[lib] = math.Exp(-(best - rel) / libraryTau)
	}
	return weight
}

// closeLibraries returns the ids (ids[order]) of the libraries whose weight
// is at least that of a relevance libraryClose below the best, best first
// (ties in configuration order), when there are two or more; else nil.
func closeLibraries(weight map[int]float64, ids []string) []string {
	floor := math.Exp(-libraryClose / libraryTau)
	var orders []int
	for o, w := range weight {
		if w >= floor-1e-12 && o < len(ids) {
			orders = append(orders, o)
		}
	}
	if len(orders) < 2 {
		return nil
	}
	slices.SortFunc(orders, func(a, b int) int {
		if c := cmp.Compare(weight[b], weight[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make([]string, len(orders))
	for i, o := range orders {
		out[i] = ids[o]
	}
	return out
}

// scope returns the libraries a query names: one, or, with no library,
// each library at its default version (the first configured one, as
// Library picks it), with the ids of the versions left out. Two versions
// of one docs set repeat most sections, and a question that names no
// version is about the default one: searching both put an older copy of
// a page above the default version's for half of the WorkOS 0.2.0
// questions (README, "Several libraries").
func (c *Catalog) scope(library, version string) (libs []*Library, skipped []string, err error) {
	if strings.TrimSpace(library) == "" {
		if strings.TrimSpace(version) != "" {
			return nil, nil, fmt.Errorf("version %q given without a library; libraries: %s", version, strings.Join(c.ids(), ", "))
		}
		seen := make(map[string]bool, len(c.libs))
		for _, l := range c.libs {
			name := strings.ToLower(l.Name())
			if seen[name] {
				skipped = append(skipped, l.ID())
				continue
			}
			seen[name] = true
			libs = append(libs, l)
		}
		return libs, skipped, nil
	}
	l, err := c.Library(library, version)
	if err != nil {
		return nil, nil, err
	}
	return []*Library{l}, nil, nil
}

// waitBrief returns the library's index for a search in mode. A library
// whose docs are still parsing is waited for up to keywordWait (on a loaded
// machine parsing WorkOS can take seconds, and a first call must not fail for
// that); then, when the mode needs vectors that are not ready yet, until
// deadline at most (a keyword index answers after that).
func (l *Library) waitBrief(ctx context.Context, mode retrieval.Mode, deadline time.Time) (*retrieval.Index, bool, error) {
	ix, semantic := l.Index()
	if ix == nil {
		kw := time.NewTimer(keywordWait)
		defer kw.Stop()
		select {
		case <-l.kwDone:
		case <-kw.C:
		case <-ctx.Done():
			return nil, false, context.Cause(ctx)
		}
		ix, semantic = l.Index()
		// The brief wait for vectors starts once there is something to search.
		deadline = time.Now().Add(semanticWait)
	}
	if ix == nil {
		if ended, err := l.state(); ended && err != nil {
			return nil, false, err
		}
		return nil, false, ErrLoading
	}
	if semantic || !mode.UsesVectors() {
		return ix, semantic, nil
	}
	t := time.NewTimer(max(time.Until(deadline), 0))
	defer t.Stop()
	select {
	case <-l.done:
	case <-t.C:
	case <-ctx.Done():
		return nil, false, context.Cause(ctx)
	}
	if full, ok := l.Index(); full != nil {
		return full, ok, nil
	}
	return ix, false, nil
}

// ErrLoading reports a library whose docs are still loading.
var ErrLoading = errors.New("the docs are still loading (the first start embeds folders, which can take minutes); try again shortly")

// excludeFor keeps the exclusions that concern library l, without their
// library prefix.
func (c *Catalog) excludeFor(l *Library, targets []string) []string {
	var out []string
	for _, t := range targets {
		lib, rest, ok := c.splitLibrary(t)
		if ok && lib != l {
			continue
		}
		out = append(out, rest)
	}
	return out
}

// embedQuery embeds a question with the catalog's embedder.
func (c *Catalog) embedQuery(ctx context.Context, text string) ([]float32, error) {
	c.mu.Lock()
	e := c.embedder
	c.mu.Unlock()
	if e == nil {
		return nil, errors.New("search: no embedder loaded")
	}
	v, err := e.EmbedQuery(ctx, strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	return v, nil
}

// dupGroups joins the results that are copies of one section: the same text
// in any library, or the same library name, page and anchor in two versions.
// keep holds, per group, the index of the copy from the first configured
// library.
type dupGroups struct {
	parent []int
	keep   map[int]int
}

func newDupGroups(all []Result) *dupGroups {
	g := &dupGroups{parent: make([]int, len(all)), keep: make(map[int]int, len(all))}
	for i := range g.parent {
		g.parent[i] = i
	}
	byText := make(map[string]int, len(all))
	bySection := make(map[string]int, len(all))
	for i, r := range all {
		if j, ok := byText[r.Text]; ok {
			g.union(i, j)
		} else {
			byText[r.Text] = i
		}
		if r.Path == "" {
			continue // no page: nothing to match by section
		}
		key := r.Library + "\x00" + r.Path + "#" + r.Anchor
		if j, ok := bySection[key]; ok {
			g.union(i, j)
		} else {
			bySection[key] = i
		}
	}
	for i, r := range all {
		root := g.of(i)
		if k, ok := g.keep[root]; !ok || r.order < all[k].order {
			g.keep[root] = i
		}
	}
	return g
}

func (g *dupGroups) of(i int) int {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
}

func (g *dupGroups) union(a, b int) {
	if ra, rb := g.of(a), g.of(b); ra != rb {
		g.parent[ra] = rb
	}
}
