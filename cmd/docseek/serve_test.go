package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The serve tests run the built binary as a subprocess over testdata/servedocs
// (our own fixture docs), with --embedder openai pointed at a fake
// embeddings endpoint, so they need neither the model nor the network.

// buildDocseek builds the binary once per test into a temp dir.
func buildDocseek(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "docseek")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func serveArgs(t *testing.T, embeddings string, extra ...string) []string {
	return append([]string{"serve", "--docs", "testdata/servedocs", "--base-url", "https://gadgets.example.com/docs",
		"--data-dir", t.TempDir(), "--embedder", "openai", "--openai-base-url", embeddings, "--openai-model", "fake-32"}, extra...)
}

// TestServeStdioBinary pipes requests into the binary and closes stdin right
// after the last one: every request must still be answered (a go-sdk
// pitfall), and stdout must hold only protocol messages.
func TestServeStdioBinary(t *testing.T) {
	bin := buildDocseek(t)
	emb := embeddingServer(t, hashedWords(32))
	requests := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ask","arguments":{"question":"how do I install a gadget?"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fetch","arguments":{"target":"../../etc/passwd"}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"ask","arguments":{"question":""}}}`,
		`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"fetch","arguments":{"target":"guides#stop-a-gadget"}}}`,
		`{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"list","arguments":{}}}`,
	}, "\n") + "\n"
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, serveArgs(t, emb.URL)...)
	cmd.Stdin = strings.NewReader(requests)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("docseek serve: %v\nstderr:\n%s", err, stderr.String())
	}
	got := map[int]string{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var msg struct {
			ID     *int            `json:"id"`
			Method string          `json:"method"`
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Fatalf("stdout holds a non-protocol line %q: %v", line, err)
		}
		if msg.ID != nil {
			got[*msg.ID] = string(msg.Result)
		}
	}
	for id, want := range map[int]string{
		1: `"serverInfo":{"name":"docseek"`,
		2: "gadget install --name demo",
		3: `not allowed`,
		4: `question`,
		5: "finishes in-flight pings",
		6: "guides/index",
	} {
		if !strings.Contains(got[id], want) {
			t.Errorf("response %d lacks %q: %s", id, want, got[id])
		}
	}
	for _, id := range []int{3, 4} {
		if !strings.Contains(got[id], `"isError":true`) {
			t.Errorf("response %d is not a tool error: %s", id, got[id])
		}
	}
	if t.Failed() {
		t.Logf("stderr:\n%s", stderr.String())
	}
}

var urlRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+/mcp`)

// startHTTP starts cmd, a `docseek serve --http 127.0.0.1:0`, reads its
// stderr until the MCP URL is logged (then keeps draining it) and returns
// the URL. When none is logged it kills cmd and fails the test with what
// was logged; otherwise stopping cmd is the caller's.
func startHTTP(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	sc := bufio.NewScanner(stderr)
	url := ""
	for url == "" && sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		url = urlRE.FindString(sc.Text())
	}
	go io.Copy(io.Discard, stderr) // keep draining
	if url == "" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("no URL printed; stderr:\n%s", log.String())
	}
	return url
}

// TestServeHTTPBinary starts `serve --http 127.0.0.1:0`, checks the
// refusals, calls a tool through the go-sdk client and stops it with SIGTERM.
func TestServeHTTPBinary(t *testing.T) {
	bin := buildDocseek(t)
	emb := embeddingServer(t, hashedWords(32))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, serveArgs(t, emb.URL, "--http", "127.0.0.1:0", "--print-config")...)
	cmd.Env = append(os.Environ(), "DOCSEEK_AUTH_TOKEN=tok")
	url := startHTTP(t, cmd)

	for _, tc := range []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"no token", nil, http.StatusUnauthorized},
		{"wrong token", map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"wrong origin", map[string]string{"Authorization": "Bearer tok", "Origin": "https://evil.example"}, http.StatusForbidden},
	} {
		req, _ := http.NewRequest("POST", url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		for k, v := range tc.headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}

	// The web page is served at / and asks for the token.
	if resp, err := http.Get(strings.TrimSuffix(url, "/mcp") + "/"); err != nil {
		t.Errorf("GET /: %v", err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), `name="token"`) {
			t.Errorf("GET /: status %d, want 401 and the token form", resp.StatusCode)
		}
	}

	hc := &http.Client{Transport: bearer{"tok"}}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t"}, nil).Connect(ctx,
		&mcp.StreamableClientTransport{Endpoint: url, HTTPClient: hc, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": "why does my gadget not answer?"}})
	if err != nil || res.IsError {
		t.Errorf("ask over HTTP: %v %+v", err, res)
	} else if text := res.Content[0].(*mcp.TextContent).Text; !strings.Contains(text, "port is open") {
		t.Errorf("ask over HTTP: %s", text)
	}
	cs.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v (want a clean exit)", err)
	}
}

// TestServeHTTPNoUI: with --no-ui, / is not served; /mcp and /healthz are.
func TestServeHTTPNoUI(t *testing.T) {
	bin := buildDocseek(t)
	emb := embeddingServer(t, hashedWords(32))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, serveArgs(t, emb.URL, "--http", "127.0.0.1:0", "--no-ui")...)
	url := startHTTP(t, cmd)
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	base := strings.TrimSuffix(url, "/mcp")
	for path, want := range map[string]int{"/": http.StatusNotFound, "/docs": http.StatusNotFound, "/healthz": 0} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		resp.Body.Close()
		if want == 0 && resp.StatusCode == http.StatusNotFound || want != 0 && resp.StatusCode != want {
			t.Errorf("GET %s with --no-ui: status %d", path, resp.StatusCode)
		}
	}
}

type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

func TestPrintConfig(t *testing.T) {
	var b bytes.Buffer
	printHTTPConfig(&b, "http://127.0.0.1:8080/mcp", serveConfig{authToken: "x"})
	for _, want := range []string{
		`claude mcp add --transport http docseek http://127.0.0.1:8080/mcp --header "Authorization: Bearer $DOCSEEK_AUTH_TOKEN"`,
		`"url": "http://127.0.0.1:8080/mcp"`, `"type": "http"`, "health: http://127.0.0.1:8080/healthz", "serve",
		"web page: http://127.0.0.1:8080/",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("HTTP config lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), `"x"`) || strings.Contains(b.String(), "Bearer x") {
		t.Errorf("the token itself is printed:\n%s", b.String())
	}
	b.Reset()
	printHTTPConfig(&b, "http://127.0.0.1:8080/mcp", serveConfig{noUI: true})
	if !strings.Contains(b.String(), "web page: off (--no-ui)") {
		t.Errorf("HTTP config with --no-ui:\n%s", b.String())
	}
	b.Reset()
	printStdioConfig(&b, serveConfig{common: commonFlags{Docs: "/my/docs", Embedder: "openai", CorpusVersion: defaultCorpusVersion}})
	for _, want := range []string{"claude mcp add docseek -- ", " serve --docs /my/docs --embedder openai", `"mcpServers"`, `"type": "stdio"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("stdio config lacks %q:\n%s", want, b.String())
		}
	}
}
