package retrieval

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestList(t *testing.T) {
	ix, _ := openFixture(t, Config{LexicalOnly: true})
	tests := []struct {
		prefix string
		want   []ListEntry
	}{
		{"sso", []ListEntry{
			{Path: "sso/index", Title: "Single Sign-On", Description: "Add SSO to your application.", IsPage: true},
			{Path: "sso/test-sso", Title: "Test SSO", Description: "Test your SSO integration end to end.", IsPage: true},
		}},
		{"/reference/", []ListEntry{
			{Path: "reference/sso", Title: "Sso"},
			{Path: "reference/sso/get-authorization-url", Title: "Get Authorization URL", Description: "Generate an OAuth 2.0 authorization URL.", IsPage: true, Depth: 1},
			{Path: "reference/sso/list-connections", Title: "List Connections", Description: "List the SSO connections of an organization.", IsPage: true, Depth: 1},
		}},
		{"sso/test-sso", []ListEntry{
			{Path: "sso/test-sso", Title: "Test SSO", Description: "Test your SSO integration end to end.", IsPage: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got, err := ix.List(tt.prefix)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("List(%q) (-want +got):\n%s", tt.prefix, diff)
			}
		})
	}
	root, err := ix.List("")
	if err != nil {
		t.Fatal(err)
	}
	if len(root) != 9+6 { // 9 pages, 6 folders
		t.Errorf("List(\"\") has %d entries: %+v", len(root), root)
	}
}

func TestListErrors(t *testing.T) {
	ix, _ := openFixture(t, Config{LexicalOnly: true})
	_, err := ix.List("ssso")
	var nf *NotFoundError
	if !errors.As(err, &nf) || len(nf.Suggestions) == 0 || nf.Suggestions[0].Path != "sso/index" {
		t.Errorf("List(ssso) err = %v; want suggestions starting with sso/index", err)
	}
	if _, err := ix.List("../etc"); !errors.Is(err, ErrBadTarget) {
		t.Errorf("List(../etc) err = %v; want ErrBadTarget", err)
	}
}
