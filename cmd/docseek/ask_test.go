package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/docseek/docseek/server"
)

// runCapture runs docseek with args and returns stdout, stderr and the error.
func runCapture(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

// fixtureFlags point a command at our fixture docs and a throw-away data dir.
func fixtureFlags(t *testing.T) []string {
	return []string{"--docs", "testdata/retrieval-docs", "--base-url", "https://docs.example.com", "--data-dir", t.TempDir()}
}

func TestAskLexical(t *testing.T) {
	args := append([]string{"ask", "--mode", "lexical", "--k", "2"}, fixtureFlags(t)...)
	out, _, err := runCapture(t, append(args, "dsync.user.created")...)
	if err != nil {
		t.Fatal(err)
	}
	// The text is the MCP ask tool's, as an agent reads it.
	for _, want := range []string{"(lexical search) from retrieval-docs local", "## 1. Events > User created",
		"https://docs.example.com/events#user-created · target `events/index#user-created`", "fires when a directory"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskJSON(t *testing.T) {
	args := append([]string{"ask", "--json", "--mode", "lexical", "--product", "sso"}, fixtureFlags(t)...)
	out, _, err := runCapture(t, append(args, "how", "do", "I", "handle", "the", "callback")...)
	if err != nil {
		t.Fatal(err)
	}
	var got server.AskOutput // the ask tool's structured output
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON %v:\n%s", err, out)
	}
	if got.Question != "how do I handle the callback" || got.Mode != "lexical" || len(got.Results) == 0 ||
		got.Results[0].Target != "sso/index#handle-the-callback" || len(got.Sources) != 1 || got.Sources[0].Library != "retrieval-docs" {
		t.Errorf("got %+v", got)
	}
}

func TestAskUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ask"}, "no question"},
		{[]string{"ask", "--mode", "fuzzy", "q"}, `--mode "fuzzy"`},
	} {
		_, _, err := runCapture(t, tt.args...)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) err = %v; want a usage error with %q", tt.args, err, tt.want)
		}
	}
	args := append([]string{"ask", "--mode", "lexical", "--k", "99"}, fixtureFlags(t)...)
	if _, _, err := runCapture(t, append(args, "sso")...); exitCode(err) != 2 || !strings.Contains(err.Error(), "--k 99: want 1..50") {
		t.Errorf("--k 99: err = %v", err)
	}
}
