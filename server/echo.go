package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// maxErrorText is the most bytes of an error message (or a tool's error
// result text) sent back; longer ones are cut. Errors may quote what the
// client sent, and a 100 KB argument must not come back as a 100 KB error.
const maxErrorText = 1 << 10

// trimEchoes cuts error messages, error data and error results of tool
// calls to maxErrorText bytes.
func trimEchoes(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		res, err := next(ctx, method, req)
		if err != nil {
			var we *jsonrpc.Error
			if errors.As(err, &we) {
				if len(we.Message) > maxErrorText || len(we.Data) > maxErrorText {
					cut := &jsonrpc.Error{Code: we.Code, Message: cutText(we.Message)}
					if len(we.Data) <= maxErrorText {
						cut.Data = we.Data
					} else {
						cut.Data, _ = json.Marshal(map[string]string{"truncated": cutText(string(we.Data))})
					}
					err = cut
				}
			} else if len(err.Error()) > maxErrorText {
				err = errors.New(cutText(err.Error()))
			}
		}
		if r, ok := res.(*mcp.CallToolResult); ok && r != nil && r.IsError {
			for _, c := range r.Content {
				if t, ok := c.(*mcp.TextContent); ok {
					t.Text = cutText(t.Text)
				}
			}
		}
		return res, err
	}
}

// cutText returns s cut to about maxErrorText bytes: its start and its end
// (where a schema error names the limit) around a mark, at rune boundaries.
func cutText(s string) string {
	if len(s) <= maxErrorText {
		return s
	}
	head, tail := maxErrorText*3/4, len(s)-maxErrorText/4
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + fmt.Sprintf(" …(%d bytes cut)… ", tail-head) + s[tail:]
}
