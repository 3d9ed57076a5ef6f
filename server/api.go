package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// The tools' operations as Go methods: the MCP handlers are thin wrappers
// around them (they add the messages that help an agent recover), and other
// front ends (the web page in server/web) call them so that people see
// exactly what agents get. Inputs are checked here, with the same limits
// and messages as the tools. With Config.Catalog set they answer from it,
// as the tools do.

// Answer is the ask tool's answer to one question.
type Answer struct {
	AskOutput
	// Markdown is the tool's text content, exactly as the agent reads it.
	Markdown string
	// Note is what Markdown says before the results, "" if nothing: that
	// a degraded index answered (keyword search while the semantic index
	// loads), which versions were left out, that several libraries match
	// alike. Notes holds each of its sentences, and the text's other notes.
	Note string
	// Ranks says why each of Results ranked where it did, in the same order.
	Ranks []Rank
}

// Rank is why one result ranked where it did.
type Rank struct {
	// VectorRank and LexicalRank are the result's 1-based rank in the
	// vector and the lexical (BM25) list before fusion; 0 means it was not
	// in that list (or the mode did not use it).
	VectorRank, LexicalRank int
	// Score is the fused score the results are ordered by.
	Score float64
}

// newAnswer assembles an Answer from what renderAsk wrote for hits, with
// notes (sentences) that go before the results, in the text and in Notes.
func newAnswer(out AskOutput, notes []string, text string, hits []hit) *Answer {
	var prefix strings.Builder
	for _, n := range notes {
		prefix.WriteString(noteLine(n))
	}
	out.Notes = append(notes, out.Notes...)
	a := &Answer{AskOutput: out, Markdown: prefix.String() + text, Note: strings.TrimSpace(prefix.String())}
	for _, h := range hits[:len(out.Results)] {
		a.Ranks = append(a.Ranks, Rank{VectorRank: h.VectorRank, LexicalRank: h.LexicalRank, Score: h.Score})
	}
	return a
}

// Ask answers a question as the ask tool does.
func (s *Server) Ask(ctx context.Context, in AskInput) (*Answer, error) {
	q, err := checkText("question", in.Question, maxQuestionLen)
	if err != nil {
		return nil, err
	}
	k, err := checkRange("k", in.K, 1, maxK, defaultK)
	if err != nil {
		return nil, err
	}
	mode, err := checkMode(in.Mode)
	if err != nil {
		return nil, err
	}
	maxTokens, err := checkRange("max_tokens", in.MaxTokens, minMaxTokens, maxMaxTokens, s.cfg.DefaultMaxTokens)
	if err != nil {
		return nil, err
	}
	if len(in.Exclude) > maxExclude {
		return nil, fmt.Errorf("exclude has %d targets; the limit is %d", len(in.Exclude), maxExclude)
	}
	if s.cfg.Catalog != nil {
		return s.askCatalog(ctx, in, q, k, mode, maxTokens)
	}
	ix, degraded, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	if lib := strings.TrimSpace(in.Library); lib != "" && !strings.EqualFold(lib, ix.Corpus().Name) {
		return nil, fmt.Errorf("library %q is not served; this server serves %q", lib, ix.Corpus().Name)
	}
	mode, note := keywordsIfDegraded(mode, degraded)
	product := strings.Trim(strings.TrimSpace(in.Product), "/")
	if product != "" {
		if err := checkProduct(ix.Corpus(), product); err != nil {
			return nil, err
		}
	}
	results, err := ix.Search(ctx, retrieval.Query{Text: q, K: k, Mode: mode, Product: product, Exclude: in.Exclude})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := hitsOf(results, sourceOf(ix))
	text, out := renderAsk(q, mode, hits, maxTokens, 1)
	var notes []string
	if note != "" {
		notes = append(notes, note)
	}
	return newAnswer(out, notes, text, hits), nil
}

// Fetch returns a page or section as the fetch tool finds it. An unknown
// target returns a *retrieval.NotFoundError (with suggestions), one that
// several libraries have a *catalog.AmbiguousError. Without a catalog the
// document's Library is empty and its Target has no library prefix.
func (s *Server) Fetch(ctx context.Context, target string) (*catalog.Document, error) {
	t, err := checkTarget("target", target, false)
	if err != nil {
		return nil, err
	}
	if s.cfg.Catalog != nil {
		return s.cfg.Catalog.Fetch(ctx, t)
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	doc, err := ix.Fetch(ctx, t)
	if err != nil {
		return nil, err
	}
	return &catalog.Document{Document: doc, Target: corpus.Target(doc.Path, doc.Anchor)}, nil
}

// List returns the docs tree under in.Prefix as the list tool finds it (or,
// from a catalog of several libraries with no library and no prefix, the
// libraries). From a catalog, unknown prefixes wrap retrieval.ErrNotFound.
func (s *Server) List(ctx context.Context, in ListInput) (*catalog.Listing, error) {
	prefix, err := checkTarget("prefix", in.Prefix, true)
	if err != nil {
		return nil, err
	}
	if s.cfg.Catalog != nil {
		return s.cfg.Catalog.List(ctx, strings.TrimSpace(in.Library), prefix)
	}
	prefix = strings.Trim(prefix, "/")
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := ix.List(prefix)
	if errors.Is(err, retrieval.ErrNotFound) {
		return nil, fmt.Errorf("prefix %q is not a folder or page of these docs; top-level folders: %s",
			prefix, strings.Join(products(ix.Corpus()), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("list %q: %w", prefix, err)
	}
	c := ix.Corpus()
	return &catalog.Listing{Library: c.Name, Version: c.Version, Prefix: prefix, Entries: entries}, nil
}

// Changelog returns platform changelog entries, newest first, as the
// changelog tool finds them.
func (s *Server) Changelog(ctx context.Context, in ChangelogInput) ([]corpus.ChangelogEntry, error) {
	q, err := checkOptionalText("query", in.Query, maxQuestionLen)
	if err != nil {
		return nil, err
	}
	since, err := checkDate("since", in.Since)
	if err != nil {
		return nil, err
	}
	limit, err := checkRange("limit", in.Limit, 1, maxChangelogN, defaultChangelogN)
	if err != nil {
		return nil, err
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := ix.Changelog(ctx, retrieval.ChangelogQuery{Query: q, Since: since, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("changelog: %w", err)
	}
	return entries, nil
}

// Libraries reports what is served right now, without waiting: the
// catalog's libraries, or the one index. Model is set once the semantic
// index of a library is ready.
func (s *Server) Libraries() []catalog.Status {
	if s.cfg.Catalog != nil {
		return s.cfg.Catalog.Statuses()
	}
	ready, err := s.Ready()
	ix := s.provisional()
	if ready {
		ix = s.ix
	}
	var st catalog.Status
	switch {
	case ix == nil && err != nil:
		st.State, st.Error = "failed", err.Error()
	case ix == nil:
		st.State = "loading"
	case ready:
		st.State, st.Semantic = "ready", true
	default:
		st.State = "keyword"
		if err != nil {
			st.Error = err.Error()
		}
	}
	if ix != nil {
		c := ix.Corpus()
		st.Name, st.Version, st.BaseURL, st.Pages, st.Chunks = c.Name, c.Version, c.BaseURL, len(c.Pages), len(c.Chunks)
		if m, ok := ix.(interface{ Model() string }); ok && ready {
			st.Model = m.Model()
		}
	}
	return []catalog.Status{st}
}
