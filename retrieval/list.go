package retrieval

import (
	"fmt"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// navPos places a node of the docs tree under its parent.
type navPos struct {
	node   *corpus.NavNode
	parent *corpus.NavNode // nil for the root
}

// indexNav records every node of the tree by path. With no tree (a corpus
// put together in memory) it builds one as corpus.Load does.
func (ix *Index) indexNav() {
	root := ix.c.Nav
	if root == nil {
		root = corpus.NavOf(ix.c.Pages)
	}
	ix.navRoot = root
	ix.nav = map[string]navPos{}
	var walk func(n, parent *corpus.NavNode)
	walk = func(n, parent *corpus.NavNode) {
		if _, dup := ix.nav[n.Path]; !dup {
			ix.nav[n.Path] = navPos{node: n, parent: parent}
		}
		for _, ch := range n.Children {
			walk(ch, n)
		}
	}
	walk(root, nil)
}

// navLink links a tree node: a folder links to its index page when it has
// one.
func (ix *Index) navLink(n *corpus.NavNode) NavLink {
	l := NavLink{Path: n.Path, Title: n.Title}
	if !n.IsPage {
		if p := ix.pages[n.Path+"/index"]; p != nil {
			l.Path = p.Path
			if l.Title == "" {
				l.Title = p.Title
			}
		}
	}
	if p := ix.pages[l.Path]; p != nil {
		l.URL = p.URL
		if l.Title == "" {
			l.Title = p.Title
		}
	}
	if l.Title == "" {
		l.Title = l.Path[strings.LastIndexByte(l.Path, '/')+1:]
	}
	return l
}

// pageNav returns a page's parent, siblings and children in the docs tree.
// A folder's index page stands for the folder: its children are the
// folder's other entries and its siblings are the folder's siblings.
func (ix *Index) pageNav(p *corpus.Page) (parent *NavLink, siblings, children []NavLink) {
	pos, ok := ix.nav[p.Path]
	if !ok || pos.parent == nil {
		return nil, nil, nil
	}
	self := pos.node
	folder := pos.parent
	if strings.HasSuffix(p.Path, "/index") && folder.Path != "" {
		for _, ch := range folder.Children {
			if ch != self {
				children = append(children, ix.navLink(ch))
			}
		}
		self = folder
		folder = ix.nav[folder.Path].parent
		if folder == nil {
			return nil, nil, children
		}
	}
	if folder.Path != "" {
		l := ix.navLink(folder)
		parent = &l
	}
	for _, ch := range folder.Children {
		if ch != self {
			siblings = append(siblings, ix.navLink(ch))
		}
	}
	return parent, siblings, children
}

// navChildren returns the direct children of a folder, or nil.
func (ix *Index) navChildren(path string) []NavLink {
	pos, ok := ix.nav[path]
	if !ok {
		return nil
	}
	var out []NavLink
	for _, ch := range pos.node.Children {
		out = append(out, ix.navLink(ch))
	}
	return out
}

// List returns the docs tree under prefix (a folder path; "" or "/" for the
// whole tree), depth first, in tree order. A page path lists that page
// alone. An unknown prefix yields a *NotFoundError with suggestions.
func (ix *Index) List(prefix string) ([]ListEntry, error) {
	clean, err := corpus.CleanPath(prefix)
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	pos, ok := ix.nav[clean]
	if !ok {
		var sugg []NavLink
		for _, p := range ix.closePaths(clean, maxSuggestions) {
			sugg = append(sugg, NavLink{Path: p.Path, Title: p.Title, URL: p.URL})
		}
		if len(sugg) == 0 {
			sugg = ix.navChildren("")
		}
		return nil, &NotFoundError{Target: prefix, Suggestions: sugg}
	}
	if pos.node.IsPage {
		return []ListEntry{ix.listEntry(pos.node, 0)}, nil
	}
	var out []ListEntry
	var walk func(n *corpus.NavNode, depth int)
	walk = func(n *corpus.NavNode, depth int) {
		for _, ch := range n.Children {
			out = append(out, ix.listEntry(ch, depth))
			walk(ch, depth+1)
		}
	}
	walk(pos.node, 0)
	return out, nil
}

func (ix *Index) listEntry(n *corpus.NavNode, depth int) ListEntry {
	e := ListEntry{Path: n.Path, Title: n.Title, Description: n.Description, IsPage: n.IsPage, Depth: depth}
	if e.Title == "" {
		e.Title = ix.navLink(n).Title
	}
	return e
}
