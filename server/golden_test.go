package server

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/docseek/docseek/internal/golden"
)

// TestToolsGolden pins what agents read: the text of each tool's answer
// over the fake index. Regenerate with `go test ./server -run TestToolsGolden -update`.
func TestToolsGolden(t *testing.T) {
	cs := connect(t, New(newFakeIndex(fixtureCorpus()), Config{}))
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"ask", map[string]any{"question": "how do I configure a SAML connection?", "k": 3}},
		{"ask", map[string]any{"question": "widgets behave", "k": 2, "max_tokens": 200}},
		{"fetch", map[string]any{"target": "sso/index#get-started"}},
		{"fetch", map[string]any{"target": "sso/long-guide"}},
		{"fetch", map[string]any{"target": "sso/nope"}},
		{"list", map[string]any{"prefix": "sso"}},
		{"changelog", map[string]any{"limit": 2}},
		{"workos_examples", map[string]any{"example": "sso"}},
		{"workos_changelogs", map[string]any{"package": "@workos/node"}},
	}
	var b strings.Builder
	b.WriteString("# Pins the text of each tool's answer over the fake index (server/fake_test.go); regenerate with -update.\n")
	for _, c := range calls {
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: c.tool, Arguments: c.args})
		if err != nil {
			t.Fatalf("%s: %v", c.tool, err)
		}
		fmt.Fprintf(&b, "\n=== %s %v (isError=%v)\n%s\n", c.tool, c.args, res.IsError, Text(res))
	}
	golden.Check(t, filepath.Join("testdata", "tools.golden"), []byte(b.String()))
}
