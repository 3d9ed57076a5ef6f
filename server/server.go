package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// Index is what the server needs from a retrieval index; *retrieval.Index
// provides it. Implementations must be safe for concurrent use.
type Index interface {
	// Search returns the best chunks for a query.
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
	// Fetch resolves a path, path#anchor or URL; unknown targets return a
	// *retrieval.NotFoundError.
	Fetch(ctx context.Context, target string) (*retrieval.Document, error)
	// List returns the docs tree under prefix ("" for the root);
	// retrieval.ErrNotFound for an unknown prefix.
	List(prefix string) ([]retrieval.ListEntry, error)
	// Changelog returns platform changelog entries, newest first.
	Changelog(ctx context.Context, q retrieval.ChangelogQuery) ([]corpus.ChangelogEntry, error)
	// Corpus is the loaded corpus.
	Corpus() *corpus.Corpus
}

// Config configures a Server. The zero value is usable.
type Config struct {
	// Name is the implementation name sent to clients. Default "docseek".
	Name string
	// Version is the implementation version sent to clients. Default "dev".
	Version string
	// Logger receives server logs. Default: logs are discarded.
	Logger *slog.Logger
	// Catalog, when set, is where ask, fetch, list and the docs://
	// resources answer from, across its libraries; the Index then serves
	// changelog and the workos_* tools. Default nil: everything answers
	// from the Index.
	Catalog Catalog
	// DefaultMaxTokens bounds an ask answer when the caller gives no
	// max_tokens (estimated at 4 characters a token). Default 1800; kept
	// within ask's limits, 200 to 20000.
	DefaultMaxTokens int
	// LoadWait bounds how long a tool call waits for an index that is still
	// loading before it answers "still loading, try again". Default 20 s.
	LoadWait time.Duration
	// SemanticWait bounds how long a tool call waits for the semantic index
	// while only the provisional (keyword) index serves, before it answers
	// by keywords. The semantic index is usually a fraction of a second
	// behind, so a client that calls right after start still gets hybrid
	// answers. Default 2 s; negative means no wait.
	SemanticWait time.Duration
}

// Defaults and limits of the tools' inputs.
const (
	defaultMaxTokens  = 1800
	defaultK          = retrieval.DefaultK
	maxK              = retrieval.MaxK
	maxQuestionLen    = retrieval.MaxQueryLen
	minMaxTokens      = 200
	maxMaxTokens      = 20000
	defaultChangelogN = 10
	maxChangelogN     = 50
	maxExclude        = 200 // targets an ask may exclude
	// maxPageChars is the most text fetch returns before it switches to a
	// table of contents (about 6,000 tokens).
	maxPageChars = 24000
)

// Server is an MCP server over an Index. It is safe for concurrent use: one
// Server serves any number of sessions.
type Server struct {
	cfg     Config
	log     *slog.Logger
	mcp     *mcp.Server
	ready   chan struct{} // closed once ix or loadEr is set
	once    sync.Once
	ix      Index
	loadEr  error
	mu      sync.Mutex
	prov    Index         // answers while ix loads (or if it failed); guarded by mu
	provCh  chan struct{} // closed when prov is first set
	publish sync.Once
	// published are the catalog libraries whose pages are listed as
	// resources; guarded by mu.
	published map[string]bool
}

// New returns a Server answering from ix.
func New(ix Index, cfg Config) *Server {
	s, ready := NewPending(cfg)
	ready(ix, nil)
	return s
}

// NewPending returns a Server whose index is not loaded yet, and the function
// to call once it is (with the index, or with the error that stopped it
// loading). The server answers the MCP handshake at once; tool calls and
// resource reads wait for the index. Only the first call of ready counts.
func NewPending(cfg Config) (*Server, func(Index, error)) {
	if cfg.Name == "" {
		cfg.Name = "docseek"
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.DefaultMaxTokens <= 0 {
		cfg.DefaultMaxTokens = defaultMaxTokens
	}
	cfg.DefaultMaxTokens = min(max(cfg.DefaultMaxTokens, minMaxTokens), maxMaxTokens)
	if cfg.LoadWait <= 0 {
		cfg.LoadWait = 20 * time.Second
	}
	if cfg.SemanticWait == 0 {
		cfg.SemanticWait = 2 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, log: log, ready: make(chan struct{}), provCh: make(chan struct{})}
	s.mcp = mcp.NewServer(&mcp.Implementation{Name: cfg.Name, Title: "docseek: developer docs search", Version: cfg.Version}, &mcp.ServerOptions{
		Instructions:      instructionsFor(cfg.Catalog),
		Logger:            slog.New(quieter{log.Handler()}),
		CompletionHandler: s.complete,
		Capabilities: &mcp.ServerCapabilities{
			Tools:     &mcp.ToolCapabilities{ListChanged: true},
			Resources: &mcp.ResourceCapabilities{ListChanged: true},
		},
	})
	s.mcp.AddReceivingMiddleware(trimEchoes, s.waitForResources)
	if cfg.Catalog != nil {
		s.publish.Do(s.addCatalogTemplate) // the catalog publishes resources, not the Index
	}
	s.addTools()
	s.addCompatTools()
	return s, s.setIndex
}

const instructions = `docseek searches developer documentation by meaning and returns the exact sections with source links.
Start with "ask" for any question; use "fetch" with a result's path#anchor to read a whole section or page, "list" to browse the tree, and "changelog" for what changed recently.`

// instructionsFor is the server's instructions (which hosts such as Claude
// Code give the model): with several libraries served, it names them and
// says to pass library, since a question that names none is searched in
// every library and may match another's pages better (README, "Several
// libraries").
func instructionsFor(cat Catalog) string {
	if cat == nil {
		return instructions
	}
	sts := cat.Statuses()
	if len(sts) < 2 {
		return instructions
	}
	ids := make([]string, len(sts))
	for i, st := range sts {
		ids[i] = st.Name + " " + st.Version
	}
	return instructions + "\nLibraries served: " + strings.Join(ids, ", ") + ". Without library, ask searches each library at its default version " +
		"(the first listed); when you know which library a question is about (the project's dependencies, the user's words), pass library (and version) to ask."
}

// setIndex records the loaded index (or the load error) and publishes the
// pages as resources.
func (s *Server) setIndex(ix Index, err error) {
	s.once.Do(func() {
		if err == nil && ix == nil {
			err = errors.New("no index")
		}
		if err != nil {
			s.loadEr = fmt.Errorf("docs index unavailable: %w", err)
			switch {
			case errors.Is(err, context.Canceled):
			case s.provisional() != nil:
				s.log.Warn("index load failed; serving keyword search only", "err", err)
			default:
				s.log.Error("index load failed", "err", err)
			}
		} else {
			s.ix = ix
			s.publish.Do(func() { s.addResources(ix) })
		}
		close(s.ready)
	})
}

// Provisional gives the server an index to answer from until the one given
// to ready is loaded, or instead of it if loading fails: typically a
// lexical-only index, which opens in a fraction of the time. While it
// serves, ask and workos_search rank by keywords and say so.
func (s *Server) Provisional(ix Index) {
	if ix == nil {
		return
	}
	s.mu.Lock()
	first := s.prov == nil
	s.prov = ix
	s.mu.Unlock()
	s.publish.Do(func() { s.addResources(ix) })
	if first {
		close(s.provCh)
	}
}

func (s *Server) provisional() Index {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prov
}

// errLoading is returned by tools while the index is still loading.
var errLoading = errors.New("the docs index is still loading (the first start embeds the docs, which can take minutes); try again shortly")

// index returns the index to answer from, waiting at most cfg.LoadWait for
// it to load. See current.
func (s *Server) index(ctx context.Context) (Index, error) {
	ix, _, err := s.current(ctx)
	return ix, err
}

// current returns the loaded index; else the provisional one, with why it is
// serving (degraded != ""); else it waits at most cfg.LoadWait for either.
func (s *Server) current(ctx context.Context) (ix Index, degraded string, err error) {
	select {
	case <-s.ready:
		return s.final()
	default:
	}
	if p := s.provisional(); p != nil {
		if s.cfg.SemanticWait > 0 {
			semantic := time.NewTimer(s.cfg.SemanticWait)
			defer semantic.Stop()
			select {
			case <-s.ready:
				return s.final()
			case <-semantic.C:
			case <-ctx.Done():
				return nil, "", fmt.Errorf("waiting for the docs index to load: %w", context.Cause(ctx))
			}
		}
		return p, "the semantic index is still loading", nil
	}
	wait := time.NewTimer(s.cfg.LoadWait)
	defer wait.Stop()
	select {
	case <-s.ready:
		return s.final()
	case <-s.provCh:
		return s.current(ctx) // a keyword index serves: wait briefly for the semantic one
	case <-wait.C:
		return nil, "", errLoading
	case <-ctx.Done():
		return nil, "", fmt.Errorf("waiting for the docs index to load: %w", context.Cause(ctx))
	}
}

// final is current once loading has ended.
func (s *Server) final() (Index, string, error) {
	if s.loadEr != nil {
		if p := s.provisional(); p != nil {
			return p, "semantic search is unavailable (" + s.loadEr.Error() + ")", nil
		}
		return nil, "", s.loadEr
	}
	return s.ix, "", nil
}

// Ready reports whether the index is loaded, and the load error if loading
// failed. A provisional index does not make the server ready.
func (s *Server) Ready() (bool, error) {
	select {
	case <-s.ready:
		return s.loadEr == nil, s.loadEr
	default:
		return false, nil
	}
}

// MCP returns the underlying go-sdk server, to connect other transports.
func (s *Server) MCP() *mcp.Server { return s.mcp }

// quieter demotes the go-sdk's per-session Info logs (one per HTTP request
// in stateless mode) to Debug; warnings and errors pass unchanged.
type quieter struct{ slog.Handler }

func (q quieter) Enabled(ctx context.Context, l slog.Level) bool {
	return q.Handler.Enabled(ctx, demote(l))
}

func (q quieter) Handle(ctx context.Context, r slog.Record) error {
	r.Level = demote(r.Level)
	return q.Handler.Handle(ctx, r)
}

func (q quieter) WithAttrs(as []slog.Attr) slog.Handler { return quieter{q.Handler.WithAttrs(as)} }
func (q quieter) WithGroup(g string) slog.Handler       { return quieter{q.Handler.WithGroup(g)} }

func demote(l slog.Level) slog.Level {
	if l == slog.LevelInfo {
		return slog.LevelDebug
	}
	return l
}

// waitForResources holds resource requests until the index is loaded, so that
// a client listing resources right after the handshake sees every page.
func (s *Server) waitForResources(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		if r, ok := req.(*mcp.ReadResourceRequest); ok && r.Params != nil && hasControl(r.Params.URI) {
			// No page has one, and the SDK's own not-found error for it is
			// not valid JSON.
			return nil, resourceNotFound(r.Params.URI)
		}
		switch method {
		case "resources/list", "resources/read", "resources/templates/list":
			if s.cfg.Catalog != nil {
				s.publishCatalog(ctx)
				break
			}
			if _, err := s.index(ctx); err != nil && method == "resources/read" {
				return nil, err
			}
		}
		return next(ctx, method, req)
	}
}
