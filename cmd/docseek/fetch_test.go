package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/docseek/docseek/retrieval"
)

func TestFetchCommand(t *testing.T) {
	tests := []struct {
		target string
		want   []string
	}{
		// The text is the MCP fetch tool's, as an agent reads it.
		{"sso", []string{"# Single Sign-On", "Library: retrieval-docs local", "## Handle the callback", "### Exchange the code",
			"Children:", "- `sso/test-sso` — Test SSO"}},
		{"sso/index#handle-the-callback", []string{"## Handle the callback", "### Exchange the code", "- Parent: `sso/index` — Single Sign-On",
			"Siblings:", "- `sso/index#get-the-authorization-url` — Get the authorization URL"}},
		{"https://docs.example.com/sso/test-sso", []string{"## Test identity provider", "- Parent: `sso/index` — Single Sign-On"}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			out, _, err := runCapture(t, append(append([]string{"fetch"}, fixtureFlags(t)...), tt.target)...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestFetchCommandJSON(t *testing.T) {
	out, _, err := runCapture(t, append(append([]string{"fetch", "--json"}, fixtureFlags(t)...), "events#user-created")...)
	if err != nil {
		t.Fatal(err)
	}
	var d retrieval.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("bad JSON %v:\n%s", err, out)
	}
	if d.Path != "events/index" || d.Anchor != "user-created" || !strings.Contains(d.Markdown, "dsync.user.created") {
		t.Errorf("got %+v", d)
	}
}

func TestFetchCommandErrors(t *testing.T) {
	_, _, err := runCapture(t, append(append([]string{"fetch"}, fixtureFlags(t)...), "sso/tset-sso")...)
	var nf *retrieval.NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "did you mean: sso/test-sso") {
		t.Errorf("unknown target: err = %v", err)
	}
	_, _, err = runCapture(t, append(append([]string{"fetch"}, fixtureFlags(t)...), "../../etc/passwd")...)
	if !errors.Is(err, retrieval.ErrBadTarget) {
		t.Errorf("traversal: err = %v", err)
	}
	_, _, err = runCapture(t, "fetch")
	var ue usageError
	if !errors.As(err, &ue) {
		t.Errorf("no target: err = %v; want a usage error", err)
	}
}
