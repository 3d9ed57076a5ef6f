package corpus

import (
	"path"
	"sort"
	"strings"
)

// NavOf builds the navigation tree of pages the way Load does, for a
// Corpus put together in memory (whose Nav is nil): folders are titled by
// their index page, else by their name.
func NavOf(pages []*Page) *NavNode { return buildNav(pages, nil) }

// buildNav builds the navigation tree: folders (titled by their
// _navigation.mdx, else their index page, else their name; described by
// their index page) holding pages and folders.
// Children are sorted by path, with a folder's index page first.
func buildNav(pages []*Page, navTitles map[string]string) *NavNode {
	root := &NavNode{Title: "Docs"}
	folders := map[string]*NavNode{"": root}
	var folder func(dir string) *NavNode
	folder = func(dir string) *NavNode {
		if dir == "." {
			dir = ""
		}
		if n, ok := folders[dir]; ok {
			return n
		}
		n := &NavNode{Path: dir, Title: navTitles[dir]}
		if n.Title == "" {
			n.Title = humanize(dir)
		}
		folders[dir] = n
		parent := folder(path.Dir(dir))
		parent.Children = append(parent.Children, n)
		return n
	}
	if t := navTitles["."]; t != "" {
		root.Title = t
	}
	for _, p := range pages {
		dir := path.Dir(p.Path)
		f := folder(dir)
		f.Children = append(f.Children, &NavNode{Path: p.Path, Title: p.Title, Description: p.Description, IsPage: true})
		if path.Base(p.Path) == "index" {
			if dir == "." {
				continue
			}
			if navTitles[dir] == "" { // the navigation's own name wins
				f.Title = p.Title
			}
			f.Description = p.Description
		}
	}
	sortNav(root)
	return root
}

func sortNav(n *NavNode) {
	key := func(c *NavNode) string {
		if c.IsPage && path.Base(c.Path) == "index" {
			return "" // index first
		}
		return strings.TrimSuffix(c.Path, "/index")
	}
	sort.SliceStable(n.Children, func(i, j int) bool { return key(n.Children[i]) < key(n.Children[j]) })
	for _, c := range n.Children {
		sortNav(c)
	}
}

// Find returns the node at a path ("" for the root; "sso" a folder; "sso/index"
// or "sso/test-sso" a page), or nil.
func (n *NavNode) Find(p string) *NavNode {
	p = strings.Trim(strings.TrimSpace(p), "/")
	if n == nil {
		return nil
	}
	if n.Path == p {
		return n
	}
	for _, c := range n.Children {
		if c.Path == p || strings.HasPrefix(p, c.Path+"/") && !c.IsPage {
			if f := c.Find(p); f != nil {
				return f
			}
		}
	}
	return nil
}
