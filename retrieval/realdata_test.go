package retrieval

import (
	"context"
	"strings"
	"testing"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
)

// TestRealCorpusFetchable: over the real WorkOS docs of both versions, every
// search result target (each chunk's path#anchor), every page and every
// entry of the docs tree can be fetched, and identifier queries find their
// pages lexically. Needs the synced corpus (see corpustest.Real).
func TestRealCorpusFetchable(t *testing.T) {
	for _, version := range corpus.SupportedVersions() {
		t.Run(version, func(t *testing.T) {
			ctx := context.Background()
			c := corpustest.Real(t, version)
			ix, err := Open(ctx, c, Config{LexicalOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range c.Chunks {
				target := corpus.Target(ch.Path, ch.Anchor)
				d, err := ix.Fetch(ctx, target)
				if err != nil {
					t.Errorf("chunk %q: Fetch(%q): %v", ch.ID, target, err)
					continue
				}
				if d.Anchor != ch.Anchor || strings.TrimSpace(d.Markdown) == "" {
					t.Errorf("chunk %q: got %q#%q with %d bytes", ch.ID, d.Path, d.Anchor, len(d.Markdown))
				}
			}
			for _, p := range c.Pages {
				if _, err := ix.Fetch(ctx, p.URL); err != nil {
					t.Errorf("page %q: Fetch(URL %q): %v", p.Path, p.URL, err)
				}
			}
			tree, err := ix.List("")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range tree {
				if _, err := ix.Fetch(ctx, e.Path); err != nil {
					t.Errorf("tree entry %q: %v", e.Path, err)
				}
			}
			for q, want := range map[string]string{
				"dsync.user.created":    "directory-sync/understanding-events",
				"getAuthorizationUrl":   "get-authorization-url",
				"get_authorization_url": "get-authorization-url",
			} {
				rs, err := ix.Search(ctx, Query{Text: q, Mode: ModeLexical, K: 3})
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, r := range rs {
					found = found || strings.Contains(r.Path, want)
				}
				if !found {
					t.Errorf("Search(%q) top 3 = %q; want a page with %q", q, resultIDs(rs), want)
				}
			}
		})
	}
}
