package retrieval

import (
	"testing"

	"github.com/docseek/docseek/corpus"
	"github.com/google/go-cmp/cmp"
)

// grepCorpus is a fixture of our own text: three pages with headings,
// frontmatter and a fenced block holding a fake heading.
func grepCorpus() *corpus.Corpus {
	return &corpus.Corpus{
		Name: "fixture", Version: "test",
		Pages: []*corpus.Page{
			{
				Path: "alpha/index", Title: "Alpha", URL: "https://x.test/alpha", Kind: corpus.KindDoc,
				Raw: "---\ntitle: Alpha\ndescription: Widgets and gadgets\n---\n\nIntro about widgets.\n\n## Setup {{ \"url\": \"set-up\" }}\n\nInstall the widget tool.\n\n```bash\n# widget comment, not a heading\n```\n\n### Widget options\n\nA widget line.\n",
				Sections: []corpus.Section{
					{Breadcrumb: []string{"Alpha"}},
					{Anchor: "set-up", Heading: "Setup", Level: 2, Breadcrumb: []string{"Alpha", "Setup"}},
					{Anchor: "widget-options", Heading: "Widget options", Level: 3, Parent: "set-up", Breadcrumb: []string{"Alpha", "Setup", "Widget options"}},
				},
			},
			{
				Path: "beta", Title: "Beta", URL: "https://x.test/beta", Kind: corpus.KindReference,
				Raw: "# Beta\n\nNothing here.\n\n- ### `listWidgets()` method\n\n  Lists one WIDGET.\n",
				Sections: []corpus.Section{
					{Breadcrumb: []string{"Beta"}},
					{Anchor: "beta", Heading: "Beta", Level: 1, Breadcrumb: []string{"Beta", "Beta"}},
					{Anchor: "listwidgets-method", Heading: "listWidgets() method", Level: 3, Parent: "beta", Breadcrumb: []string{"Beta", "Beta", "listWidgets() method"}},
				},
			},
			{
				Path: "gamma", Title: "Gamma", URL: "https://x.test/gamma", Kind: corpus.KindDoc,
				Raw:      "widget\nwidget\nwidget\nwidget\nwidget\n",
				Sections: []corpus.Section{{Breadcrumb: []string{"Gamma"}}},
			},
		},
		Changelog: []corpus.ChangelogEntry{{Title: "Widgets launched", Date: "2025-01-01"}},
	}
}

func TestGrepSearch(t *testing.T) {
	c := grepCorpus()
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
				{"beta", "listwidgets-method", "listWidgets() method", 2},
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
	got := grepSearch(grepCorpus(), "one widget", 10)
	want := []Result{{
		ID:         "beta#listwidgets-method",
		Path:       "beta",
		Anchor:     "listwidgets-method",
		Section:    "listWidgets() method",
		Breadcrumb: []string{"Beta", "Beta", "listWidgets() method"},
		Title:      "Beta",
		URL:        "https://x.test/beta#listwidgets-method",
		Kind:       corpus.KindReference,
		Text:       "  Lists one WIDGET.",
		Score:      1,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("grepSearch (-want +got):\n%s", diff)
	}
}

func TestLineSectionsSkipsFencedHeadings(t *testing.T) {
	p := grepCorpus().Pages[0]
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
	for _, p := range grepCorpus().Pages {
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
