package retrieval

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/corpus"
)

func TestChangelog(t *testing.T) {
	full, _ := openFixture(t, Config{})
	lex, _ := openFixture(t, Config{LexicalOnly: true})
	tests := []struct {
		name string
		ix   *Index
		q    ChangelogQuery
		want []string // titles
	}{
		{"newest first", full, ChangelogQuery{}, []string{"Radar blocks suspicious sign-ups", "SCIM group sync", "Organization invitations API"}},
		{"since", full, ChangelogQuery{Since: "2026-01-05"}, []string{"Radar blocks suspicious sign-ups", "SCIM group sync"}},
		{"limit", full, ChangelogQuery{Limit: 1}, []string{"Radar blocks suspicious sign-ups"}},
		{"query lexical-only", lex, ChangelogQuery{Query: "invite users to an organization"}, []string{"Organization invitations API"}},
		{"query hybrid ranks the match first", full, ChangelogQuery{Query: "SCIM groups Okta"}, []string{"SCIM group sync"}},
		{"query and since", lex, ChangelogQuery{Query: "organization", Since: "2026-01-01"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ix.Changelog(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			titles := func(es []corpus.ChangelogEntry) []string {
				var out []string
				for _, e := range es {
					out = append(out, e.Title)
				}
				return out
			}(got)
			if tt.q.Query != "" && tt.ix == full && len(titles) > len(tt.want) {
				titles = titles[:len(tt.want)] // vector neighbours may follow the match
			}
			if diff := cmp.Diff(tt.want, titles); diff != "" {
				t.Errorf("Changelog(%+v) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestChangelogErrors(t *testing.T) {
	ix, _ := openFixture(t, Config{LexicalOnly: true})
	for _, tt := range []struct {
		q    ChangelogQuery
		want string
	}{
		{ChangelogQuery{Since: "last week"}, `since "last week" is not a YYYY-MM-DD date`},
		{ChangelogQuery{Since: "2026-13-01"}, "not a YYYY-MM-DD date"},
		{ChangelogQuery{Limit: -1}, "limit = -1"},
		{ChangelogQuery{Limit: 101}, "limit = 101"},
	} {
		if _, err := ix.Changelog(context.Background(), tt.q); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Changelog(%+v) err = %v; want %q", tt.q, err, tt.want)
		}
	}
}

// Every changelog search result can be fetched.
func TestFetchChangelog(t *testing.T) {
	ix, _ := openFixture(t, Config{LexicalOnly: true})
	ctx := context.Background()
	rs, err := ix.Search(ctx, Query{Text: "SCIM group sync", Kind: corpus.KindChangelog, Mode: ModeLexical})
	if err != nil || len(rs) == 0 {
		t.Fatalf("search: %v, %d results", err, len(rs))
	}
	d, err := ix.Fetch(ctx, rs[0].Path+"#"+rs[0].Anchor)
	if err != nil {
		t.Fatal(err)
	}
	want := "## SCIM group sync (2026-01-05)\n\nDirectory Sync supports SCIM group sync for Okta.\n\nSource: https://docs.example.com/changelog#scim\n"
	if diff := cmp.Diff(want, d.Markdown); diff != "" {
		t.Errorf("markdown (-want +got):\n%s", diff)
	}
	if len(d.Siblings) != 2 || d.Parent == nil {
		t.Errorf("navigation: parent %v, siblings %v", d.Parent, d.Siblings)
	}
	all, err := ix.Fetch(ctx, "changelog")
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Sections) != 3 || !strings.Contains(all.Markdown, "## Radar blocks suspicious sign-ups (2026-02-10)") {
		t.Errorf("whole changelog: %d sections\n%s", len(all.Sections), all.Markdown)
	}
	if _, err := ix.Fetch(ctx, "changelog#nope"); err == nil {
		t.Error("unknown entry: no error")
	}
}
