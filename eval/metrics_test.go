package eval

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/retrieval"
)

// metricsCorpus loads testdata/metrics: one page whose sections nest
// (intro > Setup > Install (h3), and a sibling "Usage" with "Example") and a
// page with an intro only.
func metricsCorpus(tb testing.TB) *corpus.Corpus {
	tb.Helper()
	return corpustest.Load(tb, "testdata/metrics", corpus.Options{Name: "fixture", Version: "test", BaseURL: "https://x.test"})
}

func res(path, anchor string) retrieval.Result { return retrieval.Result{Path: path, Anchor: anchor} }

// log2 terms used by the hand-computed values below.
var (
	d2 = 1 / math.Log2(3) // gain at rank 2
	d3 = 1 / math.Log2(4) // rank 3 = 0.5
	d6 = 1 / math.Log2(7) // rank 6
)

func TestScorePage(t *testing.T) {
	tests := []struct {
		name    string
		results []retrieval.Result
		rel     []Relevant
		want    Metrics
	}{
		{
			name:    "first result hits",
			results: []retrieval.Result{res("guide/index", "setup"), res("other", "")},
			rel:     []Relevant{{Path: "guide"}},
			want:    Metrics{1, 1, 1, 1, 1},
		},
		{
			name:    "x/index and x name the same page",
			results: []retrieval.Result{res("other", ""), res("guide", "")},
			rel:     []Relevant{{Path: "guide/index"}},
			want:    Metrics{0, 1, 1, 0.5, d2},
		},
		{
			name:    "hit at rank 6: only recall@10",
			results: []retrieval.Result{res("a", ""), res("b", ""), res("c", ""), res("d", ""), res("e", ""), res("other", "")},
			rel:     []Relevant{{Path: "other"}},
			want:    Metrics{0, 0, 1, 1.0 / 6, d6},
		},
		{
			name:    "a page counts once: repeated chunks of it add no gain",
			results: []retrieval.Result{res("guide", "a"), res("guide", "b"), res("other", "")},
			rel:     []Relevant{{Path: "guide"}, {Path: "other"}},
			// DCG = 1 + 1/log2(4); IDCG = 1 + 1/log2(3).
			want: Metrics{1, 1, 1, 1, (1 + d3) / (1 + d2)},
		},
		{
			name:    "relevant listed twice is deduplicated",
			results: []retrieval.Result{res("guide", "")},
			rel:     []Relevant{{Path: "guide", Section: "Setup"}, {Path: "guide/index", Section: "Usage"}},
			want:    Metrics{1, 1, 1, 1, 1},
		},
		{
			name:    "no results",
			results: nil,
			rel:     []Relevant{{Path: "guide"}},
			want:    Metrics{},
		},
		{
			name:    "changelog is a page",
			results: []retrieval.Result{res("changelog", "")},
			rel:     []Relevant{{Path: "changelog", Section: "New thing"}},
			want:    Metrics{1, 1, 1, 1, 1},
		},
		{
			name:    "beyond rank 10 does not count",
			results: []retrieval.Result{res("a", ""), res("a", ""), res("a", ""), res("a", ""), res("a", ""), res("a", ""), res("a", ""), res("a", ""), res("a", ""), res("a", ""), res("guide", "")},
			rel:     []Relevant{{Path: "guide"}},
			want:    Metrics{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ScorePage(tt.results, tt.rel)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("ScorePage (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScoreSection(t *testing.T) {
	c := metricsCorpus(t)
	tests := []struct {
		name    string
		results []retrieval.Result
		rel     []Relevant
		want    Metrics
	}{
		{
			name:    "inside the named section",
			results: []retrieval.Result{res("guide", "setup")},
			rel:     []Relevant{{Path: "guide", Section: "Setup"}},
			want:    Metrics{1, 1, 1, 1, 1},
		},
		{
			name:    "a sub-section counts",
			results: []retrieval.Result{res("guide/index", "install")},
			rel:     []Relevant{{Path: "guide", Section: "Setup"}},
			want:    Metrics{1, 1, 1, 1, 1},
		},
		{
			name:    "the parent section does not count for a sub-section",
			results: []retrieval.Result{res("guide", "setup"), res("guide", "install")},
			rel:     []Relevant{{Path: "guide", Section: "Install"}},
			want:    Metrics{0, 1, 1, 0.5, d2},
		},
		{
			name:    "right page, other section misses",
			results: []retrieval.Result{res("guide", "usage"), res("guide", "example"), res("guide", "")},
			rel:     []Relevant{{Path: "guide", Section: "Setup"}},
			want:    Metrics{},
		},
		{
			name:    "no section named: any part of the page hits",
			results: []retrieval.Result{res("other", ""), res("guide", "example")},
			rel:     []Relevant{{Path: "guide"}},
			want:    Metrics{0, 1, 1, 0.5, d2},
		},
		{
			name:    "two sections, both found: each counted once",
			results: []retrieval.Result{res("guide", "install"), res("guide", "setup"), res("guide", "example")},
			rel:     []Relevant{{Path: "guide", Section: "Setup"}, {Path: "guide", Section: "Usage"}},
			// gains 1, 0, 1: DCG = 1 + 0.5; IDCG = 1 + 1/log2(3).
			want: Metrics{1, 1, 1, 1, (1 + d3) / (1 + d2)},
		},
		{
			name:    "changelog entry by title",
			results: []retrieval.Result{{Path: "changelog", Section: "Old"}, {Path: "changelog", Section: "New thing"}},
			rel:     []Relevant{{Path: "changelog", Section: "New thing"}},
			want:    Metrics{0, 1, 1, 0.5, d2},
		},
		{
			name:    "page not in corpus: breadcrumb gives the ancestry",
			results: []retrieval.Result{{Path: "elsewhere", Anchor: "deep", Section: "Deep", Breadcrumb: []string{"Elsewhere", "Top", "Deep"}}},
			rel:     []Relevant{{Path: "elsewhere", Section: "Top"}},
			want:    Metrics{1, 1, 1, 1, 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ScoreSection(c, tt.results, tt.rel)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("ScoreSection (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPageKey(t *testing.T) {
	for in, want := range map[string]string{
		"sso/index":  "sso",
		"sso":        "sso",
		"/sso/":      "sso",
		"index":      "",
		"a/b.mdx":    "a/b",
		"changelog":  "changelog",
		"reindex":    "reindex",
		"x/reindex":  "x/reindex",
		"x/index/y":  "x/index/y",
		" sso/index": "sso",
	} {
		if got := pageKey(in); got != want {
			t.Errorf("pageKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSectionParentCycle(t *testing.T) {
	c := &corpus.Corpus{Pages: []*corpus.Page{{Path: "p", Sections: []corpus.Section{
		{},
		{Anchor: "a", Heading: "A", Parent: "b"},
		{Anchor: "b", Heading: "B", Parent: "a"},
	}}}}
	got := ScoreSection(c, []retrieval.Result{res("p", "a")}, []Relevant{{Path: "p", Section: "B"}})
	if got.Recall1 != 1 {
		t.Errorf("Recall@1 = %v, want 1 (B encloses A)", got.Recall1)
	}
}

func TestSameHeading(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Setup", "Setup", true},
		{" Setup ", "Setup", true},
		{"`dsync.activated`", "dsync.activated", true},
		{"6. **Reserved Keys Restriction**", "6. Reserved Keys Restriction", true},
		{`Connection events {{ "url": "connection" }}`, "Connection events", true},
		{"[Widgets](/widgets) setup", "Widgets setup", true},
		{"Setup", "setup", false},
		{"Setup", "Set up", false},
		{"Install", "Installation", false},
	}
	for _, tt := range tests {
		if got := sameHeading(tt.a, tt.b); got != tt.want {
			t.Errorf("sameHeading(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
