package corpus

import (
	"fmt"
	"net/url"
	"strings"
)

// Resolving a target: which page, section or folder of the docs it names.
// This file is the one home of those rules (retrieval's Fetch and
// Corpus.Resolve both go through Resolver.Resolve); the syntax checks it
// starts with are in target.go.
//
// A target is cleaned (CheckTarget, then CleanPath) and then looked up:
//
//	URL    -> the page whose source link it is; else its path, under the
//	          base URL when it has it, with leading segments dropped until
//	          something matches ("https://x.example/en/docs/sso" -> "sso")
//	path   -> a page ("sso/test-sso"), a folder's index page ("sso" ->
//	          "sso/index"; "" -> "index"), the page whose source link is
//	          the path under the base URL (a Docusaurus slug: "quick-start"
//	          -> "getting-started/quick-start"), the page of a numbered file
//	          ("04-guides/02-chatbot" -> "guides/chatbot", Corpus.Renamed),
//	          a site path ("docs/sso" -> "sso"), an anchor-style path
//	          ("authkit/roles/multiple-roles" -> "authkit/roles#multiple-roles"),
//	          a folder of the tree that has no index page
//	#anchor -> a section of the page: exact anchor, else case-insensitive

// Resolver finds what targets name among the pages of one corpus. It is
// immutable and safe for concurrent use. Load builds the one Corpus.Resolve
// uses; NewResolver builds one for any Corpus.
type Resolver struct {
	base    string            // the corpus's base URL, normalised (normURL)
	pages   map[string]*Page  // by path
	urls    map[string]*Page  // by normalised source URL
	folders map[string]bool   // folders of the docs tree ("" is the root)
	renamed map[string]string // numbered file and folder paths -> paths
}

// NewResolver indexes the pages, source links and folders of c: its Nav,
// or, when Nav is nil (a Corpus put together in memory), the tree NavOf
// builds. Cost is linear in the number of pages.
func NewResolver(c *Corpus) *Resolver {
	r := &Resolver{
		pages:   make(map[string]*Page, len(c.Pages)),
		urls:    make(map[string]*Page, len(c.Pages)),
		folders: map[string]bool{},
		renamed: c.filePaths,
	}
	if c.BaseURL != "" {
		r.base = normURL(c.BaseURL)
	}
	for _, p := range c.Pages {
		if _, dup := r.pages[p.Path]; !dup {
			r.pages[p.Path] = p
		}
		if p.URL != "" {
			r.urls[normURL(p.URL)] = p // "x" and "x/index" share a link: the later one, in path order, wins
		}
	}
	nav := c.Nav
	if nav == nil {
		nav = NavOf(c.Pages)
	}
	var walk func(n *NavNode)
	walk = func(n *NavNode) {
		if !n.IsPage {
			r.folders[n.Path] = true
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(nav)
	return r
}

// Resolution is what a target names: a page, a section of a page, or a
// folder of the docs tree.
type Resolution struct {
	// Path is the docs path the target names once cleaned: without slashes,
	// extension, query, base URL, "docs/" site prefix or number prefixes
	// ("sso" for "/docs/sso/", "guides/chatbot" for "04-guides/02-chatbot").
	// It is the page's path or its folder's when a page was found
	// ("sso" for the page "sso/index"), the folder's path for a folder, the
	// anchor-style path for a section named that way, and the cleaned path
	// when nothing matched (the words to suggest pages from).
	Path string
	// Anchor is the anchor the target asked for after "#", trimmed; "" when
	// it asked for none (also for an anchor-style path).
	Anchor string
	// Page is the page named; nil for a folder or an unknown page.
	Page *Page
	// Section is the index in Page.Sections of the section named, or -1
	// for a whole page (or no page).
	Section int
	// Folder reports a folder of the docs tree that has no index page,
	// named without an anchor. Page is then nil and Path is the folder.
	Folder bool
}

// Resolve finds what target names. target is a page path ("sso/test-sso",
// "/sso/test-sso.mdx", "/docs/sso/test-sso", a numbered file's path), a
// folder ("sso" names its index page), "path#anchor", a full http(s) URL
// of a page or section, or an anchor-style path
// ("authkit/roles/multiple-roles"). The error is nil for a page, a section
// or a folder (Resolution.Folder), and otherwise:
//   - matches ErrBadTarget for a target that can never name a page (empty,
//     longer than MaxTargetLen, control characters, "." or ".." segments,
//     backslashes, ":" outside a URL's scheme, a drive letter, "~", a
//     system root such as "/etc", or a URL that is not http(s));
//   - matches ErrNotFound for an unknown section of a known page
//     (Resolution.Page is set, Section is -1) or an unknown page or folder
//     (Page is nil, Path and Anchor say what was asked for).
func (r *Resolver) Resolve(target string) (Resolution, error) {
	none := Resolution{Section: -1}
	t, err := CheckTarget("target", target)
	if err != nil {
		return none, err
	}
	var p, anchor string
	var res Resolution
	var ok bool
	if strings.Contains(t, "://") {
		p, anchor, res, ok, err = r.resolveURL(t)
	} else {
		p, anchor, _ = strings.Cut(t, "#")
		p, _, _ = strings.Cut(p, "?")
		anchor = strings.TrimSpace(anchor)
		if p, err = CleanPath(p); err == nil {
			res, ok = r.lookup(p, anchor)
		}
	}
	switch {
	case err != nil:
		return none, fmt.Errorf("target %q: %w", strings.TrimSpace(target), err)
	case !ok:
		none.Path, none.Anchor = p, anchor
		return none, fmt.Errorf("page %q: %w", p, ErrNotFound)
	case res.Page != nil && res.Anchor != "" && res.Section < 0:
		return res, fmt.Errorf("section %q of page %q: %w", res.Anchor, res.Page.Path, ErrNotFound)
	}
	return res, nil
}

// resolveURL resolves a full URL (already checked by CheckTarget): the
// page whose source link it is, else its path (under the base URL when it
// has it) with leading segments dropped until something matches. p is the
// cleaned path when nothing does.
func (r *Resolver) resolveURL(raw string) (p, anchor string, res Resolution, ok bool, err error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", "", res, false, badTargetf("%q is not an http(s) URL", raw)
	}
	anchor = strings.TrimSpace(u.Fragment)
	norm := normURL(raw)
	if pg := r.urls[norm]; pg != nil {
		return pg.Path, anchor, r.inPage(pg.Path, pg, anchor), true, nil
	}
	rest := u.EscapedPath()
	if r.base != "" {
		if tail, under := strings.CutPrefix(norm, r.base); under && (tail == "" || tail[0] == '/') {
			rest = tail
		}
	}
	if un, err := url.PathUnescape(rest); err == nil {
		rest = un
	}
	if p, err = CleanPath(rest); err != nil {
		return "", "", res, false, err
	}
	for cand := p; ; {
		if res, ok = r.lookup(cand, anchor); ok {
			return cand, anchor, res, true, nil
		}
		_, next, more := strings.Cut(cand, "/")
		if !more {
			return p, anchor, res, false, nil
		}
		cand = next
	}
}

// lookup finds what a clean path names, trying in turn: a page or its
// folder's index page (also under the path's number-free name); for a
// "docs/..." path that is no folder, the rest as a site path; the section
// an anchor-style path names; a folder without index page.
func (r *Resolver) lookup(p, anchor string) (Resolution, bool) {
	if q, pg := r.named(p); pg != nil {
		return r.inPage(q, pg, anchor), true
	}
	if pg := r.urls[normURL(r.base+"/"+p)]; pg != nil {
		// A page served at another path than its file's (a Docusaurus
		// slug: getting-started/quick-start.md at /quick-start), named as
		// the site's own links name it.
		return r.inPage(pg.Path, pg, anchor), true
	}
	if rest, site := strings.CutPrefix(p, "docs/"); site && !r.folders[p] {
		if res, ok := r.lookup(rest, anchor); ok {
			return res, true
		}
	}
	if anchor != "" {
		return Resolution{}, false
	}
	if i := strings.LastIndexByte(p, '/'); i > 0 {
		if _, pg := r.named(p[:i]); pg != nil {
			if s := sectionIndex(pg, p[i+1:]); s >= 0 {
				return Resolution{Path: p, Page: pg, Section: s}, true
			}
		}
	}
	if r.folders[p] {
		return Resolution{Path: p, Section: -1, Folder: true}, true
	}
	if to, ok := r.renamed[p]; ok && r.folders[to] {
		return Resolution{Path: to, Section: -1, Folder: true}, true
	}
	return Resolution{}, false
}

// named returns the page at clean path p, or at its number-free name, with
// the path it was found at.
func (r *Resolver) named(p string) (string, *Page) {
	if pg := r.page(p); pg != nil {
		return p, pg
	}
	if to, ok := r.renamed[p]; ok {
		if pg := r.page(to); pg != nil {
			return to, pg
		}
	}
	return p, nil
}

// page returns the page at clean path p or its folder's index page ("" is
// the root's "index"), or nil.
func (r *Resolver) page(p string) *Page {
	if pg := r.pages[p]; pg != nil {
		return pg
	}
	if p == "" {
		return r.pages["index"]
	}
	return r.pages[p+"/index"]
}

// inPage is the resolution of page pg (named by path p) with an anchor.
func (r *Resolver) inPage(p string, pg *Page, anchor string) Resolution {
	res := Resolution{Path: p, Anchor: anchor, Page: pg, Section: -1}
	if anchor != "" {
		res.Section = sectionIndex(pg, anchor)
	}
	return res
}

// sectionIndex returns the index in p.Sections of the section with anchor
// a (exact, else case-insensitive), or -1.
func sectionIndex(p *Page, a string) int {
	if a == "" {
		return -1
	}
	for i, s := range p.Sections {
		if s.Anchor == a {
			return i
		}
	}
	for i, s := range p.Sections {
		if s.Anchor != "" && strings.EqualFold(s.Anchor, a) {
			return i
		}
	}
	return -1
}

// normURL normalises a URL for lookup: lower-case scheme and host, no query
// or fragment, no trailing slash.
func normURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return strings.TrimRight(raw, "/")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	return strings.TrimRight(u.String(), "/")
}

// resolver returns the Resolver Load built, or indexes a Corpus put
// together in memory afresh (linear in its pages: build a Resolver once
// with NewResolver for repeated lookups).
func (c *Corpus) resolver() *Resolver {
	if c.res != nil {
		return c.res
	}
	return NewResolver(c)
}

// Page returns the page at a path. It accepts "sso" and "sso/index", leading
// and trailing slashes, a ".md"/".mdx" extension, and, where the corpus
// strips number prefixes from paths, the file's numbered path
// ("04-guides/02-chatbot" for "guides/chatbot"). It is a plain lookup: use
// Resolve for URLs, anchors and client input.
func (c *Corpus) Page(p string) (*Page, bool) {
	_, pg := c.resolver().named(trimPath(p))
	return pg, pg != nil
}

// Renamed returns the path of the page or folder whose file path p lost
// its number prefixes ("04-guides/02-chatbot" -> "guides/chatbot", "04-guides"
// -> "guides"; see Options.KeepNumberPrefixes), and whether there is one. p
// is a clean path without extension.
func (c *Corpus) Renamed(p string) (string, bool) {
	to, ok := c.filePaths[p]
	return to, ok
}

// Resolve finds the page, and the section when the target names one, for
// any target Resolver.Resolve accepts: a page path ("sso"), a path with an
// anchor ("sso#1-add-sso-to-your-app"), a full source URL, or an
// anchor-style path ("/authkit/roles/multiple-roles" meaning
// "authkit/roles#multiple-roles"). The section is nil for a whole page.
// Unknown targets, and folders without an index page, return an error
// matching ErrNotFound (with the page for an unknown section of it);
// targets with ".." or other unsafe parts one matching ErrBadTarget.
func (c *Corpus) Resolve(target string) (*Page, *Section, error) {
	res, err := c.resolver().Resolve(target)
	switch {
	case err != nil:
		return res.Page, nil, err
	case res.Folder:
		return nil, nil, fmt.Errorf("page %q: a folder without an index page: %w", res.Path, ErrNotFound)
	case res.Section >= 0:
		return res.Page, &res.Page.Sections[res.Section], nil
	}
	return res.Page, nil, nil
}

// trimPath trims spaces, slashes and a ".md"/".mdx" extension from a path.
func trimPath(p string) string {
	p = strings.Trim(strings.TrimSpace(p), "/")
	for _, ext := range []string{".mdx", ".md"} {
		p = strings.TrimSuffix(p, ext)
	}
	return p
}
