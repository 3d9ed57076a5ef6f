package server

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

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
		fmt.Fprintf(&b, "\n=== %s %v (isError=%v)\n%s\n", c.tool, c.args, res.IsError, resultText(res))
	}
	path := filepath.Join("testdata", "tools.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("tool answers changed (-want +got); if intended, run with -update:\n%s", diff)
	}
}
