package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/internal/realdata"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// claudeCodeLimit is the tool output size (in tokens) Claude Code refuses
// beyond; every answer must stay well under it.
const claudeCodeLimit = 25000

// realDocs opens the WorkOS 0.2.0 docs from the data dir (lexical-only: no
// model needed). It skips when they are absent, and fails under `make test`
// (DOCSEEK_REQUIRE_DATA=1).
func realDocs(t testing.TB) *retrieval.Index {
	t.Helper()
	data := realdata.Find(t, "WorkOS docs 0.2.0 (docseek corpus sync)",
		func(d string) bool { return corpus.Synced(d, "0.2.0") })
	docs := corpus.CorpusDir(data, "0.2.0")
	ctx := context.Background()
	c, err := corpus.Load(ctx, docs, corpus.Options{Name: "workos", Version: "0.2.0", BaseURL: corpus.DefaultBaseURL})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, c, retrieval.Config{LexicalOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// evalQuestions reads up to n questions of the committed eval set.
func evalQuestions(t testing.TB, n int) []string {
	f, err := os.Open(filepath.Join("..", "eval", "workos-0.2.0.jsonl"))
	if err != nil {
		t.Skipf("eval questions: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(out) < n {
		var q struct {
			Query string `json:"query"`
		}
		if json.Unmarshal(sc.Bytes(), &q) == nil && q.Query != "" {
			out = append(out, q.Query)
		}
	}
	return out
}

// TestRealDocsAnswerSizes checks answer sizes over the real docs: ask with
// the default k stays under 4,000 tokens and with k=10 under 8 KB, code
// blocks stay whole, and fetching any page or listing the root stays well
// under Claude Code's 25,000-token limit.
func TestRealDocsAnswerSizes(t *testing.T) {
	ix := realDocs(t)
	cs := connect(t, New(ix, Config{}))
	ctx := context.Background()
	largest := map[string]int{}
	call := func(tool string, args map[string]any) string {
		t.Helper()
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args})
		if err != nil || res.IsError {
			t.Fatalf("%s %v: %v %s", tool, args, err, Text(res))
		}
		if res.StructuredContent != nil {
			// What several hosts give the model instead of the text: it
			// must fit the same bounds.
			raw, err := json.Marshal(res.StructuredContent)
			if err != nil {
				t.Fatalf("%s %v: structured output: %v", tool, args, err)
			}
			limit, key := 4000*charsPerToken, tool+" k=default structured"
			if k, ok := args["k"].(int); ok {
				limit, key = 8<<10, fmt.Sprintf("%s k=%d structured", tool, k)
			}
			if len(raw) > limit {
				t.Errorf("%s %v: structured output is %d bytes, want <= %d", tool, args, len(raw), limit)
			}
			largest[key] = max(largest[key], len(raw))
		}
		return Text(res)
	}
	for _, q := range evalQuestions(t, 60) {
		for _, tc := range []struct {
			k        int
			maxBytes int
		}{{0, 4000 * charsPerToken}, {10, 8 << 10}} {
			args := map[string]any{"question": q, "mode": "lexical"}
			if tc.k > 0 {
				args["k"] = tc.k
			}
			text := call("ask", args)
			if len(text) > tc.maxBytes {
				t.Errorf("ask k=%d %q: %d bytes, want <= %d", tc.k, q, len(text), tc.maxBytes)
			}
			if strings.Count(text, "```")%2 != 0 {
				t.Errorf("ask k=%d %q: a code block was cut:\n%s", tc.k, q, text)
			}
			key := "ask k=default"
			if tc.k > 0 {
				key = "ask k=10"
			}
			largest[key] = max(largest[key], len(text))
		}
	}
	for _, p := range ix.Corpus().Pages {
		text := call("fetch", map[string]any{"target": p.Path})
		if estimateTokens(text) > claudeCodeLimit/2 {
			t.Errorf("fetch %s: about %d tokens", p.Path, estimateTokens(text))
		}
		largest["fetch"] = max(largest["fetch"], len(text))
	}
	for _, prefix := range []string{"", "reference", "authkit"} {
		text := call("list", map[string]any{"prefix": prefix})
		if estimateTokens(text) > claudeCodeLimit/2 {
			t.Errorf("list %q: about %d tokens", prefix, estimateTokens(text))
		}
		largest["list"] = max(largest["list"], len(text))
	}
	for _, ex := range []string{"sso", "authkit", "reference"} {
		largest["workos_examples"] = max(largest["workos_examples"], len(call("workos_examples", map[string]any{"example": ex})))
	}
	t.Logf("largest answers in bytes: %v", largest)
}
