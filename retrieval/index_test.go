package retrieval

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ids returns the chunk ids of results.
func resultIDs(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func resultPaths(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Path
	}
	return out
}

func TestSearchFindsAnswer(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	tests := []struct {
		name  string
		q     Query
		first string // id of the expected best result
	}{
		{"camelCase identifier", Query{Text: "getAuthorizationUrl", Mode: ModeLexical}, "reference/sso/get-authorization-url"},
		{"camelCase identifier in prose", Query{Text: "call getAuthorizationUrl to start the login", Mode: ModeLexical}, "sso/index#get-the-authorization-url"},
		{"snake_case finds camelCase page", Query{Text: "get_authorization_url", Mode: ModeLexical}, "reference/sso/get-authorization-url"},
		{"event name", Query{Text: "dsync.user.created", Mode: ModeLexical}, "directory-sync/events#dsync-user-created"},
		{"event name hybrid", Query{Text: "dsync.user.created"}, "directory-sync/events#dsync-user-created"},
		{"PascalCase method", Query{Text: "ListConnections", Mode: ModeLexical}, "reference/sso/list-connections"},
		{"heading beats body", Query{Text: "callback", Mode: ModeLexical}, "sso/index#handle-the-callback"},
		{"question", Query{Text: "how do I invite someone to an organization"}, "authkit/organizations#invite-a-member"},
		{"question vector", Query{Text: "invite a member to join an organization", Mode: ModeVector}, "authkit/organizations#invite-a-member"},
		{"grep baseline", Query{Text: "dsync.user.created", Mode: ModeGrep}, "directory-sync/events#dsync-user-created"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) == 0 || rs[0].ID != tt.first {
				t.Errorf("Search(%q) = %q; want %q first", tt.q.Text, resultIDs(rs), tt.first)
			}
		})
	}
}

func TestSearchRanksAndScores(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	ctx := context.Background()
	q := Query{Text: "test the SSO login flow with the identity provider", K: 5}
	hy, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range hy {
		if r.VectorRank == 0 && r.LexicalRank == 0 {
			t.Errorf("result %d %q has no rank in either list", i, r.ID)
		}
		if i > 0 && r.Score > hy[i-1].Score {
			t.Errorf("scores not descending at %d: %v > %v", i, r.Score, hy[i-1].Score)
		}
		if r.URL == "" || len(r.Breadcrumb) == 0 || r.Title == "" || r.Text == "" {
			t.Errorf("result %q lacks fields: %+v", r.ID, r)
		}
	}
	// Each single-mode list sets only its own rank.
	for _, m := range []Mode{ModeVector, ModeLexical} {
		rs, err := ix.Search(ctx, Query{Text: q.Text, Mode: m})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			rank, other := r.VectorRank, r.LexicalRank
			if m == ModeLexical {
				rank, other = other, rank
			}
			if other != 0 || rank < i+1 {
				t.Errorf("%s result %d %q: ranks vector=%d lexical=%d", m, i, r.ID, r.VectorRank, r.LexicalRank)
			}
		}
	}
	// Deterministic.
	again, _ := ix.Search(ctx, q)
	if diff := cmp.Diff(hy, again); diff != "" {
		t.Errorf("second search differs (-first +second):\n%s", diff)
	}
}

func TestSearchPerPageLimit(t *testing.T) {
	for _, perPage := range []int{1, 2, 3} {
		ix, _ := openFixture(t, Config{PerPage: perPage})
		rs, err := ix.Search(context.Background(), Query{Text: "branding of the hosted sign-in pages", K: 10})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rs {
			if r.Path == "authkit/branding" {
				n++
			}
		}
		if n != perPage {
			t.Errorf("PerPage=%d: %d results of authkit/branding in %q", perPage, n, resultIDs(rs))
		}
	}
}

func TestSearchCollapsesDuplicates(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	for _, m := range []Mode{ModeHybrid, ModeLexical, ModeVector} {
		rs, err := ix.Search(context.Background(), Query{Text: "pipes providers GitHub Slack", Mode: m})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		byID := chunkIndexes(ix)
		for _, r := range rs {
			c := ix.c.Chunks[byID[r.ID]]
			if other, dup := seen[c.Hash]; dup {
				t.Errorf("%s: %q and %q have the same content", m, other, r.ID)
			}
			seen[c.Hash] = r.ID
		}
		// The kept copy is the one with the smaller id.
		if !hasString(resultPaths(rs), "authkit/pipes") || hasString(resultPaths(rs), "pipes/index") {
			t.Errorf("%s: want authkit/pipes kept and pipes/index collapsed, got %q", m, resultIDs(rs))
		}
	}
}

func TestSearchFilters(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	tests := []struct {
		name string
		q    Query
		ok   func(Result) bool
		want string // an id that must be present
	}{
		{"product includes its reference pages", Query{Text: "authorization url connections", Product: "sso"},
			func(r Result) bool {
				return strings.HasPrefix(r.Path, "sso/") || strings.HasPrefix(r.Path, "reference/sso/")
			},
			"reference/sso/get-authorization-url"},
		{"kind reference", Query{Text: "authorization url connections", Kind: "reference"},
			func(r Result) bool { return r.Kind == "reference" }, "reference/sso/list-connections"},
		{"kind changelog", Query{Text: "organization invitations", Kind: "changelog", Mode: ModeLexical},
			func(r Result) bool { return r.Kind == "changelog" }, "changelog#organization-invitations-api"},
		{"product and kind", Query{Text: "organization", Product: "sso", Kind: "doc", Mode: ModeVector},
			func(r Result) bool { return r.Kind == "doc" && strings.HasPrefix(r.Path, "sso/") }, ""},
		{"product grep", Query{Text: "sso", Product: "authkit", Mode: ModeGrep},
			func(r Result) bool { return strings.HasPrefix(r.Path, "authkit/") }, ""},
		{"exclude a page", Query{Text: "authorization url connections", Exclude: []string{"reference/sso/get-authorization-url"}},
			func(r Result) bool { return r.Path != "reference/sso/get-authorization-url" }, "reference/sso/list-connections"},
		{"exclude a page grep", Query{Text: "sso", Mode: ModeGrep, Exclude: []string{"sso/index"}},
			func(r Result) bool { return r.Path != "sso/index" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if !tt.ok(r) {
					t.Errorf("result %q (kind %s) passes no filter", r.ID, r.Kind)
				}
			}
			if tt.want != "" && !hasString(resultIDs(rs), tt.want) {
				t.Errorf("want %q among %q", tt.want, resultIDs(rs))
			}
		})
	}
}

func TestSearchBadQuery(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	lex, _ := openFixture(t, Config{LexicalOnly: true})
	tests := []struct {
		name string
		ix   *Index
		q    Query
		want string // substring of the error
		is   error
	}{
		{"empty", ix, Query{Text: "  "}, "empty query", nil},
		{"too long", ix, Query{Text: strings.Repeat("é", MaxQueryLen+1)}, "limit is 2000", nil},
		{"k too big", ix, Query{Text: "sso", K: 51}, "k = 51", nil},
		{"k negative", ix, Query{Text: "sso", K: -1}, "k = -1", nil},
		{"mode", ix, Query{Text: "sso", Mode: "semantic"}, `unknown mode "semantic"`, nil},
		{"kind", ix, Query{Text: "sso", Kind: "blog"}, `unknown kind "blog"`, nil},
		{"product", ix, Query{Text: "sso", Product: "nope"}, `unknown product "nope"; known: authkit, changelog, directory-sync, pipes, sso`, nil},
		{"no vectors", lex, Query{Text: "sso"}, "lexical-only", ErrNoVectors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.ix.Search(context.Background(), tt.q)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want it to contain %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v; want errors.Is %v", err, tt.is)
			}
		})
	}
}

func TestSearchKDefaults(t *testing.T) {
	ix, _ := openFixture(t, Config{PerPage: 5})
	rs, err := ix.Search(context.Background(), Query{Text: "sso users organization pipes branding events", Mode: ModeLexical})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != DefaultK {
		t.Errorf("got %d results, want %d", len(rs), DefaultK)
	}
}

func TestOpenErrors(t *testing.T) {
	c := fixtureCorpus(t)
	if _, err := Open(context.Background(), c, Config{}); err == nil || !strings.Contains(err.Error(), "Embedder is required") {
		t.Errorf("Open without embedder: err = %v", err)
	}
	emb := newFakeEmbedder()
	emb.Fail(errors.New("model exploded"))
	if _, err := Open(context.Background(), c, Config{Embedder: emb}); err == nil || !strings.Contains(err.Error(), "model exploded") {
		t.Errorf("Open with failing embedder: err = %v", err)
	}
	c.Chunks = append(c.Chunks, c.Chunks[0])
	if _, err := Open(context.Background(), c, Config{LexicalOnly: true}); err == nil || !strings.Contains(err.Error(), "duplicate chunk id") {
		t.Errorf("Open with duplicate ids: err = %v", err)
	}
}

// Index is safe for concurrent use (run with -race).
func TestSearchConcurrent(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	ctx := context.Background()
	want, err := ix.Search(ctx, Query{Text: "identity provider login"})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := ix.Search(ctx, Query{Text: "identity provider login"})
			if err == nil && !cmp.Equal(want, got) {
				err = errors.New("concurrent search returned a different ranking")
			}
			if err == nil {
				_, err = ix.Fetch(ctx, "sso/index#handle-the-callback")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// WithVectors turns a lexical-only index into a full one that ranks exactly
// as one opened whole, and leaves the lexical-only index as it was.
func TestWithVectors(t *testing.T) {
	ctx := context.Background()
	c := fixtureCorpus(t)
	lex, err := Open(ctx, c, Config{LexicalOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	full, err := lex.WithVectors(ctx, Config{Embedder: newFakeEmbedder()})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Open(ctx, c, Config{Embedder: newFakeEmbedder()})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"configure a SAML connection", "getAuthorizationUrl", "invite a user"} {
		got, err := full.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatalf("WithVectors index, %q: %v", q, err)
		}
		want, err := whole.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].VectorRank == 0 && got[0].LexicalRank == 0 {
			t.Errorf("%q: WithVectors index found nothing ranked: %+v", q, got)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: WithVectors ranks differently from Open (-want +got):\n%s", q, diff)
		}
	}
	if _, err := lex.Search(ctx, Query{Text: "invite a user"}); !errors.Is(err, ErrNoVectors) {
		t.Errorf("lexical-only index after WithVectors: err %v, want ErrNoVectors", err)
	}
	if _, err := lex.WithVectors(ctx, Config{}); err == nil {
		t.Error("WithVectors without an embedder: no error")
	}
}

// chunkIndexes maps each chunk id of ix's corpus to its index in Chunks.
func chunkIndexes(ix *Index) map[string]int {
	m := make(map[string]int, len(ix.c.Chunks))
	for i, c := range ix.c.Chunks {
		m[c.ID] = i
	}
	return m
}
