package catalog

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/retrieval"
)

// Tuning overrides the search defaults of every library's index (for eval's
// tuning runs). Zero fields keep the retrieval defaults.
type Tuning struct {
	VectorWeight, LexicalWeight float64
	RRFK                        float64
	PerPage, Depth              int
}

// Catalog is the set of libraries one docseek process serves, each with its
// own index, and whether each is ready. Build it with New, then Load (in
// the background for a server). It is safe for concurrent use.
type Catalog struct {
	cfg    Config
	tuning Tuning
	libs   []*Library
	// embedder is set once Load has it (nil for LexicalOnly); guarded by mu.
	mu       sync.Mutex
	embedder embed.Embedder
}

// New checks cfg and returns a Catalog whose libraries are not loaded yet.
// A bad config (names, versions, folders, globs) is an error wrapping
// ErrConfig; nothing is read but the folders' existence.
func New(cfg Config) (*Catalog, error) {
	cfg, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	c := &Catalog{cfg: cfg}
	for _, lc := range cfg.Libraries {
		c.libs = append(c.libs, newLibrary(lc))
	}
	return c, nil
}

// SetTuning overrides the search defaults of the indexes Load opens. Call
// it before Load.
func (c *Catalog) SetTuning(t Tuning) { c.tuning = t }

// Open is New then Load: it returns once every library is loaded, or the
// first error (config, docs, model or vectors).
func Open(ctx context.Context, cfg Config) (*Catalog, error) {
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if err := c.Load(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Libraries returns the libraries in configured order.
func (c *Catalog) Libraries() []*Library { return slices.Clone(c.libs) }

// Primary is the library the changelog and the WorkOS-compatible tools
// answer from: the WorkOS docs when they are served, else the first
// library.
func (c *Catalog) Primary() *Library {
	for _, l := range c.libs {
		if l.Name() == WorkOS {
			return l
		}
	}
	return c.libs[0]
}

// ErrUnknownLibrary reports a library name or version the catalog does not
// serve; the error text lists the ones it does.
var ErrUnknownLibrary = errors.New("unknown library")

// Library returns the library called name at version; version "" means the
// first configured library of that name. Unknown names and versions give
// an error wrapping ErrUnknownLibrary that lists what is served.
func (c *Catalog) Library(name, version string) (*Library, error) {
	name, version = strings.TrimSpace(name), strings.TrimSpace(version)
	if v, ok := strings.CutPrefix(version, "@"); ok {
		version = v
	}
	if n, v, ok := strings.Cut(name, "@"); ok && version == "" {
		name, version = n, v
	}
	var versions []string
	for _, l := range c.libs {
		if !strings.EqualFold(l.cfg.Name, name) {
			continue
		}
		if version == "" || l.cfg.Version == version {
			return l, nil
		}
		versions = append(versions, l.cfg.Version)
	}
	if len(versions) > 0 {
		return nil, fmt.Errorf("%w: %q has no version %q; served versions: %s", ErrUnknownLibrary, name, version, strings.Join(versions, ", "))
	}
	return nil, fmt.Errorf("%w %q; served libraries: %s", ErrUnknownLibrary, name, strings.Join(c.ids(), ", "))
}

func (c *Catalog) ids() []string {
	out := make([]string, len(c.libs))
	for i, l := range c.libs {
		out[i] = l.ID()
	}
	return out
}

// Load opens every library: it parses each one's docs and opens its keyword
// index (libraries in parallel, while the embedder loads), then adds each
// one's vectors in turn, libraries with a committed bundle first (they
// need no embedding). Each library answers by keywords as soon as its
// keyword index is open (see Library.Index). Load returns when every
// library has finished loading, with the errors of those that failed
// (joined); a failed library keeps serving keywords when its docs loaded.
func (c *Catalog) Load(ctx context.Context) error {
	log := c.cfg.Logger
	var (
		emb    embed.Embedder
		embErr error
		embWG  sync.WaitGroup
	)
	if !c.cfg.LexicalOnly {
		embWG.Add(1)
		go func() { // loads while the docs parse
			defer embWG.Done()
			emb, embErr = NewEmbedder(ctx, c.cfg.DataDir, c.cfg.Embedder, log)
		}()
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, l := range c.libs {
		g.Go(func() error {
			l.loadKeyword(gctx, c.cfg)
			return nil
		})
	}
	_ = g.Wait()
	embWG.Wait()
	if c.cfg.LexicalOnly {
		for _, l := range c.libs {
			l.mu.Lock()
			l.lexOnly = true
			l.mu.Unlock()
			l.finish(nil)
		}
		return c.loadErrors()
	}
	if embErr != nil {
		for _, l := range c.libs {
			l.finish(embErr)
		}
		return c.loadErrors()
	}
	c.mu.Lock()
	c.embedder = emb
	c.mu.Unlock()
	order := slices.Clone(c.libs)
	slices.SortStableFunc(order, func(a, b *Library) int {
		return boolInt(a.bundle == nil) - boolInt(b.bundle == nil)
	})
	for _, l := range order {
		l.loadVectors(ctx, c.cfg, c.tuning, emb)
	}
	return c.loadErrors()
}

// LoadPrimary is Load for a server: while the catalog loads it follows the
// Primary library, calling keyword with its keyword index as soon as that
// opens, then ready once with its full (semantic) index, or with the error
// that stopped it (opened without vectors, a failed model, or ctx done),
// which names the library and is not logged here.
// The keyword index keeps serving after a failure. It returns once
// loading has ended.
func (c *Catalog) LoadPrimary(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error)) {
	lib, log := c.Primary(), c.cfg.Logger
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		_ = c.Load(ctx) // each library records its own error
	}()
	defer func() { <-loaded }()
	if lex, err := lib.WaitKeyword(ctx); err == nil {
		keyword(lex)
		log.Info("serving keyword search while the semantic index loads", "library", lib.ID())
	}
	ix, err := lib.Wait(ctx)
	if ix != nil {
		if _, semantic := lib.Index(); !semantic {
			ix = nil
		}
	}
	if ix == nil {
		if err == nil {
			err = context.Cause(ctx)
		}
		if err == nil { // opened without vectors (LexicalOnly)
			err = fmt.Errorf("library %q: no semantic index (opened without vectors)", lib.ID())
		}
		// ready's owner (the server) logs the failure, once, with what
		// it still serves.
		ready(nil, fmt.Errorf("library %s: %w", lib.ID(), err))
		return
	}
	log.Info("docs index ready", "library", lib.ID(), "pages", len(ix.Corpus().Pages))
	ready(ix, nil)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// loadErrors joins the errors of the libraries that failed.
func (c *Catalog) loadErrors() error {
	var errs []error
	for _, l := range c.libs {
		if _, err := l.state(); err != nil {
			errs = append(errs, fmt.Errorf("library %q: %w", l.ID(), err))
		}
	}
	return errors.Join(errs...)
}

// Library is one doc set of a Catalog with its index. Its methods are safe
// for concurrent use.
type Library struct {
	cfg LibraryConfig

	mu       sync.Mutex
	lex      *retrieval.Index // keyword index; nil until the docs loaded
	full     *retrieval.Index // with vectors; nil until ready
	err      error            // why loading stopped short, if it did
	bundle   *bundles.Bundle
	docsDate string
	kwDone   chan struct{} // closed once the keyword index is open or failed
	done     chan struct{} // closed once loading has ended
	kwOnce   sync.Once
	doneOnce sync.Once
	lexOnly  bool // opened without vectors (Config.LexicalOnly)
}

func newLibrary(cfg LibraryConfig) *Library {
	return &Library{cfg: cfg, kwDone: make(chan struct{}), done: make(chan struct{})}
}

// Config returns the library's resolved configuration.
func (l *Library) Config() LibraryConfig { return l.cfg }

// ID is the library's "name@version".
func (l *Library) ID() string { return l.cfg.ID() }

// Name is the library's name.
func (l *Library) Name() string { return l.cfg.Name }

// Version is the library's version (a WorkOS package version or a label).
func (l *Library) Version() string { return l.cfg.Version }

// Index returns the best index the library has now and whether it holds
// vectors (semantic). It is nil while the docs are loading, or when they
// failed to load.
func (l *Library) Index() (ix *retrieval.Index, semantic bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.full != nil {
		return l.full, true
	}
	return l.lex, false
}

// Wait blocks until the library has finished loading (or ctx is done) and
// returns its index: the semantic one, or the keyword one when vectors
// failed (the error says why). It fails only when no index opened at all.
func (l *Library) Wait(ctx context.Context) (*retrieval.Index, error) {
	select {
	case <-l.done:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	ix, _ := l.Index()
	_, err := l.state()
	if ix == nil {
		return nil, err
	}
	return ix, err
}

// WaitKeyword blocks until the library's keyword index is open (or failed,
// or ctx is done) and returns the best index then.
func (l *Library) WaitKeyword(ctx context.Context) (*retrieval.Index, error) {
	select {
	case <-l.kwDone:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	ix, _ := l.Index()
	if ix == nil {
		_, err := l.state()
		return nil, err
	}
	return ix, nil
}

// Ready returns a channel closed once the library has finished loading.
func (l *Library) Ready() <-chan struct{} { return l.done }

// state reports whether loading ended and the error that stopped it short.
func (l *Library) state() (bool, error) {
	select {
	case <-l.done:
	default:
		return false, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return true, l.err
}

// Status is a snapshot of a library for list and health checks.
type Status struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Source   string `json:"source"`
	BaseURL  string `json:"base_url,omitempty"`
	Pages    int    `json:"pages"`
	Chunks   int    `json:"chunks"`
	DocsDate string `json:"docs_date,omitempty" jsonschema:"when the docs were published or last changed (YYYY-MM-DD)"`
	// State is "loading" (docs not parsed yet), "keyword" (answering by
	// keywords while vectors load), "ready" (semantic search), or "failed".
	State string `json:"state"`
	// Semantic reports whether the semantic (vector) index is ready.
	Semantic bool   `json:"semantic_ready"`
	Error    string `json:"error,omitempty"`
	// Model is the embedding model's id once the semantic index is ready.
	Model string `json:"model,omitempty"`
}

// Status returns a snapshot of the library.
func (l *Library) Status() Status {
	ended, _ := l.state()
	l.mu.Lock()
	defer l.mu.Unlock()
	s := Status{Name: l.cfg.Name, Version: l.cfg.Version, Source: l.cfg.Source(), BaseURL: l.cfg.BaseURL, DocsDate: l.docsDate}
	ix := l.full
	if ix == nil {
		ix = l.lex
	}
	if ix != nil {
		s.Pages, s.Chunks = len(ix.Corpus().Pages), len(ix.Corpus().Chunks)
	}
	if l.err != nil {
		s.Error = l.err.Error()
	} else if l.lexOnly {
		s.Error = "opened without vectors"
	}
	switch {
	case l.full != nil:
		s.State, s.Semantic, s.Model = "ready", true, l.full.Model()
	case l.lex != nil:
		s.State = "keyword"
	case ended:
		s.State = "failed"
	default:
		s.State = "loading"
	}
	return s
}

// DocsDate is when the library's docs were published or last changed
// (YYYY-MM-DD), "" while loading or when unknown.
func (l *Library) DocsDate() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.docsDate
}

// loadKeyword loads the docs and opens the keyword index.
func (l *Library) loadKeyword(ctx context.Context, cfg Config) {
	defer l.kwOnce.Do(func() { close(l.kwDone) })
	start := time.Now()
	c, err := loadCorpus(ctx, cfg, l.cfg)
	if err != nil {
		l.finish(err)
		return
	}
	var b *bundles.Bundle
	if !cfg.LexicalOnly && !cfg.Reembed {
		if b, err = bundles.Committed(c.Name, c.Version, cfg.Embedder.ModelName()); err != nil {
			l.finish(err)
			return
		}
	}
	lex, err := retrieval.Open(ctx, c, retrieval.Config{LexicalOnly: true, Logger: cfg.Logger})
	if err != nil {
		l.finish(fmt.Errorf("open keyword index: %w", err))
		return
	}
	l.mu.Lock()
	l.lex, l.bundle, l.docsDate = lex, b, docsDate(c, l.cfg)
	l.mu.Unlock()
	cfg.Logger.Info("library loaded; keyword search ready", "library", l.ID(), "pages", len(c.Pages),
		"chunks", len(c.Chunks), "took", time.Since(start).Round(time.Millisecond).String())
}

// loadVectors adds the vectors to the keyword index: from the committed
// bundle, from the stored collection (by content hash), else embedded live
// and stored.
func (l *Library) loadVectors(ctx context.Context, cfg Config, t Tuning, e embed.Embedder) {
	lex, _ := l.Index()
	if lex == nil {
		l.finish(nil) // the docs failed; the error is set
		return
	}
	c := lex.Corpus()
	if l.bundle == nil {
		cfg.Logger.Info("no committed bundle for this library and model; chunks are embedded live once and stored",
			"library", l.ID(), "model", cfg.Embedder.ModelName())
	}
	key := IndexKey(c.Name, c.Version, cfg.Embedder.ModelName())
	var progress func(done, total int)
	if cfg.Progress != nil {
		id := l.ID()
		progress = func(done, total int) { cfg.Progress(id, done, total) }
	}
	full, err := lex.WithVectors(ctx, retrieval.Config{
		Embedder:      e,
		Bundle:        l.bundle,
		Reembed:       cfg.Reembed,
		DataDir:       filepath.Join(cfg.DataDir, "index", key),
		CorpusKey:     key,
		Logger:        cfg.Logger.With("library", l.ID()),
		Progress:      progress,
		VectorWeight:  t.VectorWeight,
		LexicalWeight: t.LexicalWeight,
		RRFK:          t.RRFK,
		PerPage:       t.PerPage,
		Depth:         t.Depth,
	})
	if err != nil {
		l.finish(fmt.Errorf("semantic index: %w", err))
		return
	}
	l.mu.Lock()
	l.full = full
	l.mu.Unlock()
	cfg.Logger.Info("library ready", "library", l.ID(), "pages", len(c.Pages))
	l.finish(nil)
}

// finish ends loading, recording err when it is the first.
func (l *Library) finish(err error) {
	l.mu.Lock()
	if err != nil && l.err == nil {
		l.err = err
	}
	l.mu.Unlock()
	l.kwOnce.Do(func() { close(l.kwDone) })
	l.doneOnce.Do(func() { close(l.done) })
}

// loadCorpus loads the docs of one library: the WorkOS package (where
// corpus.FindDocs finds it, else synced into DataDir) or a folder.
func loadCorpus(ctx context.Context, cfg Config, lc LibraryConfig) (*corpus.Corpus, error) {
	dir, integrity := lc.Dir, ""
	if lc.isWorkOSPackage() {
		search := cfg.Docs
		search.Version, search.DataDir = lc.Version, cfg.DataDir
		loc, err := corpus.FindDocs(search)
		if err != nil {
			return nil, err
		}
		if loc.Skipped != "" {
			cfg.Logger.Info("docs package passed over", "library", lc.ID(), "reason", loc.Skipped)
		}
		if dir = loc.Dir; dir == "" {
			if dir, err = corpus.SyncNPM(ctx, corpus.NPMConfig{DataDir: cfg.DataDir, Version: lc.Version, Logger: cfg.Logger}); err != nil {
				return nil, err
			}
		} else {
			cfg.Logger.Debug("docs found", "library", lc.ID(), "dir", dir, "source", loc.Source)
		}
		integrity, _ = corpus.Integrity(lc.Version)
	}
	c, err := corpus.Load(ctx, dir, corpus.Options{
		Name: lc.Name, Version: lc.Version, Integrity: integrity, BaseURL: lc.BaseURL,
		Include: lc.Include, Exclude: lc.Exclude, KeepNumberPrefixes: lc.KeepNumberPrefixes,
	})
	if err != nil {
		return nil, err
	}
	for _, w := range c.Warnings {
		cfg.Logger.Warn("corpus", "library", lc.ID(), "file", w)
	}
	cfg.Logger.Debug("corpus loaded", "library", lc.ID(), "pages", len(c.Pages), "chunks", len(c.Chunks))
	return c, nil
}

// LoadCorpus loads the docs of the one library cfg names (the first when
// it names several), without opening an index: for commands that only
// inspect or embed the docs.
func LoadCorpus(ctx context.Context, cfg Config) (*corpus.Corpus, error) {
	cfg, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	return loadCorpus(ctx, cfg, cfg.Libraries[0])
}

// IndexKey names the stored collection of a library and model, e.g.
// "workos-0.2.0-all-MiniLM-L6-v2" (file-safe).
func IndexKey(name, version, model string) string {
	return strings.TrimSuffix(bundleName(name, version, model), bundleExt)
}

// Statuses returns a snapshot of every library, in configured order.
func (c *Catalog) Statuses() []Status {
	out := make([]Status, len(c.libs))
	for i, l := range c.libs {
		out[i] = l.Status()
	}
	return out
}
