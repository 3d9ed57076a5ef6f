package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// Defaults of Config and Query.
const (
	DefaultK             = 8    // results per query when Query.K is 0
	MaxK                 = 50   // largest Query.K accepted
	MaxQueryLen          = 2000 // longest query accepted, in characters
	DefaultVectorWeight  = 1.0
	DefaultLexicalWeight = 1.0
	DefaultRRFK          = 10 // measured: 10 beats the customary 60 by ~3 points of page Recall@5 on both 0.2.0 question sets
	DefaultPerPage       = 2
	DefaultDepth         = 100
)

// ErrNoVectors is returned by vector and hybrid searches of an index opened
// with Config.LexicalOnly.
var ErrNoVectors = errors.New("index has no vectors (opened lexical-only)")

// Config configures Open. The zero value of every field but Embedder means
// its default; Open copies it.
type Config struct {
	// Embedder embeds queries (and chunks missing from the bundle). Required
	// unless LexicalOnly.
	Embedder embed.Embedder
	// LexicalOnly opens the index without vectors: no embedder or model is
	// needed, Fetch and List work, lexical and grep searches work, vector
	// and hybrid searches fail with ErrNoVectors, and suggestions are
	// lexical. Meant for commands that usually need no model (fetch).
	LexicalOnly bool

	// DataDir is where the vectors embedded live persist
	// (<CorpusKey>.chromem.vectors, named for the chromem-go store docseek
	// once used); "" keeps them in memory. Passed to the store.
	DataDir string
	// Bundle holds precomputed chunk vectors by content hash; nil means
	// none (every chunk is embedded live, or read from DataDir). A bundle
	// for another model is refused unless Reembed is set.
	Bundle *bundles.Bundle
	// CorpusKey names the persisted collection; default
	// "<corpus name>-<corpus version>-<model name>".
	CorpusKey string
	// Reembed ignores precomputed vectors and embeds every chunk live.
	Reembed bool
	// Progress is told how many of the chunks embedded live are done (first
	// with 0, last with all of them), from the goroutine embedding them; nil
	// means no reports. The library draws nothing: cmd turns the calls into
	// a bar or log lines.
	Progress func(done, total int)
	// Logger receives debug and warning logs; nil discards them.
	Logger *slog.Logger

	// VectorWeight and LexicalWeight weigh each list in reciprocal rank
	// fusion (score = w/(RRFK+rank) summed over lists). Default 1 each.
	VectorWeight, LexicalWeight float64
	// RRFK is the rank offset of reciprocal rank fusion: smaller values
	// favour the top of each list. Default 10.
	RRFK float64
	// PerPage is the most chunks of one page a result list holds. Default 2.
	PerPage int
	// Depth is how many candidates each list contributes before fusion,
	// de-duplication and the per-page limit. Default 100.
	Depth int
}

func (c *Config) setDefaults() {
	if c.VectorWeight == 0 {
		c.VectorWeight = DefaultVectorWeight
	}
	if c.LexicalWeight == 0 {
		c.LexicalWeight = DefaultLexicalWeight
	}
	if c.RRFK == 0 {
		c.RRFK = DefaultRRFK
	}
	if c.PerPage == 0 {
		c.PerPage = DefaultPerPage
	}
	if c.Depth == 0 {
		c.Depth = DefaultDepth
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Index searches and fetches the chunks and pages of one corpus. It is
// immutable after Open and safe for concurrent use.
type Index struct {
	c        *corpus.Corpus
	cfg      Config
	lex      *bm25
	vecs     *vectorMatrix // the chunk vectors, for queries; nil when lexical-only
	pages    map[string]*corpus.Page
	res      *corpus.Resolver  // what fetch targets name
	titles   *bm25             // over pages: title, path words, description
	prods    []string          // products, sorted
	nav      map[string]navPos // docs tree by path
	navRoot  *corpus.NavNode
	logIndex *bm25 // over changelog entries
}

// Open indexes c: BM25 postings over its chunks, and (unless LexicalOnly)
// the vector collection from the store.
func Open(ctx context.Context, c *corpus.Corpus, cfg Config) (*Index, error) {
	if c == nil {
		return nil, errors.New("open index: nil corpus")
	}
	cfg.setDefaults()
	if !cfg.LexicalOnly && cfg.Embedder == nil {
		return nil, errors.New("open index: Config.Embedder is required (or set LexicalOnly)")
	}
	if cfg.VectorWeight < 0 || cfg.LexicalWeight < 0 || cfg.RRFK < 0 || cfg.PerPage < 0 || cfg.Depth < 0 {
		return nil, errors.New("open index: negative weight, RRFK, PerPage or Depth")
	}
	ix := &Index{
		c:     c,
		cfg:   cfg,
		pages: make(map[string]*corpus.Page, len(c.Pages)),
		res:   corpus.NewResolver(c),
	}
	seen := make(map[string]bool, len(c.Chunks))
	for i := range c.Chunks {
		id := c.Chunks[i].ID
		if seen[id] {
			return nil, fmt.Errorf("open index: duplicate chunk id %q", id)
		}
		seen[id] = true
	}
	prods := map[string]bool{}
	for _, p := range c.Pages {
		ix.pages[p.Path] = p
		if p.Product != "" && p.Product != "reference" {
			prods[p.Product] = true
		}
	}
	for i := range c.Chunks {
		if p := c.Chunks[i].Product; p != "" && p != "reference" {
			prods[p] = true
		}
	}
	for p := range prods {
		ix.prods = append(ix.prods, p)
	}
	sort.Strings(ix.prods)
	ix.indexNav()

	// The lexical indexes build while the store loads vectors.
	var g errgroup.Group
	g.Go(func() error {
		ix.buildLexical()
		return nil
	})
	if !cfg.LexicalOnly {
		g.Go(func() error {
			vecs, err := openVectors(ctx, c, cfg)
			ix.vecs = vecs
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	return ix, nil
}

// WithVectors returns a full index over ix's corpus: ix's lexical indexes,
// built once, plus the vector collection cfg describes (cfg's fusion knobs
// apply to the new index). ix stays as it was and usable. It lets a server
// answer by keywords while the vectors load without building the lexical
// indexes twice.
func (ix *Index) WithVectors(ctx context.Context, cfg Config) (*Index, error) {
	cfg.setDefaults()
	if cfg.LexicalOnly || cfg.Embedder == nil {
		return nil, errors.New("open index with vectors: Config.Embedder is required")
	}
	if cfg.VectorWeight < 0 || cfg.LexicalWeight < 0 || cfg.RRFK < 0 || cfg.PerPage < 0 || cfg.Depth < 0 {
		return nil, errors.New("open index with vectors: negative weight, RRFK, PerPage or Depth")
	}
	vecs, err := openVectors(ctx, ix.c, cfg)
	if err != nil {
		return nil, fmt.Errorf("open index with vectors: %w", err)
	}
	full := *ix // the lexical indexes, maps and nav are immutable: shared
	full.cfg = cfg
	full.vecs = vecs
	return &full, nil
}

// openVectors opens the vector collection of c's chunks that cfg describes
// (persisting it as the store does) and returns its vectors laid out for
// queries.
func openVectors(ctx context.Context, c *corpus.Corpus, cfg Config) (*vectorMatrix, error) {
	key := cfg.CorpusKey
	if key == "" {
		model := cfg.Embedder.ModelID()
		key = c.Name + "-" + c.Version + "-" + model[strings.LastIndexByte(model, '/')+1:]
	}
	vecs, err := openCollection(ctx, storeConfig{
		Dir: cfg.DataDir, Embedder: cfg.Embedder, Bundle: cfg.Bundle, Reembed: cfg.Reembed,
		Logger: cfg.Logger, Progress: cfg.Progress, CorpusKey: key,
	}, c.Chunks)
	if err != nil {
		return nil, err
	}
	return newVectorMatrix(vecs, cfg.Embedder.Dimensions())
}

// buildLexical builds the BM25 indexes over chunks, page titles and
// changelog entries.
func (ix *Index) buildLexical() {
	c := ix.c
	tok := tokenizer{stem: true}
	ids := make([]string, len(c.Chunks))
	for i := range c.Chunks {
		ids[i] = c.Chunks[i].ID
	}
	ix.lex = newBM25(tok, defaultBM25Params, ids, func(i int) [numFields]string { return chunkFields(&c.Chunks[i]) })
	pageIDs := make([]string, len(c.Pages))
	for i, p := range c.Pages {
		pageIDs[i] = p.Path
	}
	ix.titles = newBM25(tok, defaultBM25Params, pageIDs, func(i int) [numFields]string {
		p := c.Pages[i]
		var f [numFields]string
		f[fieldTitle] = p.Title
		f[fieldHeadings] = strings.NewReplacer("/", " ", "-", " ").Replace(p.Path)
		f[fieldDescription] = p.Description
		return f
	})
	ix.logIndex = newChangelogIndex(tok, c.Changelog)
}

// Corpus returns the indexed corpus.
func (ix *Index) Corpus() *corpus.Corpus { return ix.c }

// Model is the id of the embedding model the index searches with, or ""
// when it was opened lexical-only.
func (ix *Index) Model() string {
	if ix.vecs == nil || ix.cfg.Embedder == nil {
		return ""
	}
	return ix.cfg.Embedder.ModelID()
}

// Products returns the product names Query.Product accepts, sorted.
func (ix *Index) Products() []string { return slices.Clone(ix.prods) }

// Search ranks the chunks that answer q.Text; see Mode for how. Results hold
// at most Config.PerPage chunks of one page and no two chunks with the same
// content. Rankings are deterministic: ties are broken by chunk id.
func (ix *Index) Search(ctx context.Context, q Query) ([]Result, error) {
	q, err := ix.checkQuery(q)
	if err != nil {
		return nil, err
	}
	allow := ix.filter(q.Product, q.Kind, q.Exclude)
	if q.Mode == ModeGrep {
		return ix.grep(q, allow), nil
	}
	var lex, vec []scored
	if q.Mode == ModeLexical || q.Mode == ModeHybrid {
		lex = ix.lex.search(q.Text, ix.cfg.Depth, allow)
	}
	if q.Mode.UsesVectors() {
		v := q.Vector
		if v == nil {
			if v, err = ix.queryVector(ctx, q.Text); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
		}
		vec, err = ix.vectorSearch(ctx, v, ix.cfg.Depth, allow)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	var ranked []fused
	switch q.Mode {
	case ModeLexical:
		ranked = single(lex, false)
	case ModeVector:
		ranked = single(vec, true)
	default:
		ranked = fuse(ix.lex.ids, vec, lex, ix.cfg.VectorWeight, ix.cfg.LexicalWeight, ix.cfg.RRFK)
	}
	ranked = ix.diversify(ranked, q.K)
	out := make([]Result, len(ranked))
	for i, f := range ranked {
		out[i] = ix.result(f)
	}
	return out, nil
}

// checkQuery validates q and fills in defaults.
func (ix *Index) checkQuery(q Query) (Query, error) {
	q.Text = strings.TrimSpace(q.Text)
	switch {
	case q.Text == "":
		return q, errors.New("search: empty query")
	case utf8.RuneCountInString(q.Text) > MaxQueryLen:
		return q, fmt.Errorf("search: query is %d characters; the limit is %d", utf8.RuneCountInString(q.Text), MaxQueryLen)
	case q.K < 0 || q.K > MaxK:
		return q, fmt.Errorf("search: k = %d; want 1..%d (0 means %d)", q.K, MaxK, DefaultK)
	}
	if q.K == 0 {
		q.K = DefaultK
	}
	switch q.Mode {
	case "":
		q.Mode = ModeHybrid
	case ModeHybrid, ModeVector, ModeLexical, ModeGrep:
	default:
		return q, fmt.Errorf("search: unknown mode %q; want hybrid, vector, lexical or grep", q.Mode)
	}
	if ix.vecs == nil && q.Mode.UsesVectors() {
		return q, fmt.Errorf("search: mode %q: %w", q.Mode, ErrNoVectors)
	}
	switch q.Kind {
	case "", corpus.KindDoc, corpus.KindReference, corpus.KindChangelog:
	default:
		return q, fmt.Errorf("search: unknown kind %q; want %q, %q or %q", q.Kind, corpus.KindDoc, corpus.KindReference, corpus.KindChangelog)
	}
	q.Product = strings.Trim(strings.ToLower(strings.TrimSpace(q.Product)), "/")
	if q.Product != "" && q.Product != "reference" && !slices.Contains(ix.prods, q.Product) {
		return q, fmt.Errorf("search: unknown product %q; known: %s", q.Product, strings.Join(ix.prods, ", "))
	}
	return q, nil
}

// filter returns the chunk filter for a product, a kind and the excluded
// targets, nil for none.
// Product "sso" matches pages under sso/ and reference pages under
// reference/sso/.
func (ix *Index) filter(product, kind string, exclude []string) func(int) bool {
	if product == "" && kind == "" && len(exclude) == 0 {
		return nil
	}
	skip := make(map[string]bool, len(exclude))
	for _, t := range exclude {
		skip[strings.Trim(strings.TrimSpace(t), "/")] = true
	}
	return func(i int) bool {
		c := &ix.c.Chunks[i]
		if kind != "" && c.Kind != kind {
			return false
		}
		if len(skip) > 0 && (skip[c.Path] || skip[c.Path+"#"+c.Anchor]) {
			return false
		}
		return product == "" || matchesProduct(c.Product, c.Path, product)
	}
}

// matchesProduct reports whether a page of the given product and path
// belongs to product p.
func matchesProduct(pageProduct, path, p string) bool {
	if pageProduct == p || path == p || strings.HasPrefix(path, p+"/") {
		return true
	}
	rest, ok := strings.CutPrefix(path, "reference/")
	return ok && (rest == p || strings.HasPrefix(rest, p+"/"))
}

// queryVector embeds a query.
func (ix *Index) queryVector(ctx context.Context, text string) ([]float32, error) {
	if ix.vecs == nil {
		return nil, ErrNoVectors
	}
	v, err := ix.cfg.Embedder.EmbedQuery(ctx, text)
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(v) == 0 {
		return nil, errors.New("embed query: empty vector")
	}
	return v, nil
}

// vectorSearch returns up to depth chunks nearest to v that allow accepts,
// best first, ties broken by id.
func (ix *Index) vectorSearch(ctx context.Context, v []float32, depth int, allow func(int) bool) ([]scored, error) {
	if ix.vecs.n == 0 || depth <= 0 {
		return nil, nil
	}
	if len(v) != ix.vecs.dims {
		return nil, fmt.Errorf("vector query: the query has %d dimensions, the chunks %d", len(v), ix.vecs.dims)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("vector query: %w", err)
	}
	top := newTopK(depth, ix.lex.ids)
	for i, s := range ix.vecs.similarities(normalized(v)) {
		if allow != nil && !allow(i) {
			continue
		}
		top.push(scored{doc: int32(i), score: float64(s)})
	}
	return top.sorted(), nil
}

// grep runs the substring baseline, filtered.
func (ix *Index) grep(q Query, allow func(int) bool) []Result {
	if q.Product == "" && q.Kind == "" && len(q.Exclude) == 0 {
		return grepSearch(ix.c, q.Text, q.K)
	}
	var out []Result
	for _, r := range grepSearch(ix.c, q.Text, len(ix.c.Pages)) {
		if q.Kind != "" && r.Kind != q.Kind {
			continue
		}
		if slices.Contains(q.Exclude, r.Path) {
			continue
		}
		if q.Product != "" {
			p := ix.pages[r.Path]
			if p == nil || !matchesProduct(p.Product, p.Path, q.Product) {
				continue
			}
		}
		out = append(out, r)
		if len(out) == q.K {
			break
		}
	}
	return out
}

// result turns a ranked chunk into a Result.
func (ix *Index) result(f fused) Result {
	c := &ix.c.Chunks[f.doc]
	return Result{
		ID:          c.ID,
		Path:        c.Path,
		Anchor:      c.Anchor,
		Section:     c.Section,
		Breadcrumb:  c.Breadcrumb,
		Title:       c.Title,
		URL:         c.URL,
		Kind:        c.Kind,
		Date:        c.Date,
		Text:        c.Text,
		Score:       f.score,
		VectorRank:  f.vecRank,
		LexicalRank: f.lexRank,
		VectorScore: f.vecScore,
		LexScore:    f.lexScore,
	}
}
