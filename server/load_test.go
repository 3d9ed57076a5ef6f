package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Load test sizes: 50 concurrent clients, 200 ask calls each.
const (
	loadClients = 50
	loadCalls   = 200
	loadTimeout = 5 * time.Minute
)

var loadQuestions = []string{
	"how do I configure a SAML connection?",
	"verify the webhook signature",
	"which widget setting controls case 7?",
	"sync users and groups",
	"install the SDK",
}

// TestLoad runs 50 concurrent go-sdk clients x 200 ask calls against Serve
// on loopback and requires zero errors; it prints p50/p95 latency. It runs
// only with DOCSEEK_LOADTEST=1 (`make loadtest`).
func TestLoad(t *testing.T) {
	if os.Getenv("DOCSEEK_LOADTEST") != "1" {
		t.Skip("set DOCSEEK_LOADTEST=1 (make loadtest) to run the load test")
	}
	ix, what := loadIndex(t)
	s := New(ix, Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	defer cancel()
	srvCtx, stop := context.WithCancel(ctx)
	srvErr := make(chan error, 1)
	go func() { srvErr <- s.Serve(srvCtx, ln, HTTPConfig{}) }()
	endpoint := "http://" + ln.Addr().String() + MCPPath
	hc := &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * loadClients, MaxIdleConnsPerHost: 2 * loadClients}}

	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      []error
		wg        sync.WaitGroup
	)
	start := time.Now()
	for c := range loadClients {
		wg.Go(func() {
			lat, err := loadClient(ctx, endpoint, hc, c)
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, lat...)
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	stop()
	if err := <-srvErr; err != nil {
		t.Errorf("Serve: %v", err)
	}
	for i, err := range errs {
		if i == 5 {
			t.Errorf("... %d errors in all", len(errs))
			break
		}
		t.Error(err)
	}
	if got := len(latencies); got != loadClients*loadCalls {
		t.Errorf("%d calls succeeded, want %d", got, loadClients*loadCalls)
	}
	if len(latencies) == 0 {
		return
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("load (%s): %d clients x %d asks over HTTP on loopback: %d calls, %d errors, %.0f calls/s, p50 %v, p95 %v, p99 %v, max %v",
		what, loadClients, loadCalls, len(latencies), len(errs), float64(len(latencies))/elapsed.Seconds(),
		pct(0.50).Round(time.Microsecond), pct(0.95).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond))
}

// loadClient connects one client and makes loadCalls ask calls, returning
// the latency of each successful call and the first error.
func loadClient(ctx context.Context, endpoint string, hc *http.Client, n int) ([]time.Duration, error) {
	cs, err := mcp.NewClient(&mcp.Implementation{Name: fmt.Sprintf("load-%d", n)}, nil).Connect(ctx,
		&mcp.StreamableClientTransport{Endpoint: endpoint, HTTPClient: hc, DisableStandaloneSSE: true, MaxRetries: -1}, nil)
	if err != nil {
		return nil, fmt.Errorf("client %d: connect: %w", n, err)
	}
	defer cs.Close()
	lat := make([]time.Duration, 0, loadCalls)
	for i := range loadCalls {
		q := loadQuestions[(n+i)%len(loadQuestions)]
		t0 := time.Now()
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": q}})
		if err != nil {
			return lat, fmt.Errorf("client %d call %d: %w", n, i, err)
		}
		if res.IsError {
			return lat, fmt.Errorf("client %d call %d: tool error: %s", n, i, Text(res))
		}
		lat = append(lat, time.Since(t0))
	}
	return lat, nil
}

// BenchmarkAskInMemory measures one ask call through the go-sdk client and
// server over in-memory transports (protocol, validation and rendering; the
// index is the fake unless the real one is available).
func BenchmarkAskInMemory(b *testing.B) {
	ix, _ := loadIndex(b)
	cs := connect(b, New(ix, Config{}))
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "ask", Arguments: map[string]any{"question": loadQuestions[i%len(loadQuestions)]}})
		if err != nil || res.IsError {
			b.Fatalf("ask: %v %s", err, Text(res))
		}
		i++
	}
}

// BenchmarkAskStdio measures one ask call as `docseek serve` answers it on
// stdio, from the request line in to the response line out: JSON-RPC
// decoding, the go-sdk's handling, the search and the rendering of the
// answer and its structured output. It ranks by keywords over the real
// WorkOS docs (the encoder is BenchmarkQuery in embed/bert, the vector scan
// BenchmarkSearchWorkOS in retrieval), so it shows what the server adds to
// them. Needs the synced docs (see realDocs).
func BenchmarkAskStdio(b *testing.B) {
	s := New(realDocs(b), Config{})
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeStdio(ctx, inR, outW) }()
	defer func() {
		inW.Close()
		cancel()
		<-done
	}()
	lines := bufio.NewReader(outR)
	call := func(line string) []byte {
		if _, err := io.WriteString(inW, line+"\n"); err != nil {
			b.Fatal(err)
		}
		resp, err := lines.ReadBytes('\n')
		if err != nil {
			b.Fatal(err)
		}
		return resp
	}
	call(initializeBody)
	if _, err := io.WriteString(inW, `{"jsonrpc":"2.0","method":"notifications/initialized"}`+"\n"); err != nil {
		b.Fatal(err)
	}
	questions := evalQuestions(b, 100)
	reqs := make([]string, len(questions))
	for i, q := range questions {
		args, _ := json.Marshal(map[string]any{"question": q, "k": 8, "mode": "lexical"})
		reqs[i] = fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"ask","arguments":%s}}`, i+2, args)
	}
	if resp := call(reqs[0]); !bytes.Contains(resp, []byte(`"structuredContent"`)) {
		b.Fatalf("ask answered %s", resp)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		call(reqs[i%len(reqs)])
		i++
	}
}
