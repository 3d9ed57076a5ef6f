package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

const initializeBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// headerTransport adds headers to every request.
type headerTransport struct {
	base    http.RoundTripper
	headers map[string]string
}

func (t headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range t.headers {
		r.Header.Set(k, v)
	}
	return t.base.RoundTrip(r)
}

func httpClient(headers map[string]string) *http.Client {
	return &http.Client{Transport: headerTransport{http.DefaultTransport, headers}, Timeout: 30 * time.Second}
}

func TestHTTP(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	ts := httptest.NewServer(s.Handler(HTTPConfig{AuthToken: "s3cret", MaxBodyBytes: 64 << 10}))
	defer ts.Close()

	t.Run("client calls a tool", func(t *testing.T) {
		ctx := context.Background()
		cs, err := mcp.NewClient(&mcp.Implementation{Name: "test"}, nil).Connect(ctx, &mcp.StreamableClientTransport{
			Endpoint: ts.URL + MCPPath, HTTPClient: httpClient(map[string]string{"Authorization": "Bearer s3cret"}),
			DisableStandaloneSSE: true,
		}, nil)
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		defer cs.Close()
		for _, call := range []struct {
			args    map[string]any
			wantErr bool
		}{{map[string]any{"question": "SAML connection"}, false}, {map[string]any{"question": ""}, true}} {
			res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "ask", Arguments: call.args})
			if err != nil || res.IsError != call.wantErr {
				t.Errorf("ask %v: err %v, IsError %v, want %v: %s", call.args, err, res != nil && res.IsError, call.wantErr, Text(res))
			}
		}
	})

	tests := []struct {
		name       string
		method     string
		path       string
		headers    map[string]string
		body       string
		wantStatus int
	}{
		{"initialize", "POST", MCPPath, map[string]string{"Authorization": "Bearer s3cret"}, initializeBody, http.StatusOK},
		{"missing token", "POST", MCPPath, nil, initializeBody, http.StatusUnauthorized},
		{"wrong token", "POST", MCPPath, map[string]string{"Authorization": "Bearer nope"}, initializeBody, http.StatusUnauthorized},
		{"wrong origin", "POST", MCPPath, map[string]string{"Authorization": "Bearer s3cret", "Origin": "https://evil.example"}, initializeBody, http.StatusForbidden},
		{"localhost origin", "POST", MCPPath, map[string]string{"Authorization": "Bearer s3cret", "Origin": "http://localhost:3000"}, initializeBody, http.StatusOK},
		{"rebinding host", "POST", MCPPath, map[string]string{"Authorization": "Bearer s3cret", "Host": "evil.example:8080"}, initializeBody, http.StatusForbidden},
		{"body too large", "POST", MCPPath, map[string]string{"Authorization": "Bearer s3cret"},
			`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"` + strings.Repeat("a", 70<<10) + `"}}`, http.StatusRequestEntityTooLarge},
		{"healthz", "GET", "/healthz", nil, "", http.StatusOK},
		{"healthz wrong origin", "GET", "/healthz", map[string]string{"Origin": "https://evil.example"}, "", http.StatusForbidden},
		{"unknown path", "GET", "/etc/passwd", nil, "", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			for k, v := range tt.headers {
				if k == "Host" {
					req.Host = v
				} else {
					req.Header.Set(k, v)
				}
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d; body %s", resp.StatusCode, tt.wantStatus, body)
			}
		})
	}

	t.Run("no sessions left behind", func(t *testing.T) {
		// Stateless mode: each request's session ends with the request, so
		// raw clients that initialize and never send DELETE leak nothing (a go-sdk pitfall of
		// stateful streamable HTTP).
		n := 0
		for range s.MCP().Sessions() {
			n++
		}
		if n != 0 {
			t.Errorf("%d server sessions still open after the clients closed", n)
		}
	})
}

func TestHealthzWhileLoading(t *testing.T) {
	s, ready := NewPending(Config{})
	h := s.Handler(HTTPConfig{})
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1/healthz", nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := get(); code != http.StatusServiceUnavailable || !strings.Contains(body, "loading") {
		t.Errorf("while loading: %d %s", code, body)
	}
	ready(nil, errors.New("no model"))
	if code, body := get(); code != http.StatusServiceUnavailable || !strings.Contains(body, "no model") {
		t.Errorf("after a failed load: %d %s", code, body)
	}
}

func TestServeShutdown(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx, ln, HTTPConfig{}) }()

	resp, err := http.Post("http://"+ln.Addr().String()+MCPPath, "application/json", bytes.NewBufferString(initializeBody))
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	resp.Body.Close()
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("Serve after cancel = %v, want nil", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("server still answering after shutdown")
	}
}

func TestServeError(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close() // Serve on a closed listener fails at once
	if err := s.Serve(context.Background(), ln, HTTPConfig{}); err == nil {
		t.Error("Serve on a closed listener returned nil")
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "localhost:8080": true, "127.0.0.1:80": true, "[::1]:8080": true, "127.1.2.3": true,
		"app.localhost": true, "evil.example": false, "192.168.1.5:8080": false, "localhost.evil.example": false, "": false,
	} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestListen(t *testing.T) {
	s := New(newFakeIndex(fixtureCorpus()), Config{})
	for _, tt := range []struct {
		addr, host string
		hosts      []string // tests bind loopback only
	}{
		{":0", "127.0.0.1", []string{"x.example"}},
		{"127.0.0.1:0", "127.0.0.1", []string{"x.example"}},
		{"localhost:0", "127.0.0.1", []string{"x.example"}},
	} {
		ln, cfg, err := s.Listen(tt.addr, HTTPConfig{AllowedHosts: []string{"x.example"}})
		if err != nil {
			t.Errorf("Listen(%q): %v", tt.addr, err)
			continue
		}
		host, _, _ := net.SplitHostPort(ln.Addr().String())
		ln.Close()
		if host != tt.host {
			t.Errorf("Listen(%q) bound %s, want %s", tt.addr, host, tt.host)
		}
		if !slices.Equal(cfg.AllowedHosts, tt.hosts) {
			t.Errorf("Listen(%q) allowed hosts %v, want %v", tt.addr, cfg.AllowedHosts, tt.hosts)
		}
	}
	if _, _, err := s.Listen("8080", HTTPConfig{}); !errors.Is(err, ErrBadAddr) {
		t.Errorf("Listen(%q) err = %v, want ErrBadAddr", "8080", err)
	}
}
