package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/internal/golden"
)

// fixedReport is a hand-made report covering every part of the output:
// four modes given out of column order, several kinds, misses with and
// without errors, and a "|" that must be escaped in a table.
func fixedReport() *Report {
	curve := func(vs ...float64) []float64 { return vs }
	miss := Miss{ID: "q2", Kind: "paraphrase", Query: "how do I stop a | pipe?", Expected: []Relevant{{Path: "guide", Section: "Setup"}, {Path: "other"}}, Got: "other#intro"}
	return &Report{
		CorpusVersion: "0.2.0",
		Model:         "all-MiniLM-L6-v2",
		Questions:     4,
		K:             10,
		Order:         []string{"hybrid", "vector", "lexical", "grep"},
		Modes: map[string]*ModeReport{
			"grep": {
				Page:      Metrics{0.25, 0.25, 0.25, 0.25, 0.25},
				Section:   Metrics{0, 0.25, 0.25, 0.125, 0.1},
				ByKind:    map[string]*KindReport{"identifier": {Questions: 2, Metrics: Metrics{Recall5: 0.5}, Section: Metrics{Recall5: 0.5}}, "paraphrase": {Questions: 1}, "changelog": {Questions: 1}},
				Latency:   Latency{P50: 1.234, P95: 2.5},
				RecallAtK: curve(0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25),
				Misses: []Miss{miss,
					{ID: "q3", Kind: "changelog", Query: "what shipped in May?", Expected: []Relevant{{Path: "changelog", Section: "New thing"}}},
					{ID: "q4", Kind: "identifier", Query: "listWidgets", Expected: []Relevant{{Path: "beta"}}, Error: "boom"}},
				Errors: 1,
			},
			"lexical": {
				Page: Metrics{0.5, 0.75, 0.75, 0.6, 0.62}, Section: Metrics{0.25, 0.5, 0.75, 0.4, 0.45},
				ByKind:    map[string]*KindReport{"identifier": {Questions: 2, Metrics: Metrics{Recall5: 1}, Section: Metrics{Recall5: 0.5}}, "paraphrase": {Questions: 1}, "changelog": {Questions: 1, Metrics: Metrics{Recall5: 1}}},
				Latency:   Latency{P50: 0.4, P95: 0.9},
				RecallAtK: curve(0.5, 0.5, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75),
				Misses:    []Miss{miss},
			},
			"vector": {
				Page: Metrics{0.5, 1, 1, 0.7, 0.75}, Section: Metrics{0.5, 0.75, 1, 0.6, 0.65},
				ByKind:    map[string]*KindReport{"identifier": {Questions: 2, Metrics: Metrics{Recall5: 1}, Section: Metrics{Recall5: 1}}, "paraphrase": {Questions: 1, Metrics: Metrics{Recall5: 1}}, "changelog": {Questions: 1, Metrics: Metrics{Recall5: 1}}},
				Latency:   Latency{P50: 12, P95: 30.25},
				RecallAtK: curve(0.5, 0.75, 0.75, 1, 1, 1, 1, 1, 1, 1),
			},
			"hybrid": {
				Page: Metrics{0.75, 1, 1, 0.875, 0.9}, Section: Metrics{0.5, 1, 1, 0.7, 0.8},
				ByKind:    map[string]*KindReport{"identifier": {Questions: 2, Metrics: Metrics{Recall5: 1}, Section: Metrics{Recall5: 1}}, "paraphrase": {Questions: 1, Metrics: Metrics{Recall5: 1}, Section: Metrics{Recall5: 1}}, "changelog": {Questions: 1, Metrics: Metrics{Recall5: 1}, Section: Metrics{Recall5: 1}}},
				Latency:   Latency{P50: 13, P95: 31},
				RecallAtK: curve(0.75, 1, 1, 1, 1, 1, 1, 1, 1, 1),
			},
		},
	}
}

// checkGolden compares header, a line, and got with testdata/name.
func checkGolden(t *testing.T, name, header string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), append([]byte(header+"\n"), got...))
}

func TestReportGolden(t *testing.T) {
	rep := fixedReport()
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md, "report-recall.svg"); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "report.md.golden", "<!-- pins Report.WriteMarkdown on fixedReport (report_test.go); regenerate: go test ./eval -run TestReportGolden -update -->", md.Bytes())

	var svg bytes.Buffer
	if err := rep.WriteRecallSVG(&svg); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "report-recall.svg.golden", "<!-- pins Report.WriteRecallSVG on fixedReport (report_test.go); regenerate: go test ./eval -run TestReportGolden -update -->", svg.Bytes())
}

func TestReportColumnsPutGrepFirst(t *testing.T) {
	var md bytes.Buffer
	if err := fixedReport().WriteMarkdown(&md, ""); err != nil {
		t.Fatal(err)
	}
	want := "| metric | grep (before) | lexical | vector | hybrid |"
	if !strings.Contains(md.String(), want) {
		t.Errorf("report has no header %q:\n%s", want, md.String())
	}
	if strings.Contains(md.String(), "![") {
		t.Error("report links a chart although svgName is empty")
	}
}

// TestReportJSONSchema pins the key layout of `eval --json`.
func TestReportJSONSchema(t *testing.T) {
	b, err := json.Marshal(fixedReport())
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	get := func(path ...string) any {
		var cur any = v
		for _, p := range path {
			m, ok := cur.(map[string]any)
			if !ok {
				return nil
			}
			cur = m[p]
		}
		return cur
	}
	for _, p := range [][]string{
		{"corpus_version"}, {"model"},
		{"modes", "hybrid", "page", "recall@1"}, {"modes", "hybrid", "page", "recall@5"},
		{"modes", "hybrid", "page", "recall@10"}, {"modes", "hybrid", "page", "mrr@10"},
		{"modes", "hybrid", "page", "ndcg@10"}, {"modes", "hybrid", "section", "ndcg@10"},
		{"modes", "grep", "by_kind", "paraphrase", "recall@5"},
		{"modes", "vector", "latency_ms", "p50"}, {"modes", "vector", "latency_ms", "p95"},
	} {
		if get(p...) == nil {
			t.Errorf("JSON lacks %s:\n%s", strings.Join(p, "."), b)
		}
	}
	if got := get("modes", "hybrid", "page", "recall@5"); got != 1.0 {
		t.Errorf("hybrid page recall@5 = %v, want 1", got)
	}
}

func TestReportCapsMisses(t *testing.T) {
	rep := fixedReport()
	g := rep.Modes["grep"]
	for i := range 60 {
		g.Misses = append(g.Misses, Miss{ID: fmt.Sprintf("extra%d", i), Kind: "howto", Query: "q", Expected: []Relevant{{Path: "p"}}})
	}
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| extra46 |") || strings.Contains(md.String(), "| extra47 |") {
		t.Errorf("want the first 50 misses listed (3 fixed + 47 extra):\n%s", md.String())
	}
	if !strings.Contains(md.String(), "13 more; `docseek eval --json` lists every miss.") {
		t.Errorf("report does not say how many misses it left out:\n%s", md.String())
	}
}
