package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/retrieval"
)

// connect starts s over in-memory transports and returns a connected client session.
func connect(t testing.TB, s *Server) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := s.MCP().Connect(ctx, st, nil)
	if err != nil {
		t.Fatalf("server connect: %v", err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatalf("client connect: %v", err)
	}
	t.Cleanup(func() {
		cs.Close()
		ss.Wait()
	})
	return cs
}

func TestTools(t *testing.T) {
	cs := connect(t, New(newFakeIndex(fixtureCorpus()), Config{}))
	tests := []toolCase{
		{"ask", "ask", map[string]any{"question": "how do I configure a SAML connection?"}, false,
			[]string{"Single Sign-On > Configure a connection", "https://docs.example.com/sso#configure-a-connection", "`sso/index#configure-a-connection`"}},
		{"ask k and mode", "ask", map[string]any{"question": "webhook signature", "k": 1, "mode": "lexical"}, false, []string{"Directory Sync > Webhooks"}},
		{"ask product", "ask", map[string]any{"question": "users", "product": "directory-sync"}, false, []string{"Directory Sync"}},
		{"ask nothing found", "ask", map[string]any{"question": "zebra"}, false, []string{"No sections found"}},
		{"ask empty", "ask", map[string]any{"question": "  "}, true, []string{"question is empty"}},
		{"ask missing question", "ask", map[string]any{}, true, []string{"question"}},
		{"ask too long", "ask", map[string]any{"question": strings.Repeat("a", 2001)}, true, []string{"2000"}},
		{"ask k zero", "ask", map[string]any{"question": "sso", "k": 0}, true, []string{"k"}},
		{"ask k too big", "ask", map[string]any{"question": "sso", "k": 51}, true, []string{"k"}},
		{"ask bad mode", "ask", map[string]any{"question": "sso", "mode": "magic"}, true, []string{"mode"}},
		{"ask unknown product", "ask", map[string]any{"question": "sso", "product": "nope"}, true, []string{`product "nope" is unknown`, "directory-sync, sso"}},
		{"ask max_tokens too small", "ask", map[string]any{"question": "sso", "max_tokens": 10}, true, []string{"max_tokens"}},
		{"ask unknown field", "ask", map[string]any{"question": "sso", "q": 1}, true, nil},

		{"fetch page", "fetch", map[string]any{"target": "sso/index"}, false, []string{"# Single Sign-On", "## Get started", "npm install widget-sdk"}},
		{"fetch section", "fetch", map[string]any{"target": "sso/index#get-started"}, false, []string{"Install the SDK", "Parent: `sso/index`"}},
		{"fetch URL", "fetch", map[string]any{"target": "https://docs.example.com/sso/index#configure-a-connection"}, false, []string{"SAML metadata URL"}},
		{"fetch long page gives contents", "fetch", map[string]any{"target": "sso/long-guide"}, false, []string{"table of contents", "`sso/long-guide#setting-40`"}},
		{"fetch unknown", "fetch", map[string]any{"target": "sso/nope"}, true, []string{`"sso/nope" is not a page`, "sso/index — Single Sign-On"}},
		{"fetch traversal", "fetch", map[string]any{"target": "../../etc/passwd"}, true, []string{`".." and absolute file paths are not allowed`}},
		{"fetch encoded traversal", "fetch", map[string]any{"target": "sso/%2e%2e/%2e%2e/etc/passwd"}, true, []string{"not allowed"}},
		{"fetch absolute", "fetch", map[string]any{"target": "/etc/passwd"}, true, []string{"not allowed"}},
		{"fetch empty", "fetch", map[string]any{"target": ""}, true, []string{"target"}},
		{"fetch file URL", "fetch", map[string]any{"target": "file:///etc/passwd"}, true, []string{"not an http(s) docs URL"}},

		{"list root", "list", map[string]any{}, false, []string{"4 pages under the docs", "`sso/index` — Single Sign-On"}},
		{"list prefix", "list", map[string]any{"prefix": "sso"}, false, []string{"2 pages under \"sso\"", "sso/long-guide"}},
		{"list unknown", "list", map[string]any{"prefix": "nope"}, true, []string{"not a folder", "directory-sync, sso"}},
		{"list traversal", "list", map[string]any{"prefix": "../"}, true, []string{"not allowed"}},

		{"changelog", "changelog", map[string]any{}, false, []string{"2 changelog entries", "2026-02-10 — Widgets GA"}},
		{"changelog since", "changelog", map[string]any{"since": "2026-01-01", "limit": 5}, false, []string{"1 changelog entries", "Widgets GA"}},
		{"changelog none", "changelog", map[string]any{"since": "2030-01-01"}, false, []string{"No changelog entries since 2030-01-01", "covers 2025-12-01 to 2026-02-10"}},
		{"changelog bad date", "changelog", map[string]any{"since": "last week"}, true, []string{"since"}},
		{"changelog bad limit", "changelog", map[string]any{"limit": 500}, true, []string{"limit"}},

		{"workos_search", "workos_search", map[string]any{"query": "SAML metadata", "maxResults": 3}, false, []string{"Configure a connection", "workos_docs"}},
		{"workos_search default", "workos_search", map[string]any{"query": "widgets"}, false, []string{"Widget settings guide"}},
		{"workos_search empty", "workos_search", map[string]any{"query": ""}, true, []string{"query"}},
		{"workos_search bad max", "workos_search", map[string]any{"query": "sso", "maxResults": 0}, true, []string{"maxResults"}},
		{"workos_docs", "workos_docs", map[string]any{"path": "sso"}, false, []string{"# Single Sign-On"}},
		{"workos_docs extension", "workos_docs", map[string]any{"path": "sso/index.mdx"}, false, []string{"# Single Sign-On"}},
		{"workos_docs unknown", "workos_docs", map[string]any{"path": "sso/overview"}, true, []string{"Call workos_docs again"}},
		{"workos_docs traversal", "workos_docs", map[string]any{"path": "../../etc/passwd"}, true, []string{"not allowed"}},
		{"workos_changelogs", "workos_changelogs", map[string]any{"package": "workos-platform"}, false, []string{"Widgets GA", "SAML improvements"}},
		{"workos_changelogs other", "workos_changelogs", map[string]any{"package": "@workos/node"}, true, []string{`no changelog for package "@workos/node"`, `"workos-platform"`}},
		{"workos_examples", "workos_examples", map[string]any{"example": "sso"}, false, []string{"# sso examples", "npm install widget-sdk", "https://docs.example.com/sso#get-started"}},
		{"workos_examples alias", "workos_examples", map[string]any{"example": "directory-sync"}, false, []string{"verify(payload, sig)"}},
		{"workos_examples unknown", "workos_examples", map[string]any{"example": "nope"}, true, []string{"products are: directory-sync, sso"}},
	}
	runToolCases(t, cs, tests)
}

func TestToolDefinitions(t *testing.T) {
	cs := connect(t, New(newFakeIndex(fixtureCorpus()), Config{}))
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if len(tool.Description) < 80 {
			t.Errorf("%s: description too short to guide an agent: %q", tool.Name, tool.Description)
		}
		if a := tool.Annotations; a == nil || !a.ReadOnlyHint || !a.IdempotentHint {
			t.Errorf("%s: annotations %+v, want read-only and idempotent", tool.Name, a)
		}
		schema, _ := json.Marshal(tool.InputSchema)
		for _, prop := range []string{`"maxLength"`, `"type":"object"`} {
			if !strings.Contains(string(schema), prop) {
				t.Errorf("%s: input schema lacks %s: %s", tool.Name, prop, schema)
			}
		}
	}
	want := "ask changelog fetch list workos_changelogs workos_docs workos_examples workos_search"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("tools = %s, want %s", got, want)
	}
}

func TestAskOutput(t *testing.T) {
	f := newFakeIndex(fixtureCorpus())
	// Ten long results, each with a code block in the middle.
	f.search = func(_ context.Context, q retrieval.Query) ([]retrieval.Result, error) {
		var out []retrieval.Result
		for i := range q.K {
			text := strings.Repeat("Intro prose about rotating keys. ", 30) + "\n\n```go\n" +
				strings.Repeat("key := rotate(secret)\n", 20) + "```\n\n" + strings.Repeat("Closing remarks about the dashboard. ", 30)
			out = append(out, retrieval.Result{Path: fmt.Sprintf("p/%d", i), Anchor: "keys", Breadcrumb: []string{"P", "Keys"},
				URL: "https://x/p#keys", Text: text, Score: 0.5})
		}
		return out, nil
	}
	cs := connect(t, New(f, Config{}))
	for _, tc := range []struct {
		k, maxTokens int
		maxBytes     int
	}{{10, 0, 8 << 10}, {8, 0, 4000 * 4}, {50, 0, 4000 * 4}, {3, 200, 200*4 + 400}, {10, 20000, 80000}} {
		t.Run(fmt.Sprintf("k=%d,max_tokens=%d", tc.k, tc.maxTokens), func(t *testing.T) {
			args := map[string]any{"question": "how do I rotate keys", "k": tc.k}
			if tc.maxTokens > 0 {
				args["max_tokens"] = tc.maxTokens
			}
			res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "ask", Arguments: args})
			if err != nil || res.IsError {
				t.Fatalf("ask: %v %s", err, Text(res))
			}
			text := Text(res)
			if len(text) > tc.maxBytes {
				t.Errorf("answer is %d bytes, want <= %d", len(text), tc.maxBytes)
			}
			if n := strings.Count(text, "```"); n%2 != 0 {
				t.Errorf("a code block was cut: %d fences\n%s", n, text)
			}
			// Several hosts give the model the structured output instead of
			// the text: it is held to the same size.
			raw, err := json.Marshal(res.StructuredContent)
			if err != nil {
				t.Fatalf("structured content: %v", err)
			}
			if len(raw) > tc.maxBytes {
				t.Errorf("structured output is %d bytes, want <= %d", len(raw), tc.maxBytes)
			}
			var out AskOutput
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatalf("structured content: %v", err)
			}
			if len(out.Results)+out.Omitted != tc.k {
				t.Errorf("results %d + omitted %d != k %d", len(out.Results), out.Omitted, tc.k)
			}
			if out.Omitted > 0 && !slices.ContainsFunc(out.Notes, func(n string) bool { return strings.Contains(n, "raise max_tokens") }) {
				t.Errorf("%d results left out, and no note says so: %q", out.Omitted, out.Notes)
			}
			truncated := slices.ContainsFunc(out.Results, func(r AskResult) bool { return r.Truncated })
			if says := slices.ContainsFunc(out.Notes, func(n string) bool { return strings.Contains(n, "fetch a result's target") }); says != truncated {
				t.Errorf("some results truncated: %v, but a note says how to get the rest: %v (%q)", truncated, says, out.Notes)
			}
			for _, r := range out.Results {
				if !strings.HasPrefix(r.Target, "p/") || !strings.HasSuffix(r.Target, "#keys") || r.URL == "" || len(r.Breadcrumb) == 0 {
					t.Errorf("result lacks fields: %+v", r)
				}
				if r.Truncated && !strings.Contains(text, "fetch `"+r.Target+"` for the full section") {
					t.Errorf("trimmed result %s does not say how to fetch the rest", r.Target)
				}
				if !strings.Contains(text, r.Text) {
					t.Errorf("result %s: the structured text is not the text's", r.Target)
				}
			}
		})
	}
}

func TestPendingIndex(t *testing.T) {
	s, ready := NewPending(Config{})
	cs := connect(t, s) // the handshake does not wait for the index
	if ok, err := s.Ready(); ok || err != nil {
		t.Fatalf("Ready() = %v, %v before loading", ok, err)
	}
	done := make(chan *mcp.CallToolResult)
	go func() {
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "fetch", Arguments: map[string]any{"target": "sso/index"}})
		if err != nil {
			res = &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: err.Error()}}}
		}
		done <- res
	}()
	ready(newFakeIndex(fixtureCorpus()), nil)
	if res := <-done; res.IsError || !strings.Contains(Text(res), "Single Sign-On") {
		t.Errorf("fetch after load: %s", Text(res))
	}

	slow, _ := NewPending(Config{LoadWait: time.Millisecond}) // never loads
	res, err := connect(t, slow).CallTool(context.Background(), &mcp.CallToolParams{Name: "list", Arguments: map[string]any{}})
	if err != nil || !res.IsError || !strings.Contains(Text(res), "still loading") {
		t.Errorf("list while loading: err %v, result %s", err, Text(res))
	}

	failed, fail := NewPending(Config{})
	fail(nil, errors.New("model missing"))
	res, err = connect(t, failed).CallTool(context.Background(), &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": "sso"}})
	if err != nil || !res.IsError || !strings.Contains(Text(res), "docs index unavailable: model missing") {
		t.Errorf("ask on a failed index: err %v, result %s", err, Text(res))
	}
}

// resourceURIs lists the URIs of the resources a session offers.
func resourceURIs(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	list, err := cs.ListResources(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, r := range list.Resources {
		uris = append(uris, r.URI)
	}
	return uris
}

func TestResources(t *testing.T) {
	cs := connect(t, New(newFakeIndex(fixtureCorpus()), Config{}))
	ctx := context.Background()
	uris := resourceURIs(t, cs)
	want := "docs://testdocs/directory-sync/index docs://testdocs/email docs://testdocs/sso/index docs://testdocs/sso/long-guide"
	if got := strings.Join(uris, " "); got != want {
		t.Errorf("resources = %s, want %s", got, want)
	}
	tmpl, err := cs.ListResourceTemplates(ctx, nil)
	if err != nil || len(tmpl.ResourceTemplates) != 1 || tmpl.ResourceTemplates[0].URITemplate != "docs://testdocs/{+path}" {
		t.Errorf("templates: %v %+v", err, tmpl)
	}
	for _, tc := range []struct {
		uri, want string
		wantErr   bool
	}{
		{"docs://testdocs/sso/index", "Install the SDK", false},
		{"docs://testdocs/sso/long-guide", "Setting 40 controls", false}, // resources are whole
		{"docs://testdocs/nope", "", true},
		{"docs://testdocs/../../etc/passwd", "", true},
		{"docs://other/sso/index", "", true},
	} {
		res, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: tc.uri})
		if (err != nil) != tc.wantErr {
			t.Errorf("read %s: err %v, want error %v", tc.uri, err, tc.wantErr)
			continue
		}
		if err == nil && (len(res.Contents) != 1 || !strings.Contains(res.Contents[0].Text, tc.want) || res.Contents[0].MIMEType != "text/markdown") {
			t.Errorf("read %s: %+v", tc.uri, res.Contents)
		}
	}
}

func TestProvisionalIndex(t *testing.T) {
	// The provisional index refuses vector searches, like a lexical-only
	// retrieval.Index; the final one accepts them.
	lexical := newFakeIndex(fixtureCorpus())
	search := lexical.search
	lexical.search = func(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
		if q.Mode != retrieval.ModeLexical && q.Mode != retrieval.ModeGrep {
			return nil, retrieval.ErrNoVectors
		}
		return search(ctx, q)
	}
	ask := func(cs *mcp.ClientSession, tool string, args map[string]any) (*mcp.CallToolResult, AskOutput) {
		t.Helper()
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: tool, Arguments: args})
		if err != nil {
			t.Fatal(err)
		}
		var out AskOutput
		raw, _ := json.Marshal(res.StructuredContent)
		json.Unmarshal(raw, &out)
		return res, out
	}

	s, ready := NewPending(Config{LoadWait: time.Hour, SemanticWait: -1})
	cs := connect(t, s)
	waiting := make(chan *mcp.CallToolResult)
	go func() { // called before any index exists: answered as soon as the provisional one is
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "fetch", Arguments: map[string]any{"target": "sso/index"}})
		if err != nil {
			res = &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: err.Error()}}}
		}
		waiting <- res
	}()
	s.Provisional(lexical)
	if res := <-waiting; res.IsError || !strings.Contains(Text(res), "# Single Sign-On") {
		t.Errorf("fetch waiting for the provisional index: %s", Text(res))
	}
	for _, tool := range []string{"ask", "workos_search"} {
		args := map[string]any{"question": "SAML connection"}
		if tool == "workos_search" {
			args = map[string]any{"query": "SAML connection"}
		}
		res, _ := ask(cs, tool, args)
		if text := Text(res); res.IsError || !strings.Contains(text, "still loading, so these results are ranked by keywords only") ||
			!strings.Contains(text, "Configure a connection") {
			t.Errorf("%s while loading: %s", tool, text)
		}
	}
	if _, out := ask(cs, "ask", map[string]any{"question": "SAML connection"}); out.Mode != "lexical" ||
		len(out.Notes) != 1 || !strings.Contains(out.Notes[0], "ranked by keywords only") {
		t.Errorf("structured output while loading: mode %q, notes %q; want lexical and why", out.Mode, out.Notes)
	}
	ready(newFakeIndex(fixtureCorpus()), nil)
	if res, out := ask(cs, "ask", map[string]any{"question": "SAML connection"}); strings.Contains(Text(res), "Note:") || out.Mode != "hybrid" || len(out.Notes) != 0 {
		t.Errorf("after loading: mode %q, text %s", out.Mode, Text(res))
	}

	failed, fail := NewPending(Config{})
	failed.Provisional(lexical)
	fail(nil, errors.New("model missing"))
	res, _ := ask(connect(t, failed), "ask", map[string]any{"question": "SAML connection"})
	if text := Text(res); res.IsError || !strings.Contains(text, "semantic search is unavailable (docs index unavailable: model missing)") {
		t.Errorf("after a failed load: %s", text)
	}
	rec := httptest.NewRecorder()
	failed.Handler(HTTPConfig{}).ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost/healthz", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "degraded") {
		t.Errorf("healthz with only the provisional index: %d %s", rec.Code, rec.Body.String())
	}
}

// A call that arrives while only the keyword index serves waits briefly for
// the semantic one (SemanticWait), so a client calling right after start
// still gets a hybrid answer.
func TestSemanticWait(t *testing.T) {
	for _, provisionalFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("provisional before the call %v", provisionalFirst), func(t *testing.T) {
			s, ready := NewPending(Config{LoadWait: time.Hour, SemanticWait: time.Hour})
			if provisionalFirst {
				s.Provisional(newFakeIndex(fixtureCorpus()))
			}
			cs := connect(t, s)
			done := make(chan *mcp.CallToolResult, 1)
			go func() {
				res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": "SAML connection"}})
				if err != nil {
					res = &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: err.Error()}}}
				}
				done <- res
			}()
			if !provisionalFirst {
				s.Provisional(newFakeIndex(fixtureCorpus()))
			}
			select {
			case res := <-done:
				t.Fatalf("answered before the semantic index was ready: %s", Text(res))
			case <-time.After(50 * time.Millisecond):
			}
			ready(newFakeIndex(fixtureCorpus()), nil)
			res := <-done
			var out AskOutput
			raw, _ := json.Marshal(res.StructuredContent)
			json.Unmarshal(raw, &out)
			if res.IsError || strings.Contains(Text(res), "keywords only") || out.Mode != "hybrid" {
				t.Errorf("answer after waiting: mode %q, text %s", out.Mode, Text(res))
			}
		})
	}
}

// toolCase is one tool call and what its answer must hold.
type toolCase struct {
	name    string
	tool    string
	args    map[string]any
	wantErr bool
	want    []string // substrings of the text content
}

// runToolCases calls each case's tool; bad input must come back as a tool
// error (isError), never a protocol error.
func runToolCases(t *testing.T, cs *mcp.ClientSession, tests []toolCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: tt.tool, Arguments: tt.args})
			if err != nil {
				t.Fatalf("CallTool: protocol error %v (bad input must be a tool error)", err)
			}
			text := Text(res)
			if res.IsError != tt.wantErr {
				t.Fatalf("IsError = %v, want %v; text:\n%s", res.IsError, tt.wantErr, text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
