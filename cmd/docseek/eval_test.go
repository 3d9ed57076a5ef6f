package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/eval"
)

// evalQuestions are written against the fixture docs in
// testdata/retrieval-docs (ours): two that lexical search answers, one that
// grep answers, and one nobody answers.
const evalQuestions = `{"id":"e1","query":"dsync.user.created","relevant":[{"path":"events","section":"User created"}],"kind":"identifier"}
{"id":"e2","query":"exchange the code for a profile","relevant":[{"path":"sso/index","section":"Handle the callback"}],"kind":"howto"}
{"id":"e3","query":"simulate login flows without a real provider","relevant":[{"path":"sso/test-sso"}],"kind":"paraphrase"}
{"id":"e4","query":"what is new this month?","relevant":[{"path":"changelog"}],"kind":"changelog"}
`

// evalRun runs docseek with args against the fixture docs and a throw-away
// data dir; it returns stdout and stderr.
func evalRun(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	qfile := filepath.Join(t.TempDir(), "questions.jsonl")
	if err := os.WriteFile(qfile, []byte(evalQuestions), 0o644); err != nil {
		t.Fatal(err)
	}
	all := append([]string{"eval", "--questions", qfile, "--docs", "testdata/retrieval-docs",
		"--base-url", "https://docs.example.com", "--data-dir", t.TempDir()}, args...)
	var out, errOut bytes.Buffer
	err := run(context.Background(), all, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestEvalCommandJSON(t *testing.T) {
	out, _, err := evalRun(t, "--modes", "grep,lexical", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep eval.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bad JSON %v:\n%s", err, out)
	}
	if rep.Questions != 4 || len(rep.Modes) != 2 {
		t.Fatalf("questions = %d, modes = %d; want 4 and 2:\n%s", rep.Questions, len(rep.Modes), out)
	}
	grep, lex := rep.Modes["grep"], rep.Modes["lexical"]
	// grep matches only whole-query substrings: e1, e2 and e3 are verbatim
	// phrases of the fixture; the changelog question is a miss for both.
	if grep.Page.Recall10 != 0.75 {
		t.Errorf("grep page Recall@10 = %v, want 0.75", grep.Page.Recall10)
	}
	if lex.Page.Recall5 < 0.75 {
		t.Errorf("lexical page Recall@5 = %v, want >= 0.75", lex.Page.Recall5)
	}
	if len(lex.Misses) == 0 || lex.Misses[len(lex.Misses)-1].ID != "e4" {
		t.Errorf("lexical misses = %+v, want e4 among them", lex.Misses)
	}
}

func TestEvalCommandReport(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report.md")
	out, _, err := evalRun(t, "--modes", "lexical,grep", "--report", report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "| metric | grep (before) | lexical |") {
		t.Errorf("stdout lacks the overall table:\n%s", out)
	}
	md, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "](report-recall.svg)") {
		t.Errorf("report does not link its chart:\n%s", md)
	}
	svg, err := os.ReadFile(filepath.Join(filepath.Dir(report), "report-recall.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(svg, []byte("<svg ")) || !bytes.Contains(svg, []byte("grep (before)")) {
		t.Errorf("chart is not an SVG with a grep line:\n%.300s", svg)
	}
}

func TestEvalCommandGate(t *testing.T) {
	_, _, err := evalRun(t, "--modes", "lexical", "--min-recall5", "0.5")
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "add hybrid to --modes") {
		t.Errorf("gate without hybrid: err = %v, want a usage error", err)
	}
}

func TestEvalCommandUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no questions", []string{"eval"}, "--questions is required"},
		{"unknown mode", []string{"eval", "--questions", "x", "--modes", "hybrid,fuzzy"}, `unknown mode "fuzzy"`},
		{"mode twice", []string{"eval", "--questions", "x", "--modes", "grep,grep"}, `mode "grep" listed twice`},
		{"bad k", []string{"eval", "--questions", "x", "--k", "0"}, "--k must be positive"},
		{"stray argument", []string{"eval", "--questions", "x", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a usage error containing %q", err, tt.want)
			}
			if exitCode(err) != 2 {
				t.Errorf("exit code %d, want 2", exitCode(err))
			}
		})
	}
}

func TestEvalCommandBadQuestionFile(t *testing.T) {
	qfile := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(qfile, []byte(`{"id":"a","query":"q","relevant":[],"kind":"howto"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"eval", "--questions", qfile, "--modes", "grep"}, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), `line 1: question "a": "relevant" must list at least one place`) {
		t.Errorf("err = %v", err)
	}
}

func TestEvalCommandTuning(t *testing.T) {
	out, _, err := evalRun(t, "--modes", "lexical", "--per-page", "1", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep eval.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bad JSON %v:\n%s", err, out)
	}
	if rep.Modes["lexical"] == nil || rep.Model != "none (no embedding mode evaluated)" {
		t.Errorf("report = %+v", rep)
	}
}

// TestEvalCommandHybridGate runs the CI gate end to end with a fake
// embeddings endpoint: the fixture has no changelog, so hybrid Recall@5 is
// at most 0.75 and a floor of 0.9 must fail with a clear message.
func TestEvalCommandHybridGate(t *testing.T) {
	ts := embeddingServer(t, hashedWords(64))
	t.Setenv("OPENAI_API_KEY", "test-key")
	flags := []string{"--modes", "hybrid", "--embedder", "openai", "--openai-base-url", ts.URL + "/v1", "--openai-model", "fake-words"}

	_, errOut, err := evalRun(t, append(flags, "--min-recall5", "0.5")...)
	if err != nil {
		t.Fatalf("floor 0.5: %v\n%s", err, errOut)
	}
	if !strings.Contains(errOut, "eval gate passed") {
		t.Errorf("stderr lacks the gate line:\n%s", errOut)
	}

	_, _, err = evalRun(t, append(flags, "--min-recall5", "0.9")...)
	if err == nil || !strings.Contains(err.Error(), "hybrid page-level Recall@5 is 0.750, below the floor 0.900") {
		t.Errorf("floor 0.9: err = %v, want the gate failure", err)
	}
	if exitCode(err) != 1 {
		t.Errorf("exit code %d, want 1", exitCode(err))
	}
}

func TestEvalSearchAll(t *testing.T) {
	_, errOut, err := evalRun(t, "--modes", "lexical", "--search-all", "--library", "other=testdata/servedocs")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "lexical: another library's page in the top 5 for ") || !strings.Contains(errOut, " of 4 questions") {
		t.Errorf("stderr lacks the intrusion count:\n%s", errOut)
	}

	// --json carries the same counts, so scripts need not read the log.
	out, _, err := evalRun(t, "--modes", "lexical", "--search-all", "--library", "other=testdata/servedocs", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Modes     map[string]json.RawMessage `json:"modes"`
		SearchAll map[string]struct {
			Questions, Touched, Results, First int
		} `json:"search_all"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	st, ok := rep.SearchAll["lexical"]
	if !ok || rep.Modes["lexical"] == nil {
		t.Fatalf("JSON lacks the lexical mode or its search_all counts:\n%s", out)
	}
	if st.Questions != 4 || st.Results < st.Touched || st.First > st.Touched {
		t.Errorf("search_all.lexical = %+v, want 4 questions and consistent counts", st)
	}
	if line := fmt.Sprintf("top 5 for %d of 4 questions (%d results of 20), first for %d;", st.Touched, st.Results, st.First); !strings.Contains(errOut, line) {
		t.Errorf("JSON counts %+v disagree with the log:\n%s", st, errOut)
	}

	// Without --search-all there is nothing to count.
	out, _, err = evalRun(t, "--modes", "lexical", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "search_all") {
		t.Errorf("one library's JSON has search_all:\n%s", out)
	}
}

func TestLibraryFlagErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--library", "a=testdata/servedocs", "--library", "a=testdata/retrieval-docs"}, `"a@local" is configured twice`},
		{[]string{"--library", "bad name=testdata/servedocs"}, `library name "bad name"`},
		{[]string{"--library", "workos@9.9"}, `unknown WorkOS docs version "9.9"`},
		{[]string{"--library", "x=testdata/nope"}, `folder "testdata/nope" does not exist`},
		{[]string{"--library", "react"}, `--library "react": no library of that name`},
		{[]string{"--library", "x=testdata/servedocs,color=red"}, `unknown key "color"`},
	} {
		args := append([]string{"list", "--data-dir", t.TempDir()}, tt.args...)
		_, _, err := runCapture(t, args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2 {
			t.Errorf("run(%q) err = %v (exit %d); want a usage error with %q", tt.args, err, exitCode(err), tt.want)
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	abs, err := filepath.Abs("testdata/servedocs")
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "docseek.yaml")
	if err := os.WriteFile(cfg, []byte("libraries:\n  - name: serve\n    dir: "+abs+"\n    version: \"3\"\n    exclude: [\"guides/**\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCapture(t, "list", "--config", cfg, "--data-dir", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "faq") || strings.Contains(out, "guides") {
		t.Errorf("list over the config file's library (guides excluded):\n%s", out)
	}
	if err := os.WriteFile(cfg, []byte("libraries:\n  - nme: serve\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCapture(t, "list", "--config", cfg, "--data-dir", t.TempDir()); err == nil || !strings.Contains(err.Error(), "nme") {
		t.Errorf("a misspelt key: err = %v, want it named", err)
	}
}
