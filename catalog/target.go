package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// Targets across libraries. A target names a page or section of one
// library: "library:path#anchor" (library = a name, or "name@version" when
// the name has several versions), a full URL under a library's base URL,
// or a bare "path#anchor", which is accepted when exactly one library has
// it.

// Target is the fetch target of a section of library l: "path#anchor",
// prefixed with l's label and ":" when the catalog serves several
// libraries.
func (c *Catalog) Target(l *Library, path, anchor string) string {
	t := corpus.Target(path, anchor)
	if len(c.libs) == 1 {
		return t
	}
	return c.Label(l) + ":" + t
}

// Label is how targets name library l: its name, or "name@version" when
// another served library has the same name.
func (c *Catalog) Label(l *Library) string {
	for _, o := range c.libs {
		if o != l && o.cfg.Name == l.cfg.Name {
			return l.ID()
		}
	}
	return l.cfg.Name
}

// splitLibrary splits "library:rest" when library names a served library;
// otherwise it returns t unchanged and ok false.
func (c *Catalog) splitLibrary(t string) (*Library, string, bool) {
	t = strings.TrimSpace(t)
	if strings.Contains(t, "://") {
		return nil, t, false
	}
	name, rest, found := strings.Cut(t, ":")
	if !found || strings.ContainsAny(name, "/#") {
		return nil, t, false
	}
	l, err := c.Library(name, "")
	if err != nil {
		return nil, t, false
	}
	return l, strings.TrimLeft(rest, "/"), true
}

// ErrAmbiguous reports a bare target that more than one library has.
var ErrAmbiguous = errors.New("ambiguous target")

// AmbiguousError lists the libraries that have a bare target. It matches
// ErrAmbiguous with errors.Is.
type AmbiguousError struct {
	Target     string
	Candidates []string // full targets, "library:path#anchor"
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q is in several libraries; name one: %s", e.Target, strings.Join(e.Candidates, ", "))
}

// Unwrap makes errors.Is(err, ErrAmbiguous) hold.
func (e *AmbiguousError) Unwrap() error { return ErrAmbiguous }

// Document is a fetched page or section with the library it came from.
type Document struct {
	*retrieval.Document
	Library  string
	Version  string
	DocsDate string
	// Target is the full target of the document ("library:path#anchor"
	// when several libraries are served).
	Target string
}

// Fetch returns the page or section a target names; see Target for the
// syntax. An unknown target is a *retrieval.NotFoundError (suggestions
// carry their library prefix when several are served); a bare target
// several libraries have is an *AmbiguousError.
func (c *Catalog) Fetch(ctx context.Context, target string) (*Document, error) {
	l, rest, err := c.resolve(target)
	if err != nil {
		return nil, err
	}
	if l != nil {
		return c.fetchFrom(ctx, l, rest)
	}
	// A bare target: every library that has it.
	var found []*Document
	var firstNF *retrieval.NotFoundError
	for _, lib := range c.libs {
		d, err := c.fetchFrom(ctx, lib, rest)
		var nf *retrieval.NotFoundError
		switch {
		case err == nil:
			found = append(found, d)
		case errors.As(err, &nf):
			if firstNF == nil {
				firstNF = nf
			} else {
				firstNF.Suggestions = append(firstNF.Suggestions, nf.Suggestions...)
			}
		case errors.Is(err, ErrLoading):
		default:
			return nil, err
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		ae := &AmbiguousError{Target: target}
		for _, d := range found {
			ae.Candidates = append(ae.Candidates, d.Target)
		}
		return nil, ae
	case firstNF != nil:
		if len(firstNF.Suggestions) > 5 {
			firstNF.Suggestions = firstNF.Suggestions[:5]
		}
		firstNF.Target = target
		return nil, firstNF
	}
	return nil, ErrLoading
}

// resolve finds the library a target names: by "library:" prefix or by
// base URL; nil for a bare target.
func (c *Catalog) resolve(target string) (*Library, string, error) {
	t := strings.TrimSpace(target)
	if l, rest, ok := c.splitLibrary(t); ok {
		return l, rest, nil
	}
	if strings.Contains(t, "://") {
		var best *Library
		for _, l := range c.libs {
			base := l.cfg.BaseURL
			if base == "" || !hasURLPrefix(t, base) {
				continue
			}
			if best == nil || len(base) > len(best.cfg.BaseURL) {
				best = l
			}
		}
		if best == nil {
			var bases []string
			for _, l := range c.libs {
				if l.cfg.BaseURL != "" {
					bases = append(bases, l.ID()+" "+l.cfg.BaseURL)
				}
			}
			return nil, "", fmt.Errorf("%q is not under the base URL of a served library (%s): %w", target, strings.Join(bases, "; "), retrieval.ErrNotFound)
		}
		return best, t, nil // the index maps the URL to its page
	}
	if len(c.libs) == 1 {
		return c.libs[0], t, nil
	}
	return nil, t, nil
}

// hasURLPrefix reports whether u lies under base, ignoring the scheme's
// http/https difference.
func hasURLPrefix(u, base string) bool {
	strip := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
		return strings.TrimPrefix(s, "www.")
	}
	u, base = strip(u), strip(base)
	return u == base || strings.HasPrefix(u, base+"/") || strings.HasPrefix(u, base+"#")
}

// fetchFrom fetches a target (path, path#anchor or URL) from one library.
func (c *Catalog) fetchFrom(ctx context.Context, l *Library, target string) (*Document, error) {
	ix, err := l.WaitKeyword(ctx)
	if err != nil {
		return nil, err
	}
	d, err := ix.Fetch(ctx, target)
	var nf *retrieval.NotFoundError
	if errors.As(err, &nf) && len(c.libs) > 1 {
		for i := range nf.Suggestions {
			nf.Suggestions[i].Path = c.Label(l) + ":" + nf.Suggestions[i].Path
		}
	}
	if err != nil {
		return nil, err
	}
	return &Document{Document: d, Library: l.Name(), Version: l.Version(), DocsDate: l.DocsDate(), Target: c.Target(l, d.Path, d.Anchor)}, nil
}

// Listing is the answer of List: the libraries (no library named), or one
// library's tree under a prefix.
type Listing struct {
	// Libraries is set when the whole catalog was listed.
	Libraries []Status `json:"libraries,omitempty"`
	// Library, Version and DocsDate name the listed library otherwise.
	Library  string `json:"library,omitempty"`
	Version  string `json:"version,omitempty"`
	DocsDate string `json:"docs_date,omitempty"`
	// Prefix is the listed folder ("" for the top level).
	Prefix string `json:"prefix"`
	// Entries is the tree under Prefix, depth first.
	Entries []retrieval.ListEntry `json:"entries,omitempty"`
}

// Down returns a copy of l holding only the entries fewer than depth levels
// below its prefix; depth 0 keeps them all.
func (l *Listing) Down(depth int) *Listing {
	if depth <= 0 {
		return l
	}
	cp := *l
	cp.Entries = nil
	for _, e := range l.Entries {
		if e.Depth < depth {
			cp.Entries = append(cp.Entries, e)
		}
	}
	return &cp
}

// List lists the catalog: with no library and no prefix, the libraries;
// else the tree of one library under prefix (which may carry a "library:"
// prefix itself; a bare prefix is looked up in every library when several
// are served and must be in exactly one). An unknown prefix wraps
// retrieval.ErrNotFound.
func (c *Catalog) List(ctx context.Context, library, prefix string) (*Listing, error) {
	prefix = strings.TrimSpace(prefix)
	if library == "" && prefix == "" && len(c.libs) > 1 {
		out := &Listing{}
		for _, l := range c.libs {
			out.Libraries = append(out.Libraries, l.Status())
		}
		return out, nil
	}
	var libs []*Library
	switch {
	case library != "":
		l, err := c.Library(library, "")
		if err != nil {
			return nil, err
		}
		libs = []*Library{l}
	default:
		if l, rest, ok := c.splitLibrary(prefix); ok {
			libs, prefix = []*Library{l}, rest
		} else if l, err := c.Library(prefix, ""); err == nil && len(c.libs) > 1 {
			libs, prefix = []*Library{l}, "" // a library's name lists its root
		} else {
			libs = c.libs
		}
	}
	prefix = strings.Trim(prefix, "/")
	var found []*Listing
	var labels []string
	for _, l := range libs {
		ix, err := l.WaitKeyword(ctx)
		if err != nil {
			if len(libs) == 1 {
				return nil, err
			}
			continue
		}
		entries, err := ix.List(prefix)
		if errors.Is(err, retrieval.ErrNotFound) && len(libs) > 1 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("list %s %q: %w", l.ID(), prefix, err)
		}
		found = append(found, &Listing{Library: l.Name(), Version: l.Version(), DocsDate: l.DocsDate(), Prefix: prefix, Entries: entries})
		labels = append(labels, c.Label(l)+":"+prefix)
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("list %q: %w", prefix, retrieval.ErrNotFound)
	case 1:
		return found[0], nil
	}
	return nil, &AmbiguousError{Target: prefix, Candidates: labels}
}
