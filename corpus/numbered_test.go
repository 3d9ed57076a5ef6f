package corpus

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStripNumberPrefix(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"01-intro", "intro"},
		{"2_setup", "setup"},
		{"3.usage", "usage"},
		{"003 - getting started", "getting started"},
		{"10--two-dashes", "two-dashes"},
		{"intro", "intro"},
		{"index", "index"},
		{"2fa", "2fa"},                               // no separator: a name
		{"404", "404"},                               // digits only
		{"01-", "01-"},                               // nothing after the prefix
		{"2021-01-31-release", "2021-01-31-release"}, // a date
		{"7.0-notes", "7.0-notes"},                   // a version
		{"1-2-3", "1-2-3"},
		{"v2-api", "v2-api"},
		{"a1-name", "a1-name"},
	} {
		if got := stripNumberPrefix(tt.in); got != tt.want {
			t.Errorf("stripNumberPrefix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A numbered folder: page paths, links, titles and the tree lose the
// numbers; fetch finds a page by either path; files that would collide keep
// theirs, with a warning.
func TestNumberPrefixedFolder(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "00-introduction", "index.mdx"), "---\ntitle: Introduction\n---\n\nWhat this is.\n")
	mustWrite(t, filepath.Join(dir, "02-guides", "01-streaming.mdx"), "## Streaming text\n\nSend tokens as they come.\n")
	mustWrite(t, filepath.Join(dir, "02-guides", "02-tools.md"), "---\ntitle: Tools\n---\n\nSee [streaming](/docs/guides/streaming).\n")
	mustWrite(t, filepath.Join(dir, "02-guides", "_navigation.mdx"), "---\ntitle: Guides\n---\n")
	mustWrite(t, filepath.Join(dir, "03-faq", "01-errors.md"), "# Errors\n\nWhen it fails.\n")
	mustWrite(t, filepath.Join(dir, "03-faq", "errors.md"), "# More errors\n\nAnother file.\n")
	mustWrite(t, filepath.Join(dir, "blog", "2021-01-31-launch.md"), "# Launch\n\nA date stays.\n")
	mustWrite(t, filepath.Join(dir, "04-setup", "a.md"), "# Setup A\n")
	mustWrite(t, filepath.Join(dir, "05-setup", "a.md"), "# Setup B\n")

	c, err := Load(context.Background(), dir, Options{BaseURL: "https://site.example/docs"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Pages {
		got = append(got, p.Path+" | "+p.Title+" | "+p.URL)
	}
	want := []string{
		"04-setup/a | Setup A | https://site.example/docs/04-setup/a",
		"05-setup/a | Setup B | https://site.example/docs/05-setup/a",
		"blog/2021-01-31-launch | Launch | https://site.example/docs/blog/2021-01-31-launch",
		"faq/01-errors | Errors | https://site.example/docs/faq/01-errors",
		"faq/errors | More errors | https://site.example/docs/faq/errors",
		"guides/streaming | Streaming | https://site.example/docs/guides/streaming",
		"guides/tools | Tools | https://site.example/docs/guides/tools",
		"introduction/index | Introduction | https://site.example/docs/introduction",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got)\n%s", diff)
	}
	if n := c.Nav.Find("guides"); n == nil || n.Title != "Guides" {
		t.Errorf("folder guides = %+v, want the tree node titled Guides", n)
	}
	wantWarn := []string{
		"03-faq/01-errors: path kept a number prefix, as faq/01-errors: another file is also faq/errors without it",
		"04-setup/a: path kept a number prefix, as 04-setup/a: another file is also setup/a without it",
		"05-setup/a: path kept a number prefix, as 05-setup/a: another file is also setup/a without it",
	}
	if diff := cmp.Diff(wantWarn, c.Warnings); diff != "" {
		t.Errorf("warnings (-want +got)\n%s", diff)
	}
	for target, want := range map[string]string{
		"guides/streaming":                          "guides/streaming",
		"02-guides/01-streaming":                    "guides/streaming",
		"02-guides/01-streaming.mdx#streaming-text": "guides/streaming",
		"https://site.example/docs/guides/tools":    "guides/tools",
		"/docs/guides/streaming":                    "guides/streaming",
		"00-introduction":                           "introduction/index",
		"faq/01-errors":                             "faq/01-errors",
		"03-faq/01-errors":                          "faq/01-errors",
		"03-faq/errors":                             "faq/errors",
		"05-setup/a":                                "05-setup/a",
	} {
		pg, _, err := c.Resolve(target)
		if err != nil || pg.Path != want {
			t.Errorf("Resolve(%q) = %v, %v; want page %s", target, pg, err, want)
		}
	}

	kept, err := Load(context.Background(), dir, Options{KeepNumberPrefixes: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := kept.Page("02-guides/01-streaming"); !ok {
		t.Error("KeepNumberPrefixes: no page 02-guides/01-streaming")
	}
	if pg, ok := kept.Page("guides/streaming"); ok {
		t.Errorf("KeepNumberPrefixes: guides/streaming found %s, want no such page", pg.Path)
	}
}
