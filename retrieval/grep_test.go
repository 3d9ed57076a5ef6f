package retrieval

import (
	"testing"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/google/go-cmp/cmp"
)

// grepCorpus loads testdata/grep, a fixture of our own text: three pages
// with headings, frontmatter and a fenced block holding a fake heading, and
// a changelog entry.
func grepCorpus(tb testing.TB) *corpus.Corpus {
	tb.Helper()
	return corpustest.Load(tb, "testdata/grep", corpus.Options{Name: "fixture", Version: "test", BaseURL: "https://x.test"})
}

func TestGrepSearch(t *testing.T) {
	c := grepCorpus(t)
	type hit struct {
		Path, Anchor, Section string
		Score                 float64
	}
	tests := []struct {
		name  string
		query string
		k     int
		want  []hit
	}{
		{
			name:  "ranked by matching lines, at most 3 counted, ties in path order",
			query: "WIDGET",
			k:     10,
			// gamma: 5 lines, counted 3; alpha: frontmatter? no ("Widgets" in
			// description counts: 1), intro, install, fenced comment... stops
			// at 3 with its first match in the frontmatter (intro section).
			want: []hit{
				{"alpha/index", "", "", 3},
				{"gamma", "", "", 3},
				{"reference/beta", "listwidgets-method", "`listWidgets()` method", 2},
			},
		},
		{
			name:  "whole query as one substring, not words",
			query: "widget options",
			k:     10,
			want:  []hit{{"alpha/index", "widget-options", "Widget options", 1}},
		},
		{
			name:  "line under a heading with attributes maps to that section",
			query: "install the",
			k:     10,
			want:  []hit{{"alpha/index", "set-up", "Setup", 1}},
		},
		{
			name:  "k limits the files",
			query: "widget",
			k:     1,
			want:  []hit{{"alpha/index", "", "", 3}},
		},
		{
			name:  "words in different order do not match",
			query: "options widget",
			k:     10,
			want:  nil,
		},
		{
			name:  "the changelog is not searched",
			query: "launched",
			k:     10,
			want:  nil,
		},
		{name: "empty query", query: "", k: 10, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []hit
			for _, r := range grepSearch(c, tt.query, tt.k) {
				got = append(got, hit{r.Path, r.Anchor, r.Section, r.Score})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("grepSearch(%q) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestGrepResultFields(t *testing.T) {
	got := grepSearch(grepCorpus(t), "one widget", 10)
	want := []Result{{
		ID:         "reference/beta#listwidgets-method",
		Path:       "reference/beta",
		Anchor:     "listwidgets-method",
		Section:    "`listWidgets()` method",
		Breadcrumb: []string{"Beta", "`listWidgets()` method"},
		Title:      "Beta",
		URL:        "https://x.test/reference/beta#listwidgets-method",
		Kind:       corpus.KindReference,
		Text:       "  Lists one WIDGET.",
		Score:      1,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("grepSearch (-want +got):\n%s", diff)
	}
}

func TestLineSectionsSkipsFencedHeadings(t *testing.T) {
	p := grepCorpus(t).Pages[0]
	got := lineSections(p)
	// Line 12 is "# widget comment, not a heading" inside the fence: it
	// stays in "Setup" (index 1); line 15 is "### Widget options" (index 2).
	for line, want := range map[int]int{0: 0, 5: 0, 7: 1, 9: 1, 12: 1, 15: 2, 17: 2} {
		if got[line] != want {
			t.Errorf("line %d in section %d, want %d", line, got[line], want)
		}
	}
}

func FuzzLineSections(f *testing.F) {
	for _, p := range grepCorpus(f).Pages {
		f.Add(p.Raw, "Setup")
	}
	f.Add("---\n---\n## A\n```\n## B", "B")
	f.Fuzz(func(t *testing.T, raw, heading string) {
		p := &corpus.Page{Path: "p", Raw: raw, Sections: []corpus.Section{{}, {Anchor: "a", Heading: heading}}}
		got := lineSections(p)
		for i, s := range got {
			if s < 0 || s >= len(p.Sections) {
				t.Fatalf("line %d mapped to section %d of %d", i, s, len(p.Sections))
			}
			if i > 0 && s < got[i-1] {
				t.Fatalf("section index went backwards at line %d", i)
			}
		}
		_ = grepSearch(&corpus.Corpus{Pages: []*corpus.Page{p}}, heading, 3)
	})
}
