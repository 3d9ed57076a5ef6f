package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// JSON-RPC error codes the HTTP guard answers with.
const (
	codeInvalidRequest = -32600
	codeInternalError  = -32603
)

// timeoutGrace is how long guardMCP waits, after a request's deadline, for the
// SDK to finish before it answers the timeout itself.
const timeoutGrace = time.Second

// guardMCP wraps the SDK's streamable HTTP handler so that every POST to
// /mcp gets one bounded JSON-RPC answer:
//   - a batch (a JSON array) is refused with 400 and a JSON-RPC error, whatever
//     MCP-Protocol-Version the client claims (go-sdk accepts batches for
//     2025-03-26 and earlier: one 107 KB batch produced a 197 MB response);
//   - the response is buffered up to maxResponse bytes; a larger one is
//     replaced by a JSON-RPC error;
//   - a call that produces no response (it ran past the request's deadline,
//     or the SDK dropped it) is answered with a JSON-RPC error carrying its
//     id, never an empty 200; one still running timeoutGrace after the
//     deadline is left behind and answered.
//
// The request's context must carry the deadline (limitTime outside).
func guardMCP(maxBody int64, maxResponse int, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				http.Error(w, fmt.Sprintf("request body exceeds %d bytes", mbe.Limit), http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "failed to read body", http.StatusBadRequest)
			return
		}
		msg := bytes.TrimLeft(body, " \t\r\n")
		if len(msg) > 0 && msg[0] == '[' {
			writeRPCError(w, http.StatusBadRequest, nil, codeInvalidRequest,
				"batch requests are not supported: send one JSON-RPC message per HTTP request")
			return
		}
		var head struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal(msg, &head) // a malformed body is the SDK's to report
		id := head.ID
		if bytes.Equal(id, []byte("null")) {
			id = nil
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))

		buf := &boundedWriter{header: http.Header{}, limit: maxResponse}
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer func() {
				if p := recover(); p != nil {
					log.Error("MCP request panicked", "panic", fmt.Sprint(p))
				}
			}()
			next.ServeHTTP(buf, r)
		}()
		ctx := r.Context()
		finished := true
		select {
		case <-done:
		case <-ctx.Done():
			select {
			case <-done:
			case <-time.After(timeoutGrace):
				finished = false
			}
		}
		status, out, overflow := buf.close()
		switch {
		case !finished:
			log.Warn("MCP request still running after its deadline; answered with an error")
			writeRPCError(w, http.StatusOK, id, codeInternalError, "request timed out: it ran past the server's time limit")
		case overflow:
			log.Warn("MCP response too large; answered with an error", "limit", maxResponse)
			writeRPCError(w, http.StatusOK, id, codeInternalError,
				fmt.Sprintf("response exceeds %d bytes: ask for less (a smaller k, a section instead of a page)", maxResponse))
		case len(out) == 0 && status == http.StatusOK && id != nil:
			msg := "the server produced no response to this request"
			if ctx.Err() != nil {
				msg = "request timed out: it ran past the server's time limit"
			}
			writeRPCError(w, http.StatusOK, id, codeInternalError, msg)
		default:
			for k, v := range buf.header { // the handler is done with it
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			_, _ = w.Write(out)
		}
	})
}

// writeRPCError writes a JSON-RPC error response (id nil is null).
func writeRPCError(w http.ResponseWriter, status int, id json.RawMessage, code int, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	body, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}{JSONRPC: "2.0", ID: id, Error: struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}{code, message}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// errResponseTooLarge is what boundedWriter returns past its limit.
var errResponseTooLarge = errors.New("response too large")

// boundedWriter is a ResponseWriter that keeps up to limit bytes of body.
// After close, writes are dropped (the handler was left behind).
type boundedWriter struct {
	mu       sync.Mutex
	header   http.Header
	status   int
	body     []byte
	limit    int
	overflow bool
	closed   bool
}

func (b *boundedWriter) Header() http.Header { return b.header }

func (b *boundedWriter) WriteHeader(status int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.status == 0 {
		b.status = status
	}
}

func (b *boundedWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, http.ErrHandlerTimeout
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	if b.overflow || len(b.body)+len(p) > b.limit {
		b.overflow = true
		b.body = nil
		return 0, errResponseTooLarge
	}
	b.body = append(b.body, p...)
	return len(p), nil
}

// Flush does nothing: the response goes out whole once the handler is done.
func (b *boundedWriter) Flush() {}

// close stops further writes and returns what was written.
func (b *boundedWriter) close() (status int, body []byte, overflow bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.status, b.body, b.overflow
}
