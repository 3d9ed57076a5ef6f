package corpus

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/docseek/docseek/internal/realdata"
)

// TestRealCorpus loads both supported versions of the WorkOS docs and checks
// every page against the invariants, plus spot checks of known constructs.
func TestRealCorpus(t *testing.T) {
	for _, version := range SupportedVersions() {
		t.Run(version, func(t *testing.T) {
			dir := realdata.CorpusDir(t, version, Synced, CorpusDir)
			integrity, _ := Integrity(version)
			c, err := Load(context.Background(), dir, Options{Name: "workos", Version: version, Integrity: integrity})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Warnings) > 0 {
				t.Errorf("warnings: %v", c.Warnings)
			}
			checkPages(t, c, func(p *Page) {
				if strings.HasSuffix(p.Path, "_navigation") {
					t.Errorf("navigation file %s became a page", p.Path)
				}
			})
			if len(c.Changelog) != 25 {
				t.Errorf("changelog entries = %d, want 25", len(c.Changelog))
			}
			for _, ch := range c.Chunks {
				prose := withoutCode(ch.Text)
				for _, bad := range []string{"<CodeBlock", "<Event.", "</", "{{ \"url\"", "{/*", "{' '}"} {
					if strings.Contains(prose, bad) {
						t.Errorf("chunk %s leaks markup %q", ch.ID, bad)
					}
				}
			}
			p, ok := c.Page("reference/sso/connection/list")
			if !ok {
				t.Fatal("reference/sso/connection/list missing")
			}
			md := p.Markdown("")
			for _, want := range []string{"listConnections", "ListConnections", "list_connections", "GET /connections", "organization_id"} {
				if !strings.Contains(md, want) {
					t.Errorf("reference/sso/connection/list lacks %q", want)
				}
			}
			if _, s, err := c.Resolve("https://workos.com/docs/sso#1-add-sso-to-your-app"); err != nil || s == nil {
				t.Errorf("resolve sso anchor: %v", err)
			}
		})
	}
}

// withoutCode drops fenced code blocks and inline code spans from markdown.
func withoutCode(md string) string {
	var out []string
	for _, b := range splitBlocks(md) {
		if strings.HasPrefix(strings.TrimSpace(b), "```") {
			continue
		}
		out = append(out, codeSpanRE.ReplaceAllString(b, ""))
	}
	return strings.Join(out, "\n\n")
}

var codeSpanRE = regexp.MustCompile("`+[^`]*`+")
