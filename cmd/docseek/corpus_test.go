package main

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

const corpusFixture = "../../corpus/testdata/npmlayout"

func TestCorpusStats(t *testing.T) {
	out, _, err := runCapture(t, "corpus", "stats", "--docs", corpusFixture, "--data-dir", t.TempDir(), "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st corpus.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats json: %v\n%s", err, out)
	}
	if st.Pages != 9 || st.Chunks == 0 || st.ChangelogEntries != 3 || st.SplitSections != 1 || st.TokensMax > corpus.ChunkBudget {
		t.Errorf("stats = %+v", st)
	}
	text, _, err := runCapture(t, "corpus", "stats", "--docs", corpusFixture, "--data-dir", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pages", "tokens/chunk", "median", "p95", "split", "merged"} {
		if !strings.Contains(text, want) {
			t.Errorf("stats output lacks %q:\n%s", want, text)
		}
	}
}

func TestCorpusUsage(t *testing.T) {
	var ue usageError
	for _, args := range [][]string{{"corpus"}, {"corpus", "nope"}, {"corpus", "stats", "extra"}, {"corpus", "sync", "extra"}} {
		if _, _, err := runCapture(t, args...); !errors.As(err, &ue) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
	_, _, err := runCapture(t, "corpus", "sync", "--data-dir", t.TempDir(), "--corpus-version", "0.0.1")
	if err == nil || !strings.Contains(err.Error(), "0.1.0, 0.2.0") {
		t.Errorf("unknown version: %v", err)
	}
}

func TestList(t *testing.T) {
	out, _, err := runCapture(t, "list", "--docs", corpusFixture, "--data-dir", t.TempDir(), "reference")
	if err != nil {
		t.Fatal(err)
	}
	// What the MCP list tool answers an agent.
	want := "Library: npmlayout local (docs of 2025-03-02)\n" +
		"4 pages under \"reference\". Fetch a page by its path; list a folder to see inside it.\n\n" +
		"- `reference/pagination` — Pagination\n" +
		"- `reference/widgets/` — Widgets\n" +
		"  - `reference/widgets/index` — Widgets\n" +
		"  - `reference/widgets/list` — List Widgets\n" +
		"  - `reference/widgets/object` — Widget object\n"
	if out != want {
		t.Errorf("list reference:\n%s\nwant:\n%s", out, want)
	}
	out, _, err = runCapture(t, "list", "--docs", corpusFixture, "--data-dir", t.TempDir(), "--depth", "1", "reference")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "- `reference/widgets/` — Widgets (3 more inside: list `reference/widgets`)\n") || strings.Contains(out, "widgets/list") {
		t.Errorf("list --depth 1 reference:\n%s", out)
	}
	js, _, err := runCapture(t, "list", "--docs", corpusFixture, "--data-dir", t.TempDir(), "--json", "--depth", "1")
	if err != nil {
		t.Fatal(err)
	}
	var l catalog.Listing
	if err := json.Unmarshal([]byte(js), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 4 || l.Library != "npmlayout" || slices.ContainsFunc(l.Entries, func(e retrieval.ListEntry) bool { return e.Depth > 0 }) {
		t.Errorf("list --json --depth 1: %+v", l)
	}
	if _, _, err := runCapture(t, "list", "--docs", corpusFixture, "--data-dir", t.TempDir(), "nope"); !errors.Is(err, corpus.ErrNotFound) {
		t.Errorf("unknown prefix: %v", err)
	}
}
