package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"

	"github.com/docseek/docseek/retrieval"
)

// rpcReply is a JSON-RPC response as the tests read it.
type rpcReply struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// postMCP posts body to /mcp with the given protocol version header and
// returns the status and body.
func postMCP(t *testing.T, h http.Handler, version, body string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest("POST", "http://127.0.0.1"+MCPPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if version != "" {
		req.Header.Set("MCP-Protocol-Version", version)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func toolCall(id int, name, args string) string {
	return `{"jsonrpc":"2.0","id":` + itoa(id) + `,"method":"tools/call","params":{"name":"` + name + `","arguments":` + args + `}}`
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestBatchRefused: a JSON array of calls is refused whatever protocol
// version the client claims (go-sdk accepts batches for 2025-03-26, which let
// one 107 KB request produce a 197 MB response).
func TestBatchRefused(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	h := s.Handler(HTTPConfig{})
	call := toolCall(1, "ask", `{"question":"SAML connection"}`)
	for _, tc := range []struct{ name, version, body string }{
		{"2025-03-26, many calls", "2025-03-26", "[" + strings.Repeat(call+",", 50) + call + "]"},
		{"2025-03-26, one call", "2025-03-26", "[" + call + "]"},
		{"no version header", "", "  \n[" + call + "]"},
		{"2025-06-18", "2025-06-18", "[" + call + "]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := postMCP(t, h, tc.version, tc.body)
			var r rpcReply
			if err := json.Unmarshal(body, &r); err != nil || r.Error == nil {
				t.Fatalf("status %d, body %.300s: want a JSON-RPC error", code, body)
			}
			if code != http.StatusBadRequest || r.Error.Code != -32600 || string(r.ID) != "null" {
				t.Errorf("status %d, error %+v, id %s; want 400, -32600, null", code, r.Error, r.ID)
			}
		})
	}
	// A single call with the old version still works.
	if code, body := postMCP(t, h, "2025-03-26", call); code != http.StatusOK || !strings.Contains(string(body), `"result"`) {
		t.Errorf("single call: %d %.300s", code, body)
	}
}

// TestResponseBounded: a response larger than MaxResponseBytes is replaced by
// a JSON-RPC error with the request's id.
func TestResponseBounded(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	h := s.Handler(HTTPConfig{MaxResponseBytes: 300})
	code, body := postMCP(t, h, "2025-06-18", toolCall(7, "fetch", `{"target":"sso/index"}`))
	var r rpcReply
	if err := json.Unmarshal(body, &r); err != nil || r.Error == nil {
		t.Fatalf("status %d, body %.300s: want a JSON-RPC error", code, body)
	}
	if string(r.ID) != "7" || !strings.Contains(r.Error.Message, "300 bytes") || len(body) > 400 {
		t.Errorf("id %s, error %q, %d bytes", r.ID, r.Error.Message, len(body))
	}
	// A small response passes unchanged.
	h = s.Handler(HTTPConfig{})
	if code, body := postMCP(t, h, "2025-06-18", toolCall(8, "fetch", `{"target":"sso/index"}`)); code != http.StatusOK || !strings.Contains(string(body), `"result"`) {
		t.Errorf("unbounded: %d %.300s", code, body)
	}
}

// TestTimeoutAnswered: a call running past RequestTimeout is answered with a
// JSON-RPC error naming the timeout, not an empty 200.
func TestTimeoutAnswered(t *testing.T) {
	f := newFakeIndex(fixtureCorpus())
	release := make(chan struct{})
	defer close(release)
	f.search = func(context.Context, retrieval.Query) ([]retrieval.Result, error) {
		<-release // stuck, ignoring its context
		return nil, nil
	}
	s := New(f, Config{})
	h := s.Handler(HTTPConfig{RequestTimeout: 200 * time.Millisecond})
	code, body := postMCP(t, h, "2025-06-18", toolCall(3, "ask", `{"question":"SAML connection"}`))
	var r rpcReply
	if err := json.Unmarshal(body, &r); err != nil || r.Error == nil {
		t.Fatalf("status %d, body %q: want a JSON-RPC error", code, body)
	}
	if string(r.ID) != "3" || !strings.Contains(r.Error.Message, "timed out") {
		t.Errorf("id %s, error %q", r.ID, r.Error.Message)
	}
}

// TestEveryCallAnswered: a resource URI with control characters gets a
// "resource not found" reply with its id. go-sdk's ResourceNotFoundError
// writes the URI into its data with Go's %q, which is not JSON for control
// characters, so the reply was dropped (HTTP 200, empty body).
func TestEveryCallAnswered(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	h := s.Handler(HTTPConfig{})
	for _, uri := range []string{"docs://testdocs/sso\x01index", "docs://testdocs/\x00", "docs://testdocs/sso/index\n"} {
		raw, _ := json.Marshal(uri)
		code, body := postMCP(t, h, "2025-06-18", `{"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":`+string(raw)+`}}`)
		var r rpcReply
		if err := json.Unmarshal(body, &r); err != nil || r.Error == nil || r.Error.Code != jsonrpc.CodeInvalidParams || string(r.ID) != "5" {
			t.Errorf("%q: status %d, body %q: want a resource-not-found error with id 5", uri, code, body)
		}
	}
}

// TestErrorEchoBounded: an error about a huge argument does not echo it
// whole (the SDK's schema check quotes the value: a 100 KB question came
// back as a 103 KB error).
func TestErrorEchoBounded(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	h := s.Handler(HTTPConfig{})
	long := strings.Repeat("a", 100<<10)
	for _, call := range []string{
		toolCall(1, "ask", `{"question":"`+long+`"}`),
		toolCall(2, "fetch", `{"target":"`+long+`"}`),
		`{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"docs://nope/` + long + `"}}`,
	} {
		code, body := postMCP(t, h, "2025-06-18", call)
		if code != http.StatusOK || len(body) > 2<<10 || !strings.Contains(string(body), "aaaa") {
			t.Errorf("status %d, %d bytes: %.200s", code, len(body), body)
		}
	}
}

// TestHealthzHidesPaths: a load error in /healthz names no absolute local
// path (those stay in the log); URLs are kept.
func TestHealthzHidesPaths(t *testing.T) {
	s, ready := NewPending(Config{})
	ready(nil, errors.New(`load corpus "/home/alice/private/docs": no .md or .mdx pages under "/home/alice/private/docs/docs"; see https://example.com/docs/setup or C:\Users\alice\docs`))
	rec := httptest.NewRecorder()
	s.Handler(HTTPConfig{}).ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1/healthz", nil))
	body := rec.Body.String()
	for _, leak := range []string{"/home/alice", "private", `Users\\alice`} {
		if strings.Contains(body, leak) {
			t.Errorf("healthz shows %q: %s", leak, body)
		}
	}
	for _, keep := range []string{"no .md or .mdx pages", "https://example.com/docs/setup", "docs"} {
		if !strings.Contains(body, keep) {
			t.Errorf("healthz lost %q: %s", keep, body)
		}
	}
}

// TestTokenCheck: the bearer token is compared as fixed-size digests, so
// neither a wrong length nor a wrong prefix is answered differently.
func TestTokenCheck(t *testing.T) {
	h := requireToken("s3cret", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	for header, want := range map[string]int{
		"Bearer s3cret": http.StatusOK, "Bearer s3cre": http.StatusUnauthorized, "Bearer s3cret2": http.StatusUnauthorized,
		"": http.StatusUnauthorized, "Bearer " + strings.Repeat("s", 10000): http.StatusUnauthorized,
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "http://127.0.0.1/mcp", nil)
		req.Header.Set("Authorization", header)
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%.20q: status %d, want %d", header, rec.Code, want)
		}
	}
	if !sameSecret("a", "a") || sameSecret("a", "ab") || sameSecret("", "a") {
		t.Error("sameSecret is wrong")
	}
}
