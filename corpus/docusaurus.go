package corpus

import (
	"bytes"
	"path"
	"strings"
)

// Docusaurus gives a page the URL its frontmatter asks for, not its file's:
// `slug: /quick-start` on getting-started/quick-start.md serves it at
// <docs>/quick-start, `slug: token` on rag/chunkers/token-chunker.md at
// <docs>/rag/chunkers/token, `id: x` renames the last segment, and a
// category index (index.md, README.md, or agents/mcp/mcp.md named like its
// folder) is served at its folder.
//
// Other generators read the same keys differently (Hugo's slug renames only
// the last segment, Starlight's is the whole path without a leading slash),
// and a wrong link is worse than a path-derived one. So these rules apply
// only to a docs folder that shows itself to be Docusaurus: a page importing
// from Docusaurus's own aliases (@theme/, @docusaurus/, @site/) or with a
// frontmatter key only Docusaurus reads (docusaurusKeys).

// docusaurusKeys are frontmatter keys that only Docusaurus reads.
var docusaurusKeys = map[string]bool{
	"sidebar_position": true, "sidebar_label": true, "sidebar_class_name": true,
	"sidebar_custom_props": true, "displayed_sidebar": true, "pagination_label": true,
	"pagination_next": true, "pagination_prev": true, "hide_table_of_contents": true,
	"custom_edit_url": true,
}

// docusaurusAliases are the module prefixes only a Docusaurus site resolves.
var docusaurusAliases = [][]byte{[]byte("@theme/"), []byte("@docusaurus/"), []byte("@site/")}

// importsDocusaurus reports whether a page body (without frontmatter) has
// an MDX import from a Docusaurus alias outside fenced code. It reads each
// line once.
func importsDocusaurus(body []byte) bool {
	var fence fenceState
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		if fence.inside() || fence.opens(line) {
			fence.update(line)
			continue
		}
		if !bytes.HasPrefix(line, []byte("import ")) || !esmStart(line) {
			continue
		}
		for _, alias := range docusaurusAliases {
			if bytes.Contains(line, append([]byte("'"), alias...)) || bytes.Contains(line, append([]byte("\""), alias...)) {
				return true
			}
		}
	}
	return false
}

// docusaurusURL is the source link Docusaurus gives the page at pagePath
// (number prefixes already dropped) under base, the docs' route. A slug or
// id it cannot read safely (a "..", a scheme, a query or fragment, spaces)
// leaves the path-derived link.
func docusaurusURL(base, pagePath string, fm frontmatter) string {
	dir := path.Dir(pagePath)
	if dir == "." {
		dir = ""
	}
	name := path.Base(pagePath)
	var p string
	switch {
	case fm.Slug != "" && safeSlug(fm.Slug):
		if strings.HasPrefix(fm.Slug, "/") {
			p = fm.Slug
		} else {
			p = dir + "/" + fm.Slug
		}
	case fm.Slug != "":
		return pageURL(base, pagePath)
	case strings.EqualFold(name, "index") || strings.EqualFold(name, "readme") || (dir != "" && strings.EqualFold(name, path.Base(dir))):
		p = dir
	case fm.ID != "" && safeSlug(fm.ID) && !strings.Contains(fm.ID, "/"):
		p = dir + "/" + fm.ID
	default:
		return pageURL(base, pagePath)
	}
	p = strings.Trim(path.Clean("/"+p), "/")
	if p == "" {
		if base == "" {
			return "/"
		}
		return base
	}
	return base + "/" + p
}

// safeSlug reports a slug made only of URL path characters, with no "." or
// ".." segment and no empty segment inside it.
func safeSlug(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isWordByte(c) || c == '-' || c == '.' || c == '/' || c == '~') {
			return false
		}
	}
	for _, seg := range strings.Split(strings.Trim(s, "/"), "/") {
		if seg == "." || seg == ".." || (seg == "" && s != "/") {
			return false
		}
	}
	return true
}
