package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/retrieval"
)

// Catalog is what the server needs from the libraries (doc sets) it
// serves; *catalog.Catalog provides it. With Config.Catalog set, ask,
// fetch, list and the docs:// resources answer from it, across libraries;
// changelog and the workos_* tools keep answering from the Index given to
// New or NewPending. Implementations must be safe for concurrent use.
//
// The web page (--http) uses the same methods for its library and version
// pickers: Statuses lists what can be picked.
type Catalog interface {
	// Statuses lists the libraries in configured order: name, version,
	// source, pages, chunks, docs date and whether the semantic index is
	// ready.
	Statuses() []catalog.Status
	// Search ranks sections of one library (q.Library, q.Version) or of
	// all, each result naming its library.
	Search(ctx context.Context, q catalog.Query) (*catalog.Answer, error)
	// Fetch returns the page or section a target names:
	// "library:path#anchor", a URL under a library's base URL, or a bare
	// path that exactly one library has (else a *catalog.AmbiguousError).
	// Unknown targets return a *retrieval.NotFoundError.
	Fetch(ctx context.Context, target string) (*catalog.Document, error)
	// List lists the libraries (no library, no prefix), or one library's
	// tree under prefix; unknown prefixes wrap retrieval.ErrNotFound.
	List(ctx context.Context, library, prefix string) (*catalog.Listing, error)
}

// askCatalog answers ask from the catalog.
func (s *Server) askCatalog(ctx context.Context, in AskInput, q string, k int, mode retrieval.Mode, maxTokens int) (*Answer, error) {
	exclude := make([]string, 0, len(in.Exclude))
	for _, t := range in.Exclude {
		t, err := checkTarget("exclude", t, false)
		if err != nil {
			return nil, err
		}
		exclude = append(exclude, t)
	}
	product := strings.Trim(strings.TrimSpace(in.Product), "/")
	if product != "" && in.Library == "" && len(s.cfg.Catalog.Statuses()) > 1 {
		return nil, errors.New("product filters one library's docs: give library too (list shows the libraries)")
	}
	ans, err := s.cfg.Catalog.Search(ctx, catalog.Query{
		Query:   retrieval.Query{Text: q, K: k, Mode: mode, Product: product},
		Library: strings.TrimSpace(in.Library), Version: strings.TrimSpace(in.Version), Exclude: exclude,
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits := make([]hit, len(ans.Results))
	for i, r := range ans.Results {
		hits[i] = hit{Result: r.Result, target: r.Target, src: source{Library: r.Library, Version: r.Version, DocsDate: r.DocsDate}}
	}
	text, out := renderAsk(q, ans.Mode, hits, maxTokens, len(ans.Searched))
	out.Searched = ans.Searched
	out.NotSearched = ans.NotSearched
	var notes []string
	if ans.Degraded != "" {
		notes = append(notes, ans.Degraded+", so its results are ranked by keywords only.")
	}
	if len(ans.NotSearched) > 0 {
		notes = append(notes, "searched "+strings.Join(ans.Searched, ", ")+" (each library's default version); not searched: "+
			strings.Join(ans.NotSearched, ", ")+" (pass library and version to search one).")
	}
	if hint := ans.Hint(); hint != "" {
		notes = append(notes, hint)
	}
	if len(ans.Results) == k {
		more := fmt.Sprintf("For more, ask again with exclude set to these %d targets.", len(out.Results))
		text += "\n" + more + "\n"
		out.Notes = append(out.Notes, more)
	}
	return newAnswer(out, notes, text, hits), nil
}

// fetchError turns a fetch error into a message that helps the agent
// recover: the libraries an ambiguous target is in, or suggestions.
func fetchError(err error) error {
	var amb *catalog.AmbiguousError
	if errors.As(err, &amb) {
		var b strings.Builder
		fmt.Fprintf(&b, "%q is in several libraries. Call fetch again with one of:\n", amb.Target)
		for _, c := range amb.Candidates {
			fmt.Fprintf(&b, "- %s\n", c)
		}
		return errors.New(strings.TrimRight(b.String(), "\n"))
	}
	return notFound(err, "fetch")
}

// renderCatalogDocument writes a document fetched from the catalog.
func renderCatalogDocument(doc *catalog.Document) string {
	prefix := strings.TrimSuffix(doc.Target, target(doc.Path, doc.Anchor))
	src := source{Library: doc.Library, Version: doc.Version, DocsDate: doc.DocsDate}
	return renderDocumentFrom(doc.Document, maxPageChars, "fetch", prefix, src)
}

// listError says what to do about a list error.
func listError(err error, prefix string) error {
	var amb *catalog.AmbiguousError
	switch {
	case errors.As(err, &amb):
		return fmt.Errorf("%q is a folder in several libraries; list one of: %s", amb.Target, strings.Join(amb.Candidates, ", "))
	case errors.Is(err, retrieval.ErrNotFound):
		return fmt.Errorf("prefix %q is not a folder or page of the served docs; list with no prefix shows the libraries", strings.TrimSpace(prefix))
	}
	return err
}

// renderLibraries writes the list of served libraries.
func renderLibraries(libs []catalog.Status) string {
	var b strings.Builder
	noun := "libraries"
	if len(libs) == 1 {
		noun = "library"
	}
	fmt.Fprintf(&b, "%d %s served. Pass library (and version) to ask to search one; list a library's name to browse it; "+
		"fetch targets take the form library:path#anchor.\n\n", len(libs), noun)
	for _, l := range libs {
		semantic := "semantic search ready"
		switch {
		case l.State == "failed":
			semantic = "failed to load: " + l.Error
		case !l.Semantic && l.Error != "":
			semantic = "keyword search only (" + l.Error + ")"
		case !l.Semantic:
			semantic = "keyword search while the semantic index loads"
		}
		date := ""
		if l.DocsDate != "" {
			date = " · docs of " + l.DocsDate
		}
		base := ""
		if l.BaseURL != "" {
			base = " · " + l.BaseURL
		}
		fmt.Fprintf(&b, "- `%s` %s — %s%s · %d pages, %d chunks%s · %s\n", l.Name, l.Version, l.Source, base, l.Pages, l.Chunks, date, semantic)
	}
	return b.String()
}
