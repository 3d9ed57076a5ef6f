package eval

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

func TestReadQuestions(t *testing.T) {
	good := `{"id":"q1","query":"how do I set it up?","relevant":[{"path":"guide/index","section":"Setup"}],"kind":"howto"}`
	tests := []struct {
		name    string
		in      string
		want    []Question
		wantErr string
	}{
		{
			name: "one question, blank lines skipped",
			in:   "\n" + good + "\n\n",
			want: []Question{{ID: "q1", Query: "how do I set it up?", Relevant: []Relevant{{Path: "guide/index", Section: "Setup"}}, Kind: "howto"}},
		},
		{name: "empty file", in: "\n\n", wantErr: "no questions"},
		{name: "not JSON", in: good + "\n{nope", wantErr: "line 2: invalid question"},
		{name: "unknown field", in: `{"id":"q","query":"x","relevant":[{"path":"a"}],"kind":"howto","extra":1}`, wantErr: `line 1: invalid question: json: unknown field "extra"`},
		{name: "missing id", in: `{"query":"x","relevant":[{"path":"a"}],"kind":"howto"}`, wantErr: `line 1: missing "id"`},
		{name: "missing query", in: `{"id":"q","relevant":[{"path":"a"}],"kind":"howto"}`, wantErr: `line 1: question "q": missing "query"`},
		{name: "missing kind", in: `{"id":"q","query":"x","relevant":[{"path":"a"}]}`, wantErr: `line 1: question "q": missing "kind"`},
		{name: "bad kind", in: `{"id":"q","query":"x","relevant":[{"path":"a"}],"kind":"trivia"}`, wantErr: `line 1: question "q": unknown kind "trivia"`},
		{name: "empty relevant", in: `{"id":"q","query":"x","relevant":[],"kind":"howto"}`, wantErr: `line 1: question "q": "relevant" must list at least one place`},
		{name: "relevant without path", in: `{"id":"q","query":"x","relevant":[{"section":"S"}],"kind":"howto"}`, wantErr: `line 1: question "q": relevant[0] has no "path"`},
		{name: "duplicate id", in: good + "\n\n" + good, wantErr: `line 3: duplicate id "q1" (first on line 1)`},
		{name: "two values on a line", in: good + good, wantErr: "line 1: invalid question: more than one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadQuestions(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ReadQuestions error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadQuestions (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzReadQuestions(f *testing.F) {
	f.Add(`{"id":"q1","query":"x","relevant":[{"path":"a","section":"S"}],"kind":"howto"}`)
	f.Add("{}\n{\"id\":1}")
	f.Add("\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ReadQuestions(strings.NewReader(in))
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, q := range qs {
			if q.ID == "" || q.Query == "" || len(q.Relevant) == 0 || ids[q.ID] {
				t.Fatalf("invalid question accepted: %+v", q)
			}
			ids[q.ID] = true
		}
	})
}

func TestCheckQuestions(t *testing.T) {
	c := metricsCorpus(t)
	c.Changelog = []corpus.ChangelogEntry{{Title: "New thing"}}
	qs := []Question{
		{ID: "ok", Relevant: []Relevant{{Path: "guide", Section: "Install"}, {Path: "other/index"}, {Path: "changelog", Section: "New thing"}}},
		{ID: "bad-page", Relevant: []Relevant{{Path: "missing"}}},
		{ID: "bad-section", Relevant: []Relevant{{Path: "guide/index", Section: "Instal"}}},
		{ID: "bad-entry", Relevant: []Relevant{{Path: "changelog", Section: "Old thing"}}},
	}
	var got []string
	for _, err := range CheckQuestions(c, qs) {
		got = append(got, err.Error())
	}
	want := []string{
		`question "bad-page": no page "missing" in fixture test`,
		`question "bad-section": page "guide/index" has no section "Instal"`,
		`question "bad-entry": no changelog entry titled "Old thing"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CheckQuestions (-want +got):\n%s", diff)
	}
}

// fakeSearcher answers from a table keyed by mode and query text.
type fakeSearcher struct {
	results map[retrieval.Mode]map[string][]retrieval.Result
	errs    map[string]error
	calls   []retrieval.Query
}

func (f *fakeSearcher) Search(_ context.Context, q retrieval.Query) ([]retrieval.Result, error) {
	f.calls = append(f.calls, q)
	if err := f.errs[q.Text]; err != nil {
		return nil, err
	}
	return f.results[q.Mode][q.Text], nil
}

func TestEvaluate(t *testing.T) {
	qs := []Question{
		{ID: "a", Query: "qa", Kind: "howto", Relevant: []Relevant{{Path: "guide", Section: "Setup"}}},
		{ID: "b", Query: "qb", Kind: "howto", Relevant: []Relevant{{Path: "other"}}},
		{ID: "c", Query: "qc", Kind: "identifier", Relevant: []Relevant{{Path: "guide", Section: "Usage"}}},
	}
	s := &fakeSearcher{
		results: map[retrieval.Mode]map[string][]retrieval.Result{
			retrieval.ModeHybrid: {
				"qa": {res("guide", "install")},                   // page hit @1, section hit @1
				"qb": {res("guide", ""), res("other", "")},        // page hit @2
				"qc": {res("guide/index", "setup"), res("x", "")}, // page hit @1, section miss
			},
			retrieval.ModeGrep: {
				"qa": {res("x", "")}, // miss
			},
		},
		errs: map[string]error{"qc": nil},
	}
	rep, err := Evaluate(context.Background(), s, metricsCorpus(t), qs, Options{
		Modes: []retrieval.Mode{retrieval.ModeHybrid, retrieval.ModeGrep}, CorpusVersion: "test", Model: "fake",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.calls) != 6 || s.calls[0].K != 10 {
		t.Errorf("calls = %+v, want 6 with K 10", s.calls)
	}
	h := rep.Modes["hybrid"]
	approx := cmpopts.EquateApprox(0, 1e-9)
	wantPage := Metrics{Recall1: 2.0 / 3, Recall5: 1, Recall10: 1, MRR10: 2.5 / 3, NDCG10: (2 + d2) / 3}
	if diff := cmp.Diff(wantPage, h.Page, approx); diff != "" {
		t.Errorf("hybrid page (-want +got):\n%s", diff)
	}
	wantSection := Metrics{Recall1: 1.0 / 3, Recall5: 2.0 / 3, Recall10: 2.0 / 3, MRR10: 1.5 / 3, NDCG10: (1 + d2) / 3}
	if diff := cmp.Diff(wantSection, h.Section, approx); diff != "" {
		t.Errorf("hybrid section (-want +got):\n%s", diff)
	}
	wantKinds := map[string]*KindReport{
		"howto":      {Questions: 2, Metrics: Metrics{0.5, 1, 1, 0.75, (1 + d2) / 2}, Section: Metrics{0.5, 1, 1, 0.75, (1 + d2) / 2}},
		"identifier": {Questions: 1, Metrics: Metrics{1, 1, 1, 1, 1}, Section: Metrics{}},
	}
	if diff := cmp.Diff(wantKinds, h.ByKind, approx); diff != "" {
		t.Errorf("hybrid by kind (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{2.0 / 3, 1, 1, 1, 1, 1, 1, 1, 1, 1}, h.RecallAtK, approx); diff != "" {
		t.Errorf("hybrid Recall@k (-want +got):\n%s", diff)
	}
	g := rep.Modes["grep"]
	wantMisses := []Miss{
		{ID: "a", Kind: "howto", Query: "qa", Expected: qs[0].Relevant, Got: "x"},
		{ID: "b", Kind: "howto", Query: "qb", Expected: qs[1].Relevant},
		{ID: "c", Kind: "identifier", Query: "qc", Expected: qs[2].Relevant},
	}
	if diff := cmp.Diff(wantMisses, g.Misses); diff != "" {
		t.Errorf("grep misses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"hybrid", "grep"}, rep.Order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestEvaluateSearchErrorIsAMiss(t *testing.T) {
	qs := []Question{
		{ID: "a", Query: "qa", Kind: "changelog", Relevant: []Relevant{{Path: "changelog"}}},
		{ID: "b", Query: "qb", Kind: "howto", Relevant: []Relevant{{Path: "other"}}},
	}
	s := &fakeSearcher{
		results: map[retrieval.Mode]map[string][]retrieval.Result{retrieval.ModeLexical: {"qb": {res("other", "")}}},
		errs:    map[string]error{"qa": errors.New("mode cannot search the changelog")},
	}
	rep, err := Evaluate(context.Background(), s, nil, qs, Options{Modes: []retrieval.Mode{retrieval.ModeLexical}})
	if err != nil {
		t.Fatal(err)
	}
	m := rep.Modes["lexical"]
	if m.Page.Recall5 != 0.5 || m.Errors != 1 || rep.Questions != 2 {
		t.Errorf("Recall@5 = %v, errors = %d, questions = %d; want 0.5, 1, 2", m.Page.Recall5, m.Errors, rep.Questions)
	}
	want := []Miss{{ID: "a", Kind: "changelog", Query: "qa", Expected: qs[0].Relevant, Error: "mode cannot search the changelog"}}
	if diff := cmp.Diff(want, m.Misses); diff != "" {
		t.Errorf("misses (-want +got):\n%s", diff)
	}
}

func TestEvaluateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Evaluate(ctx, &fakeSearcher{}, nil, []Question{{ID: "a", Query: "q", Kind: "howto", Relevant: []Relevant{{Path: "p"}}}}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestEvaluateDuplicateMode(t *testing.T) {
	_, err := Evaluate(context.Background(), &fakeSearcher{}, nil, nil, Options{Modes: []retrieval.Mode{retrieval.ModeGrep, retrieval.ModeGrep}})
	if err == nil {
		t.Error("want an error for a mode listed twice")
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	if got := percentile(xs, 50); got != 5 {
		t.Errorf("p50 = %v, want 5", got)
	}
	if got := percentile(xs, 95); got != 10 {
		t.Errorf("p95 = %v, want 10", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v, want 0", got)
	}
}
