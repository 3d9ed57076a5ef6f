package corpus

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// resolved renders a resolution for comparison: "page#anchor" for a page
// or section, "folder:path" for a folder.
func resolved(res Resolution) string {
	switch {
	case res.Folder:
		return "folder:" + res.Path
	case res.Page == nil:
		return ""
	case res.Section >= 0:
		return Target(res.Page.Path, res.Page.Sections[res.Section].Anchor)
	}
	return res.Page.Path
}

// Every target form Resolver.Resolve accepts, and every way it refuses.
func TestResolverTargets(t *testing.T) {
	r := NewResolver(loadFixture(t))
	const base = "https://gizmo.example/docs"
	tests := []struct {
		name, target string
		want         string // resolved(...); "" when nothing
		path         string // Resolution.Path ("" = not checked)
		err          error  // nil, ErrNotFound or ErrBadTarget
	}{
		{name: "page path", target: "guide/stacks", want: "guide/stacks", path: "guide/stacks"},
		{name: "slashes, spaces, extension", target: "  /guide/stacks.mdx/ ", want: "guide/stacks"},
		{name: "md extension", target: "guide/stacks.md", want: "guide/stacks"},
		{name: "doubled slash", target: "guide//stacks", want: "guide/stacks"},
		{name: "query on a path", target: "guide/stacks?tab=node", want: "guide/stacks"},
		{name: "folder gives its index page", target: "guide", want: "guide/index", path: "guide"},
		{name: "index page by its path", target: "guide/index", want: "guide/index"},
		{name: "root gives the index page", target: "/", want: "index", path: ""},
		{name: "site path", target: "/docs/guide/stacks", want: "guide/stacks", path: "guide/stacks"},
		{name: "site path with anchor", target: "docs/guide/stacks#deploy", want: "guide/stacks#deploy"},
		{name: "anchor", target: "guide#events", want: "guide/index#events"},
		{name: "anchor from a heading attribute", target: "guide/index#events", want: "guide/index#events"},
		{name: "anchor case-insensitive", target: "guide/stacks#DEPLOY", want: "guide/stacks#deploy"},
		{name: "anchor trimmed", target: "guide/stacks# deploy ", want: "guide/stacks#deploy"},
		{name: "repeated heading", target: "/guide/index#example-1", want: "guide/index#example-1"},
		{name: "anchor-style path", target: "guide/stacks/protected-routes", want: "guide/stacks#protected-routes", path: "guide/stacks/protected-routes"},
		{name: "anchor-style path, leading slash", target: "/guide/stacks/protected-routes-1", want: "guide/stacks#protected-routes-1"},
		{name: "anchor-style path under a folder", target: "guide/events", want: "guide/index#events"},
		{name: "anchor-style path case-insensitive", target: "guide/stacks/Deploy", want: "guide/stacks#deploy"},
		{name: "folder without index page", target: "reference", want: "folder:reference", path: "reference"},
		{name: "nested folder without index page", target: "notes/", want: "folder:notes"},
		{name: "URL of a page", target: base + "/guide/stacks", want: "guide/stacks", path: "guide/stacks"},
		{name: "URL of a folder's index page", target: base + "/guide#events", want: "guide/index#events"},
		{name: "URL of the root", target: base, want: "index"},
		{name: "URL with trailing slash and query", target: base + "/guide/stacks/?x=1#deploy", want: "guide/stacks#deploy"},
		{name: "URL, upper-case host", target: "HTTPS://GIZMO.EXAMPLE/docs/guide/stacks", want: "guide/stacks"},
		{name: "URL escaped", target: base + "/guide/%73tacks", want: "guide/stacks"},
		{name: "URL of another host", target: "https://other.example/docs/guide/stacks#deploy", want: "guide/stacks#deploy"},
		{name: "URL, leading segments dropped", target: "http://mirror.example/en/v2/guide/stacks", want: "guide/stacks"},
		{name: "URL anchor-style path", target: base + "/guide/stacks/deploy", want: "guide/stacks#deploy"},
		{name: "URL of a folder", target: base + "/reference", want: "folder:reference"},
		{name: "URL of nothing", target: "https://other.example/nope/nada", path: "nope/nada", err: ErrNotFound},

		{name: "unknown page", target: "nope", path: "nope", err: ErrNotFound},
		{name: "unknown section", target: "guide#nope", want: "guide/index", err: ErrNotFound},
		{name: "unknown anchor-style section", target: "guide/stacks/nope", path: "guide/stacks/nope", err: ErrNotFound},
		{name: "anchor on a folder", target: "reference#x", err: ErrNotFound},
		{name: "navigation file", target: "guide/_navigation", err: ErrNotFound},

		{name: "empty", target: "", err: ErrBadTarget},
		{name: "blank", target: " \t ", err: ErrBadTarget},
		{name: "too long", target: strings.Repeat("a/", MaxTargetLen/2+1), err: ErrBadTarget},
		{name: "traversal", target: "../../etc/passwd", err: ErrBadTarget},
		{name: "traversal inside", target: "guide/../../secret", err: ErrBadTarget},
		{name: "dot segment", target: "./guide/index", err: ErrBadTarget},
		{name: "escaped traversal", target: "guide/%2e%2e/%2E%2E/etc", err: ErrBadTarget},
		{name: "traversal in a URL", target: base + "/../../etc/passwd", err: ErrBadTarget},
		{name: "backslash", target: `..\..\windows\win.ini`, err: ErrBadTarget},
		{name: "backslash alone", target: `guide\stacks`, err: ErrBadTarget},
		{name: "drive letter", target: "C:/Windows", err: ErrBadTarget},
		{name: "colon in a path", target: "gizmo:guide/stacks", err: ErrBadTarget},
		{name: "home", target: "~/.ssh/id_rsa", err: ErrBadTarget},
		{name: "system root", target: "/etc/passwd", err: ErrBadTarget},
		{name: "NUL", target: "guide/index\x00", err: ErrBadTarget},
		{name: "newline", target: "guide\nindex", err: ErrBadTarget},
		{name: "other control character", target: "guide/\u0085index", err: ErrBadTarget},
		{name: "invalid UTF-8", target: "guide/\xffindex", err: ErrBadTarget},
		{name: "file URL", target: "file:///etc/passwd", err: ErrBadTarget},
		{name: "ftp URL", target: "ftp://gizmo.example/docs/guide", err: ErrBadTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Resolve(tt.target)
			if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
				t.Fatalf("Resolve(%q) err = %v, want %v", tt.target, err, tt.err)
			}
			if tt.err != nil && errors.Is(err, ErrNotFound) == errors.Is(err, ErrBadTarget) {
				t.Errorf("Resolve(%q) err = %v: matches both or neither of ErrNotFound and ErrBadTarget", tt.target, err)
			}
			if got := resolved(res); got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.target, got, tt.want)
			}
			if tt.path != "" && res.Path != tt.path {
				t.Errorf("Resolve(%q).Path = %q, want %q", tt.target, res.Path, tt.path)
			}
			if tt.err == ErrBadTarget && (res.Page != nil || res.Folder || res.Path != "") {
				t.Errorf("bad target %q resolved to %+v", tt.target, res)
			}
		})
	}
}

// A numbered folder: the files' numbered paths name the pages and folders
// too, also in anchor-style paths and URLs.
func TestResolverNumbered(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "01-guides", "index.md"), "# Guides\n\nAll the guides.\n")
	mustWrite(t, filepath.Join(dir, "01-guides", "02-stream.md"), "# Streaming\n\n## Stop a stream\n\nCall abort.\n")
	mustWrite(t, filepath.Join(dir, "03-api", "01-chat.md"), "# Chat\n\nThe chat call.\n")
	c, err := Load(context.Background(), dir, Options{BaseURL: "https://site.example/docs"})
	if err != nil {
		t.Fatal(err)
	}
	r := NewResolver(c)
	for target, want := range map[string]string{
		"guides/stream":                        "guides/stream",
		"01-guides/02-stream":                  "guides/stream",
		"01-guides/02-stream.md#stop-a-stream": "guides/stream#stop-a-stream",
		"01-guides/02-stream/stop-a-stream":    "guides/stream#stop-a-stream",
		"01-guides":                            "guides/index",
		"03-api":                               "folder:api",
		"api":                                  "folder:api",
		"/docs/01-guides/02-stream":            "guides/stream",
		"https://site.example/docs/guides/stream": "guides/stream",
	} {
		res, err := r.Resolve(target)
		if got := resolved(res); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %s", target, got, err, want)
		}
	}
}

// A Corpus put together in memory (no Load) resolves the same way: its
// tree is built from its pages.
func TestResolverInMemory(t *testing.T) {
	page := func(p string) *Page {
		return &Page{Path: p, URL: "https://m.example/" + strings.TrimSuffix(p, "/index"), Sections: []Section{{}, {Anchor: "usage", Level: 2}}}
	}
	c := &Corpus{Pages: []*Page{page("a/index"), page("a/b"), page("c/d")}}
	for target, want := range map[string]string{
		"a":                           "a/index",
		"a/b#usage":                   "a/b#usage",
		"a/b/usage":                   "a/b#usage",
		"https://m.example/a/b":       "a/b",
		"https://m.example/c/d#USAGE": "c/d#usage",
		"c":                           "folder:c",
	} {
		res, err := NewResolver(c).Resolve(target)
		if got := resolved(res); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %s", target, got, err, want)
		}
	}
	if p, s, err := c.Resolve("a/b#usage"); err != nil || p.Path != "a/b" || s.Anchor != "usage" {
		t.Errorf("Corpus.Resolve(a/b#usage) = %v, %v, %v", p, s, err)
	}
	if p, ok := c.Page("c/d.md"); !ok || p.Path != "c/d" {
		t.Errorf("Corpus.Page(c/d.md) = %v, %v", p, ok)
	}
}

// Every page and section resolves from its own target and source link.
func TestResolverRoundTrip(t *testing.T) {
	c := loadFixture(t)
	r := NewResolver(c)
	for _, p := range c.Pages {
		for i, s := range p.Sections {
			want := Target(p.Path, s.Anchor)
			if i > 0 && s.Anchor == "" {
				continue
			}
			for _, target := range []string{want, SectionURL(p.URL, s.Anchor)} {
				res, err := r.Resolve(target)
				if got := resolved(res); err != nil || got != want {
					t.Errorf("Resolve(%q) = %q, %v; want %s", target, got, err, want)
				}
			}
		}
	}
}

// badTarget reports whether t breaks a rule that no docs path can break,
// by a test independent of the resolver's code.
func obviouslyBad(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || len(t) > MaxTargetLen || strings.ContainsFunc(t, unicode.IsControl) || strings.Contains(t, `\`) {
		return true
	}
	p, _, _ := strings.Cut(t, "#")
	p, _, _ = strings.Cut(p, "?")
	return slices.Contains(strings.Split(p, "/"), "..")
}

// FuzzResolve checks the resolver's properties on any target: it never
// panics; every error matches exactly one of ErrBadTarget and ErrNotFound;
// a resolved page is one of the corpus's pages and a section one of its
// sections; a folder is a folder of the tree; a bad target never resolves.
func FuzzResolve(f *testing.F) {
	c, err := Load(context.Background(), fixtureDir, Options{Name: "gizmo", BaseURL: "https://gizmo.example/docs"})
	if err != nil {
		f.Fatal(err)
	}
	r := NewResolver(c)
	for _, s := range []string{
		"guide/stacks", "/docs/guide/stacks.mdx#deploy", "guide#EVENTS", "guide/stacks/protected-routes",
		"reference", "https://gizmo.example/docs/guide#events", "http://x.example/a/docs/guide?q#x",
		"../../etc/passwd", `a\b`, "C:/x", "~/x", "/etc/passwd", "guide/%2e%2e/x", "a\x00", "", "/",
		"https://gizmo.example/docs/../x", "gizmo:guide", strings.Repeat("a/", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		res, err := r.Resolve(target)
		bad, notFound := errors.Is(err, ErrBadTarget), errors.Is(err, ErrNotFound)
		if err != nil && bad == notFound {
			t.Fatalf("Resolve(%q) err = %v: matches both or neither sentinel", target, err)
		}
		if obviouslyBad(target) && !bad {
			t.Fatalf("Resolve(%q) = %q, %v; want ErrBadTarget", target, resolved(res), err)
		}
		if bad && (res.Page != nil || res.Folder) {
			t.Fatalf("bad target %q resolved to %q", target, resolved(res))
		}
		if res.Page != nil && !slices.Contains(c.Pages, res.Page) {
			t.Fatalf("Resolve(%q) gave a page not in the corpus: %q", target, res.Page.Path)
		}
		if res.Section >= 0 && (res.Page == nil || res.Section >= len(res.Page.Sections) || err != nil) {
			t.Fatalf("Resolve(%q) = section %d of %v, err %v", target, res.Section, res.Page, err)
		}
		if res.Folder && (res.Page != nil || c.Nav.Find(res.Path) == nil || err != nil) {
			t.Fatalf("Resolve(%q) = folder %q, page %v, err %v", target, res.Path, res.Page, err)
		}
		if err == nil && res.Page == nil && !res.Folder {
			t.Fatalf("Resolve(%q) resolved to nothing without an error", target)
		}
	})
}
