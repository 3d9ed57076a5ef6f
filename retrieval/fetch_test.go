package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
)

func TestFetch(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	tests := []struct {
		name, target string
		path, anchor string
		url          string
		breadcrumb   []string
		contains     []string // substrings of the markdown
		lacks        []string
		sections     []string // anchors of the table of contents
		parent       string   // path#anchor of the parent ("" = none)
		siblings     []string // path#anchor
		children     []string
	}{
		{
			name: "page by path", target: "sso/test-sso", path: "sso/test-sso", url: fixtureBase + "/sso/test-sso",
			breadcrumb: []string{"Test SSO"},
			contains:   []string{"# Test SSO\n", "## Service provider-initiated SSO", "starts at the identity provider dashboard"},
			sections:   []string{"service-provider-initiated-sso", "identity-provider-initiated-sso"},
			parent:     "sso/index", siblings: []string{"sso/index"},
		},
		{
			name: "path with slash and extension", target: "/sso/test-sso.mdx", path: "sso/test-sso", url: fixtureBase + "/sso/test-sso",
			breadcrumb: []string{"Test SSO"}, sections: []string{"service-provider-initiated-sso", "identity-provider-initiated-sso"},
			parent: "sso/index", siblings: []string{"sso/index"},
		},
		{
			name: "site path with the docs prefix", target: "/docs/sso/test-sso", path: "sso/test-sso", url: fixtureBase + "/sso/test-sso",
			breadcrumb: []string{"Test SSO"}, sections: []string{"service-provider-initiated-sso", "identity-provider-initiated-sso"},
			parent: "sso/index", siblings: []string{"sso/index"},
		},
		{
			name: "folder resolves to its index page", target: "sso", path: "sso/index", url: fixtureBase + "/sso",
			breadcrumb: []string{"Single Sign-On"},
			sections:   []string{"get-the-authorization-url", "handle-the-callback", "exchange-the-code", "next-steps"},
			siblings:   []string{"authkit", "directory-sync", "pipes/index", "reference"},
			children:   []string{"sso/test-sso"},
		},
		{
			name: "section with its sub-sections", target: "sso/index#handle-the-callback", path: "sso/index", anchor: "handle-the-callback",
			url:        fixtureBase + "/sso#handle-the-callback",
			breadcrumb: []string{"Single Sign-On", "Handle the callback"},
			contains:   []string{"## Handle the callback", "callback endpoint", "### Exchange the code", "access token"},
			lacks:      []string{"Next steps", "getAuthorizationUrl"},
			sections:   []string{"exchange-the-code"},
			parent:     "sso/index",
			siblings:   []string{"sso/index#get-the-authorization-url", "sso/index#next-steps"},
			children:   []string{"sso/index#exchange-the-code"},
		},
		{
			name: "sub-section", target: "sso/index#exchange-the-code", path: "sso/index", anchor: "exchange-the-code",
			url:        fixtureBase + "/sso#exchange-the-code",
			breadcrumb: []string{"Single Sign-On", "Handle the callback", "Exchange the code"},
			contains:   []string{"### Exchange the code"}, lacks: []string{"callback endpoint"},
			parent: "sso/index#handle-the-callback",
		},
		{
			name: "full URL with anchor", target: fixtureBase + "/sso/test-sso#identity-provider-initiated-sso", path: "sso/test-sso",
			anchor: "identity-provider-initiated-sso", url: fixtureBase + "/sso/test-sso#identity-provider-initiated-sso",
			breadcrumb: []string{"Test SSO", "Identity provider-initiated SSO"},
			parent:     "sso/test-sso", siblings: []string{"sso/test-sso#service-provider-initiated-sso"},
		},
		{
			name: "URL of another host with a docs prefix", target: "https://example.org/docs/directory-sync/events?x=1", path: "directory-sync/events",
			url: fixtureBase + "/directory-sync/events", breadcrumb: []string{"Directory Sync events"},
			sections: []string{"dsync-user-created", "dsync-group-deleted"},
			parent:   "directory-sync", // a folder without an index page
		},
		{
			name: "folder without an index page lists its entries", target: "reference/sso", path: "reference/sso",
			breadcrumb: []string{"Sso"}, parent: "reference",
			contains: []string{"# Sso\n", "- List Connections (`reference/sso/list-connections`): List the SSO connections of an organization."},
			children: []string{"reference/sso/get-authorization-url", "reference/sso/list-connections"},
		},
		{
			name: "anchor-style link path", target: "/authkit/organizations/invite-a-member", path: "authkit/organizations", anchor: "invite-a-member",
			url: fixtureBase + "/authkit/organizations#invite-a-member", breadcrumb: []string{"Organizations", "Invite a member"},
			parent: "authkit/organizations", siblings: []string{"authkit/organizations#roles"},
		},
		{
			name: "anchor case-insensitive", target: "directory-sync/events#DSYNC-USER-CREATED", path: "directory-sync/events", anchor: "dsync-user-created",
			url: fixtureBase + "/directory-sync/events#dsync-user-created", breadcrumb: []string{"Directory Sync events", "User created"},
			parent: "directory-sync/events", siblings: []string{"directory-sync/events#dsync-group-deleted"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ix.Fetch(context.Background(), tt.target)
			if err != nil {
				t.Fatal(err)
			}
			got := struct {
				Path, Anchor, URL    string
				Breadcrumb, Sections []string
				Parent               string
				Siblings, Children   []string
			}{d.Path, d.Anchor, d.URL, d.Breadcrumb, linkIDs(d.Sections, true), "", linkIDs(d.Siblings, false), linkIDs(d.Children, false)}
			if d.Parent != nil {
				got.Parent = linkIDs([]NavLink{*d.Parent}, false)[0]
			}
			want := got
			want.Path, want.Anchor, want.URL, want.Breadcrumb, want.Sections = tt.path, tt.anchor, tt.url, tt.breadcrumb, tt.sections
			want.Parent, want.Siblings, want.Children = tt.parent, tt.siblings, tt.children
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Fetch(%q) (-want +got):\n%s", tt.target, diff)
			}
			for _, s := range tt.contains {
				if !strings.Contains(d.Markdown, s) {
					t.Errorf("markdown lacks %q:\n%s", s, d.Markdown)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(d.Markdown, s) {
					t.Errorf("markdown has %q:\n%s", s, d.Markdown)
				}
			}
			for _, l := range append(append(d.Siblings, d.Children...), d.Sections...) {
				if l.Title == "" || (l.URL == "" && ix.pages[l.Path] != nil) {
					t.Errorf("link without title or URL: %+v", l)
				}
			}
		})
	}
}

// linkIDs renders links as path#anchor (only the anchor with anchorOnly).
func linkIDs(ls []NavLink, anchorOnly bool) []string {
	var out []string
	for _, l := range ls {
		switch {
		case anchorOnly:
			out = append(out, l.Anchor)
		case l.Anchor != "":
			out = append(out, l.Path+"#"+l.Anchor)
		default:
			out = append(out, l.Path)
		}
	}
	return out
}

func TestFetchNotFound(t *testing.T) {
	full, _ := openFixture(t, Config{})
	lex, _ := openFixture(t, Config{LexicalOnly: true})
	tests := []struct {
		name, target string
		ix           *Index
		want         []string // suggestions that must be present, in this order among themselves
	}{
		{"typo in path", "sso/tset-sso", full, []string{"sso/test-sso"}},
		{"typo lexical-only", "sso/tset-sso", lex, []string{"sso/test-sso"}},
		{"old folder name", "user-management/organizations", full, []string{"authkit/organizations"}},
		{"meaning, not spelling", "directory/user-provisioning-events", lex, []string{"directory-sync/events"}},
		{"unknown anchor", "sso/index#callbak", full, []string{"sso/index", "sso/index#handle-the-callback"}},
		{"gibberish still suggests", "zzzzqqqq", lex, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.ix.Fetch(context.Background(), tt.target)
			var nf *NotFoundError
			if !errors.As(err, &nf) || !errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v; want *NotFoundError", err)
			}
			if len(nf.Suggestions) == 0 {
				t.Fatal("no suggestions")
			}
			got := linkIDs(nf.Suggestions, false)
			i := 0
			for _, g := range got {
				if i < len(tt.want) && g == tt.want[i] {
					i++
				}
			}
			if i < len(tt.want) {
				t.Errorf("suggestions %q; want %q among them in order", got, tt.want)
			}
			if !strings.Contains(err.Error(), "did you mean") {
				t.Errorf("error %q does not offer suggestions", err)
			}
		})
	}
}

func TestFetchBadTarget(t *testing.T) {
	ix, _ := openFixture(t, Config{LexicalOnly: true})
	for _, target := range []string{
		"../../etc/passwd", "sso/../../etc/passwd", "./sso/index", `..\..\windows\win.ini`, "C:/Windows",
		"", "   ", "sso/index\x00", "file:///etc/passwd", "ftp://x/sso", strings.Repeat("a/", 600),
	} {
		_, err := ix.Fetch(context.Background(), target)
		if !errors.Is(err, ErrBadTarget) {
			t.Errorf("Fetch(%q) err = %v; want ErrBadTarget", target, err)
		}
	}
}

// Fetch of a known target needs no embedder at all.
func TestFetchLexicalOnlyNeedsNoModel(t *testing.T) {
	ix, _ := openFixture(t, Config{LexicalOnly: true})
	d, err := ix.Fetch(context.Background(), "sso/index#get-the-authorization-url")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Markdown, "getAuthorizationUrl") {
		t.Errorf("markdown = %q", d.Markdown)
	}
}

func TestSuggestionsByMeaningUseTheEmbedder(t *testing.T) {
	ix, emb := openFixture(t, Config{})
	before := emb.Queries()
	_, err := ix.Fetch(context.Background(), "sso/how-to-test")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if emb.Queries() == before {
		t.Error("suggestions did not embed the target words")
	}
	emb.Fail(errors.New("model gone"))
	_, err = ix.Fetch(context.Background(), "sso/how-to-test")
	var nf *NotFoundError
	if !errors.As(err, &nf) || len(nf.Suggestions) == 0 {
		t.Errorf("with a failing embedder: err = %v; want lexical suggestions", err)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"tset", "test", 2}, {"héllo", "hello", 1}} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// A numbered docs folder: fetch takes the page paths without the numbers,
// the files' numbered paths, and folders either way.
func TestFetchNumberedFolder(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"01-guides/index.md":     "# Guides\n\nAll the guides.\n",
		"01-guides/02-stream.md": "# Streaming\n\n## Stop a stream\n\nCall abort.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := corpustest.Load(t, dir, corpus.Options{BaseURL: "https://site.example/docs"})
	ix, err := Open(context.Background(), c, Config{LexicalOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{
		"guides/stream":                           "guides/stream",
		"01-guides/02-stream":                     "guides/stream",
		"01-guides/02-stream.md#stop-a-stream":    "guides/stream#stop-a-stream",
		"01-guides":                               "guides/index",
		"https://site.example/docs/guides/stream": "guides/stream",
	} {
		d, err := ix.Fetch(context.Background(), target)
		if err != nil {
			t.Errorf("Fetch(%q): %v", target, err)
			continue
		}
		if got := corpus.Target(d.Path, d.Anchor); got != want {
			t.Errorf("Fetch(%q) = %s, want %s", target, got, want)
		}
	}
}
