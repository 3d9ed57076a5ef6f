package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// drainTimeout bounds how long ServeStdio keeps answering after stdin closed.
const drainTimeout = 30 * time.Second

// ServeStdio serves one MCP session over newline-delimited JSON on in and
// out (the process's stdin and stdout) until in ends or ctx is done.
//
// When in ends, requests already read are still answered before it returns:
// `printf '<initialize>\n<tools/call>\n' | docseek serve` gets both answers.
// (On its own, the go-sdk cancels in-flight requests at end of input.)
func (s *Server) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	t := &drainTransport{inner: &mcp.IOTransport{Reader: io.NopCloser(in), Writer: nopWriteCloser{out}}}
	ss, err := s.mcp.Connect(ctx, t, nil)
	if err != nil {
		return fmt.Errorf("connect stdio: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- ss.Wait() }()
	select {
	case err = <-done:
	case <-ctx.Done(): // asked to stop: not an error
		ss.Close()
		<-done
		return nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("stdio session: %w", err)
	}
	return nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// drainTransport wraps a transport so that end of input is reported only
// after every call read so far has been answered (or drainTimeout passed).
type drainTransport struct{ inner mcp.Transport }

func (t *drainTransport) Connect(ctx context.Context) (mcp.Connection, error) {
	c, err := t.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &drainConn{Connection: c, pending: map[jsonrpc.ID]bool{}, idle: make(chan struct{}, 1), closed: make(chan struct{})}, nil
}

type drainConn struct {
	mcp.Connection
	mu      sync.Mutex
	pending map[jsonrpc.ID]bool // calls read and not yet answered
	idle    chan struct{}       // signalled when pending becomes empty
	closed  chan struct{}       // closed by Close
	once    sync.Once
}

func (c *drainConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Connection.Close()
}

func (c *drainConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	msg, err := c.Connection.Read(ctx)
	if err != nil {
		c.waitIdle(ctx)
		return nil, err
	}
	if req, ok := msg.(*jsonrpc.Request); ok && req.IsCall() {
		c.mu.Lock()
		c.pending[req.ID] = true
		c.mu.Unlock()
	}
	return msg, nil
}

func (c *drainConn) Write(ctx context.Context, msg jsonrpc.Message) error {
	err := c.Connection.Write(ctx, msg)
	if resp, ok := msg.(*jsonrpc.Response); ok {
		c.mu.Lock()
		delete(c.pending, resp.ID)
		empty := len(c.pending) == 0
		c.mu.Unlock()
		if empty {
			select {
			case c.idle <- struct{}{}:
			default:
			}
		}
	}
	return err
}

// waitIdle blocks until no call is pending, ctx is done or drainTimeout passes.
func (c *drainConn) waitIdle(ctx context.Context) {
	timeout := time.NewTimer(drainTimeout)
	defer timeout.Stop()
	for {
		c.mu.Lock()
		n := len(c.pending)
		c.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-c.idle:
		case <-ctx.Done():
			return
		case <-c.closed:
			return
		case <-timeout.C:
			return
		}
	}
}
