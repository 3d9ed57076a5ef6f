package server

import (
	"context"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/embed/embedtest"
	"github.com/docseek/docseek/retrieval"
)

// realIndex opens a retrieval.Index over testdata/docs with the hash
// embedder.
func realIndex(tb testing.TB) *retrieval.Index {
	tb.Helper()
	dir := "testdata/docs"
	ctx := context.Background()
	c := corpustest.Load(tb, dir, corpus.Options{Name: "testdocs", BaseURL: "https://docs.example.com"})
	ix, err := retrieval.Open(ctx, c, retrieval.Config{Embedder: embedtest.NewWords()})
	if err != nil {
		tb.Fatalf("open index: %v", err)
	}
	return ix
}

// loadIndex returns the index the load test and benchmark run against, and
// a name for it.
func loadIndex(tb testing.TB) (Index, string) {
	tb.Helper()
	return realIndex(tb), "retrieval.Index over testdata/docs, hash embedder"
}

// TestRealIndex runs the tools against retrieval.Index, the index docseek serves.
func TestRealIndex(t *testing.T) {
	cs := connect(t, New(realIndex(t), Config{}))
	tests := []toolCase{
		{"ask", "ask", map[string]any{"question": "how do I rotate the SAML signing certificate?"}, false, []string{"Rotate the signing certificate", "sso/index#"}},
		{"ask product", "ask", map[string]any{"question": "verify webhook signature", "product": "directory-sync"}, false, []string{"Directory Sync > Webhooks"}},
		{"ask changelog kind", "ask", map[string]any{"question": "widgets generally available"}, false, []string{"Widgets GA"}},
		{"fetch section", "fetch", map[string]any{"target": "sso/index#configure-a-connection"}, false, []string{"SAML metadata URL", "Rotate the signing certificate"}},
		{"fetch long page", "fetch", map[string]any{"target": "sso/long-guide"}, false, []string{"table of contents", "sso/long-guide#setting-40"}},
		{"fetch unknown suggests", "fetch", map[string]any{"target": "sso/sesions"}, true, []string{"Did you mean", "sso/sessions"}},
		{"fetch traversal", "fetch", map[string]any{"target": "../../etc/passwd"}, true, []string{"not allowed"}},
		{"list", "list", map[string]any{"prefix": "sso"}, false, []string{"sso/sessions", "SSO sessions"}},
		{"list unknown", "list", map[string]any{"prefix": "nope"}, true, []string{"not a folder"}},
		{"changelog", "changelog", map[string]any{"limit": 1}, false, []string{"Widgets GA"}},
		{"changelog query", "changelog", map[string]any{"query": "SAML metadata"}, false, []string{"SAML improvements"}},
		{"workos_docs", "workos_docs", map[string]any{"path": "directory-sync"}, false, []string{"# Directory Sync", "dsync.group.user_added"}},
		{"workos_examples", "workos_examples", map[string]any{"example": "sso"}, false, []string{"rotateCertificate", "widgets.sessions.revoke"}},
		{"workos_changelogs", "workos_changelogs", map[string]any{"package": "workos-platform"}, false, []string{"SAML improvements"}},
	}
	runToolCases(t, cs, tests)
	res, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "docs://testdocs/sso/sessions"})
	if err != nil || !strings.Contains(res.Contents[0].Text, "eight hours") {
		t.Errorf("read resource: %v %+v", err, res)
	}
}
