package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/embed/embedtest"
)

// newFakeEmbedder is the test kit's embedder as the retrieval tests use it:
// words and their trigrams in 64 dimensions, stop words left out.
func newFakeEmbedder() *embedtest.Embedder {
	return &embedtest.Embedder{Skip: isStopWord}
}

// fixturePage describes one page of the test corpus: sections as
// (level, heading, text), the first being the intro (level 0).
type fixturePage struct {
	path, title, desc, kind string
	sections                []fixtureSection
}

type fixtureSection struct {
	level         int
	heading, text string
	anchor        string // default: slug of heading
}

const fixtureBase = "https://docs.example.com"

// fixturePages is a small docs set of our own with the traps of the real
// one: identifiers in every spelling, a page duplicated verbatim, a long page,
// reference pages of a product, nested sections.
func fixturePages() []fixturePage {
	long := fixturePage{path: "authkit/branding", title: "Branding", desc: "Customise the look of AuthKit.", kind: corpus.KindDoc,
		sections: []fixtureSection{{0, "", "Branding lets you change colours, logos and fonts of the hosted sign-in pages.", ""}}}
	for _, h := range []string{"Logo", "Colours", "Fonts", "Favicon", "Page title", "Custom CSS"} {
		long.sections = append(long.sections, fixtureSection{2, h, "Branding the hosted sign-in pages: set the " + strings.ToLower(h) + " of the sign-in pages in the dashboard branding settings.", ""})
	}
	pipes := []fixtureSection{
		{0, "", "Pipes connect your users' third-party accounts such as GitHub and Slack.", ""},
		{2, "Providers", "Pipes supports GitHub, Slack, Google Drive and Salesforce as providers.", ""},
	}
	return []fixturePage{
		{path: "sso/index", title: "Single Sign-On", desc: "Add SSO to your application.", kind: corpus.KindDoc, sections: []fixtureSection{
			{0, "", "Single Sign-On (SSO) lets users sign in with their identity provider.", ""},
			{2, "Get the authorization URL", "Call `getAuthorizationUrl` with the connection or organization to start the login flow.", ""},
			{2, "Handle the callback", "WorkOS redirects the user to your callback endpoint with a code.", ""},
			{3, "Exchange the code", "Exchange the code for a profile and an access token.", ""},
			{2, "Next steps", "Test your integration with the test identity provider.", ""},
		}},
		{path: "sso/test-sso", title: "Test SSO", desc: "Test your SSO integration end to end.", kind: corpus.KindDoc, sections: []fixtureSection{
			{0, "", "Use the test identity provider to simulate login flows.", ""},
			{2, "Service provider-initiated SSO", "The user starts on your sign-in page and is redirected to the identity provider.", ""},
			{2, "Identity provider-initiated SSO", "The user starts at the identity provider dashboard.", ""},
		}},
		{path: "reference/sso/get-authorization-url", title: "Get Authorization URL", desc: "Generate an OAuth 2.0 authorization URL.", kind: corpus.KindReference, sections: []fixtureSection{
			{0, "", "`get_authorization_url` returns the URL that starts the SSO login, `GET /sso/authorize`.", ""},
			{2, "Parameters", "`connection`, `organization`, `provider`, `redirect_uri` and `state`.", ""},
		}},
		{path: "reference/sso/list-connections", title: "List Connections", desc: "List the SSO connections of an organization.", kind: corpus.KindReference, sections: []fixtureSection{
			{0, "", "`ListConnections` returns a paginated list of connections, newest first.", ""},
		}},
		{path: "directory-sync/events", title: "Directory Sync events", desc: "Events emitted by Directory Sync.", kind: corpus.KindDoc, sections: []fixtureSection{
			{0, "", "Directory Sync emits events when directories change.", ""},
			{2, "User created", "The `dsync.user.created` event fires when a user is provisioned in a directory.", "dsync-user-created"},
			{2, "Group deleted", "The `dsync.group.deleted` event fires when a group is removed.", "dsync-group-deleted"},
		}},
		{path: "authkit/organizations", title: "Organizations", desc: "Model your customers as organizations.", kind: corpus.KindDoc, sections: []fixtureSection{
			{0, "", "An organization groups the users of one customer.", ""},
			{2, "Invite a member", "Send an invitation email so someone can join an organization; they accept it to become a member.", ""},
			{2, "Roles", "Each membership has a role such as admin or member.", ""},
		}},
		{path: "pipes/index", title: "Pipes", desc: "Connect third-party accounts.", kind: corpus.KindDoc, sections: pipes},
		{path: "authkit/pipes", title: "Pipes", desc: "Connect third-party accounts.", kind: corpus.KindDoc, sections: pipes},
		long,
	}
}

func fixtureSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// fixtureCorpus builds the test corpus: one chunk per section, ids
// "path#anchor" ("path" for the intro), and two changelog entries.
func fixtureCorpus(t testing.TB) *corpus.Corpus {
	t.Helper()
	c := &corpus.Corpus{Name: "fixture", Version: "test", BaseURL: fixtureBase}
	for _, fp := range fixturePages() {
		product, _, _ := strings.Cut(fp.path, "/")
		p := &corpus.Page{Path: fp.path, Title: fp.title, Description: fp.desc, Kind: fp.kind, Product: product,
			URL: fixtureBase + "/" + strings.TrimSuffix(strings.TrimSuffix(fp.path, "index"), "/")}
		var stack []corpus.Section // enclosing sections by level
		for _, fs := range fp.sections {
			s := corpus.Section{Heading: fs.heading, Level: fs.level, Text: fs.text, Anchor: fs.anchor}
			if s.Level > 0 && s.Anchor == "" {
				s.Anchor = fixtureSlug(fs.heading)
			}
			for len(stack) > 0 && stack[len(stack)-1].Level >= s.Level {
				stack = stack[:len(stack)-1]
			}
			s.Breadcrumb = []string{fp.title}
			for _, a := range stack {
				s.Breadcrumb = append(s.Breadcrumb, a.Heading)
				s.Parent = a.Anchor
			}
			if s.Level > 0 {
				s.Breadcrumb = append(s.Breadcrumb, s.Heading)
				stack = append(stack, s)
			}
			p.Sections = append(p.Sections, s)
			id := p.Path
			if s.Anchor != "" {
				id += "#" + s.Anchor
			}
			c.Chunks = append(c.Chunks, fixtureChunk(corpus.Chunk{
				ID: id, Path: p.Path, Anchor: s.Anchor, Section: s.Heading, Breadcrumb: s.Breadcrumb,
				Title: p.Title, Description: p.Description, URL: corpus.SectionURL(p.URL, s.Anchor), Kind: p.Kind,
				Product: product, Text: s.Text,
			}))
		}
		p.Raw = "---\ntitle: " + fp.title + "\n---\n"
		for _, s := range p.Sections {
			if s.Level > 0 {
				p.Raw += strings.Repeat("#", s.Level) + " " + s.Heading + "\n\n"
			}
			p.Raw += s.Text + "\n\n"
		}
		c.Pages = append(c.Pages, p)
	}
	c.Changelog = []corpus.ChangelogEntry{
		{Title: "Radar blocks suspicious sign-ups", Date: "2026-02-10", URL: fixtureBase + "/changelog#radar", Changes: []string{"Radar now blocks sign-ups from disposable email domains."}},
		{Title: "SCIM group sync", Date: "2026-01-05", URL: fixtureBase + "/changelog#scim", Changes: []string{"Directory Sync supports SCIM group sync for Okta."}},
		{Title: "Organization invitations API", Date: "2025-12-01", URL: fixtureBase + "/changelog#invites", Changes: []string{"Invite users to an organization from the API."}},
	}
	slices.SortFunc(c.Pages, func(a, b *corpus.Page) int { return strings.Compare(a.Path, b.Path) })
	for _, e := range c.Changelog {
		a := fixtureSlug(e.Title)
		c.Chunks = append(c.Chunks, fixtureChunk(corpus.Chunk{
			ID: "changelog#" + a, Path: "changelog", Anchor: a, Section: e.Title, Breadcrumb: []string{"Changelog", e.Title},
			Title: "Changelog", URL: e.URL, Kind: corpus.KindChangelog, Product: "changelog", Date: e.Date,
			Text: strings.Join(e.Changes, "\n"),
		}))
	}
	return c
}

// fixtureChunk fills in the part numbers and the content hash as the
// corpus does.
func fixtureChunk(c corpus.Chunk) corpus.Chunk {
	c.Part, c.Parts = 1, 1
	corpustest.Rehash(&c)
	return c
}

// openFixture opens an index over the fixture corpus with a fake embedder.
func openFixture(t testing.TB, cfg Config) (*Index, *embedtest.Embedder) {
	t.Helper()
	emb := newFakeEmbedder()
	if cfg.Embedder == nil && !cfg.LexicalOnly {
		cfg.Embedder = emb
	}
	ix, err := Open(context.Background(), fixtureCorpus(t), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return ix, emb
}
