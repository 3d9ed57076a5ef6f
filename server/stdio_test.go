package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/docseek/docseek/retrieval"
)

// eofReader closes eof when its reader reports end of input.
type eofReader struct {
	r    io.Reader
	eof  chan struct{}
	once sync.Once
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		e.once.Do(func() { close(e.eof) })
	}
	return n, err
}

// TestStdioAnswersBeforeEOF pins the go-sdk pitfall: a request piped in
// right before stdin closes must still be answered. The search blocks until
// the input has ended, so the answer is always written after EOF.
func TestStdioAnswersBeforeEOF(t *testing.T) {
	in := &eofReader{r: strings.NewReader(strings.Join([]string{
		initializeBody,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"ask","arguments":{"question":"SAML connection"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fetch","arguments":{"target":"../../etc/passwd"}}}`,
	}, "\n") + "\n"), eof: make(chan struct{})}
	f := newFakeIndex(fixtureCorpus())
	search := f.search
	f.search = func(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error) {
		<-in.eof
		return search(ctx, q)
	}
	var out bytes.Buffer
	if err := New(f, Config{}).ServeStdio(context.Background(), in, &out); err != nil {
		t.Fatalf("ServeStdio: %v", err)
	}
	got := map[int]string{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal([]byte(line), &msg); err != nil {
			t.Fatalf("stdout holds a non-JSON line %q: %v", line, err)
		}
		got[msg.ID] = string(msg.Result)
	}
	if !strings.Contains(got[2], "Configure a connection") {
		t.Errorf("ask answer missing or wrong: %q\nstdout:\n%s", got[2], out.String())
	}
	if !strings.Contains(got[3], `"isError":true`) {
		t.Errorf("traversal not refused: %q", got[3])
	}
}

func TestStdioStopsOnCancel(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- New(newFakeIndex(fixtureCorpus()), Config{}).ServeStdio(ctx, pr, io.Discard) }()
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("ServeStdio after cancel = %v, want nil", err)
	}
}
