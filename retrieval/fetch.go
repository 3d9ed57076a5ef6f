package retrieval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// ErrBadTarget reports a fetch or list target that is not a docs path at
// all (traversal, control characters, too long). It is corpus.ErrBadTarget,
// so either matches with errors.Is. Targets never touch the file system:
// they are only looked up among the loaded pages.
var ErrBadTarget = corpus.ErrBadTarget

// maxSuggestions is how many "did you mean" links a NotFoundError carries.
const maxSuggestions = 6

// Fetch returns the page or section named by target: a page path
// ("sso/test-sso", "/sso/test-sso", "sso/test-sso.mdx"), a folder with an
// index page ("sso"), "path#anchor", or a full URL of a page. An anchor-style
// path ("authkit/roles-and-permissions/multiple-roles") resolves to that
// section, and a folder without an index page to a list of its entries.
// corpus.Resolver.Resolve owns the target syntax. An unknown target yields
// a *NotFoundError with suggestions; a malformed one an error matching
// ErrBadTarget.
func (ix *Index) Fetch(ctx context.Context, target string) (*Document, error) {
	res, err := ix.res.Resolve(target)
	switch {
	case errors.Is(err, ErrBadTarget):
		return nil, fmt.Errorf("fetch: %w", err)
	case res.Path == corpus.ChangelogPath && len(ix.c.Changelog) > 0:
		return ix.changelogDocument(target, res.Anchor)
	case res.Folder:
		if pos, ok := ix.nav[res.Path]; ok {
			return ix.folderDocument(pos), nil
		}
	case res.Page == nil:
	case res.Section >= 0:
		return ix.sectionDocument(res.Page, res.Section), nil
	case res.Anchor != "":
		return nil, &NotFoundError{Target: strings.TrimSpace(target), Suggestions: sectionSuggestions(res.Page, res.Anchor)}
	default:
		return ix.pageDocument(res.Page), nil
	}
	return nil, &NotFoundError{Target: strings.TrimSpace(target), Suggestions: ix.suggest(ctx, res.Path, res.Anchor)}
}

// pageDocument renders a whole page with its table of contents and its
// place in the docs tree.
func (ix *Index) pageDocument(p *corpus.Page) *Document {
	d := &Document{
		Path:        p.Path,
		Title:       p.Title,
		Description: p.Description,
		URL:         p.URL,
		Kind:        p.Kind,
		Breadcrumb:  []string{p.Title},
	}
	for i, s := range p.Sections {
		if i > 0 && s.Level > 0 {
			d.Sections = append(d.Sections, sectionLink(p, s))
		}
	}
	d.Markdown = strings.TrimSpace(p.Markdown("")) + "\n"
	d.Parent, d.Siblings, d.Children = ix.pageNav(p)
	return d
}

// folderDocument lists a folder that has no index page: its entries with
// their descriptions, as markdown and as children.
func (ix *Index) folderDocument(pos navPos) *Document {
	self := ix.navLink(pos.node)
	d := &Document{Path: pos.node.Path, Title: self.Title, Description: pos.node.Description, Kind: corpus.KindDoc, Breadcrumb: []string{self.Title}}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", self.Title)
	for _, ch := range pos.node.Children {
		l := ix.navLink(ch)
		d.Children = append(d.Children, l)
		fmt.Fprintf(&b, "- %s (`%s`)", l.Title, l.Path)
		if ch.Description != "" {
			fmt.Fprintf(&b, ": %s", strings.TrimSpace(ch.Description))
		}
		b.WriteString("\n")
	}
	d.Markdown = b.String()
	if parent := pos.parent; parent != nil {
		if parent.Path != "" {
			l := ix.navLink(parent)
			d.Parent = &l
		}
		for _, ch := range parent.Children {
			if ch != pos.node {
				d.Siblings = append(d.Siblings, ix.navLink(ch))
			}
		}
	}
	return d
}

// sectionDocument renders section i of p with its sub-sections.
func (ix *Index) sectionDocument(p *corpus.Page, i int) *Document {
	s := p.Sections[i]
	d := &Document{
		Path:        p.Path,
		Anchor:      s.Anchor,
		Title:       p.Title,
		Description: p.Description,
		URL:         corpus.SectionURL(p.URL, s.Anchor),
		Kind:        p.Kind,
		Breadcrumb:  s.Breadcrumb,
	}
	if len(d.Breadcrumb) == 0 {
		d.Breadcrumb = []string{p.Title, s.Heading}
	}
	for j, end := i+1, subtreeEnd(p, i); j < end; j++ {
		d.Sections = append(d.Sections, sectionLink(p, p.Sections[j]))
	}
	d.Markdown = strings.TrimSpace(p.Markdown(s.Anchor)) + "\n"

	page := &NavLink{Path: p.Path, Title: p.Title, URL: p.URL}
	d.Parent = page
	for j := range p.Sections {
		o := p.Sections[j]
		if j == 0 || o.Level == 0 {
			continue
		}
		switch {
		case o.Anchor == s.Parent && s.Parent != "":
			l := sectionLink(p, o)
			d.Parent = &l
		case o.Parent == s.Parent && j != i:
			d.Siblings = append(d.Siblings, sectionLink(p, o))
		case o.Parent == s.Anchor:
			d.Children = append(d.Children, sectionLink(p, o))
		}
	}
	return d
}

// subtreeEnd returns the index after the last sub-section of section i
// (the intro has none).
func subtreeEnd(p *corpus.Page, i int) int {
	lvl := p.Sections[i].Level
	j := i + 1
	if lvl == 0 {
		return j
	}
	for j < len(p.Sections) && p.Sections[j].Level > lvl {
		j++
	}
	return j
}

func sectionLink(p *corpus.Page, s corpus.Section) NavLink {
	return NavLink{Path: p.Path, Anchor: s.Anchor, Title: s.Heading, URL: corpus.SectionURL(p.URL, s.Anchor)}
}

// sectionSuggestions lists the sections of p whose anchors are closest to a.
func sectionSuggestions(p *corpus.Page, a string) []NavLink {
	type cand struct {
		l    NavLink
		dist int
	}
	var cs []cand
	for _, s := range p.Sections {
		if s.Anchor == "" {
			continue
		}
		cs = append(cs, cand{sectionLink(p, s), editDistance(strings.ToLower(a), strings.ToLower(s.Anchor))})
	}
	slices.SortStableFunc(cs, func(x, y cand) int { return x.dist - y.dist })
	out := []NavLink{{Path: p.Path, Title: p.Title, URL: p.URL}}
	for _, c := range cs {
		if len(out) == maxSuggestions {
			break
		}
		out = append(out, c.l)
	}
	return out
}

// suggest returns "did you mean" links for an unknown path: the pages whose
// paths are closest by edit distance, then the pages nearest in meaning to
// the path's words (by vector when the index has vectors, else lexically),
// and, when nothing is close, the top of the docs tree. Never empty unless
// the corpus has no pages.
func (ix *Index) suggest(ctx context.Context, path, anchor string) []NavLink {
	var out []NavLink
	seen := map[string]bool{}
	add := func(p *corpus.Page) {
		if p == nil || seen[p.Path] || len(out) >= maxSuggestions {
			return
		}
		seen[p.Path] = true
		out = append(out, NavLink{Path: p.Path, Title: p.Title, URL: p.URL})
	}
	for _, p := range ix.closePaths(path, 3) {
		add(p)
	}
	words := strings.TrimSpace(strings.NewReplacer("/", " ", "-", " ", "_", " ").Replace(path + " " + anchor))
	if words != "" {
		for _, p := range ix.nearestPages(ctx, words, maxSuggestions) {
			add(p)
		}
	}
	if len(out) == 0 {
		for _, e := range ix.navChildren("") {
			add(ix.pages[e.Path])
		}
	}
	return out
}

// closePaths returns up to n pages whose path (or last path segment) is
// within a small edit distance of path, closest first.
func (ix *Index) closePaths(path string, n int) []*corpus.Page {
	if path == "" {
		return nil
	}
	path = strings.ToLower(path)
	if len(path) > 200 {
		path = path[:200]
	}
	last := path[strings.LastIndexByte(path, '/')+1:]
	type cand struct {
		p    *corpus.Page
		dist int
	}
	var cs []cand
	for _, p := range ix.c.Pages {
		pp := strings.ToLower(p.Path)
		d := editDistance(path, pp)
		if d2 := editDistance(path, strings.TrimSuffix(pp, "/index")); d2 < d {
			d = d2
		}
		pl := pp[strings.LastIndexByte(pp, '/')+1:]
		if d3 := editDistance(last, pl) + 1; last != "" && d3 < d { // same name in another folder
			d = d3
		}
		if limit := max(2, len([]rune(path))/6); d <= limit { // typos, not different names
			cs = append(cs, cand{p, d})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.dist - b.dist }) // pages are in path order
	var out []*corpus.Page
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.p)
	}
	return out
}

// nearestPages returns up to n pages nearest in meaning to text: by vector
// over chunks when the index has vectors (falling back on error), else by
// BM25 over page titles, paths and descriptions.
func (ix *Index) nearestPages(ctx context.Context, text string, n int) []*corpus.Page {
	var out []*corpus.Page
	seen := map[string]bool{}
	if ix.vecs != nil {
		v, err := ix.queryVector(ctx, text)
		if err == nil {
			var list []scored
			list, err = ix.vectorSearch(ctx, v, 4*n, nil)
			for _, s := range list {
				c := &ix.c.Chunks[s.doc]
				if p := ix.pages[c.Path]; p != nil && !seen[p.Path] && len(out) < n {
					seen[p.Path] = true
					out = append(out, p)
				}
			}
		}
		if err == nil {
			return out
		}
		ix.cfg.Logger.Warn("suggestions fall back to lexical", "err", err)
	}
	for _, s := range ix.titles.search(text, n, nil) {
		out = append(out, ix.c.Pages[s.doc])
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
