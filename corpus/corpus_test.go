package corpus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/internal/golden"
)

const fixtureDir = "testdata/npmlayout"

func loadFixture(t *testing.T) *Corpus {
	t.Helper()
	c, err := Load(context.Background(), fixtureDir, Options{Name: "gizmo", Version: "test", BaseURL: "https://gizmo.example/docs"})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// TestChunkGolden pins the chunks of the fixture docs.
func TestChunkGolden(t *testing.T) {
	c := loadFixture(t)
	var b strings.Builder
	fmt.Fprintf(&b, "# golden: every chunk of %s (ChunkerVersion %d): id, url, stack, parts, tokens, then EmbedText; regenerate with go test ./corpus -run TestChunkGolden -update\n", fixtureDir, ChunkerVersion)
	for _, ch := range c.Chunks {
		fmt.Fprintf(&b, "\n=== %s\nurl: %s\nkind: %s  product: %s  stack: %s  part: %d/%d  tokens: %d\n---\n%s\n",
			ch.ID, ch.URL, ch.Kind, ch.Product, ch.Stack, ch.Part, ch.Parts, ch.Tokens, ch.EmbedText())
	}
	// A change here means the chunker changed: bump ChunkerVersion too.
	golden.Check(t, filepath.Join("testdata", "chunks.golden"), []byte(b.String()))
}

func TestFixtureInvariants(t *testing.T) {
	c := loadFixture(t)
	checkPages(t, c, nil)
	if len(c.Warnings) > 0 {
		t.Errorf("warnings: %v", c.Warnings)
	}
}

func TestPages(t *testing.T) {
	c := loadFixture(t)
	type pageInfo struct {
		Title, Kind, Product, URL string
		Anchors                   []string
	}
	tests := []struct {
		path string
		want pageInfo
	}{
		{"index", pageInfo{"Gizmo Docs", KindDoc, "index", "https://gizmo.example/docs", []string{""}}},
		{"guide/index", pageInfo{"Gizmo Guide", KindDoc, "guide", "https://gizmo.example/docs/guide", []string{
			"", "introduction", "1-install-the-sdk", "install-with-npm", "example", "example-1", "events",
			"colors-and-sizes", "supported-colors", "ports", "choose-a-flow"}}},
		{"guide/stacks", pageInfo{"Stacks", KindDoc, "guide", "https://gizmo.example/docs/guide/stacks", []string{
			"", "set-up-your-app", "protected-routes", "protected-routes-1", "deploy"}}},
		{"notes/untitled", pageInfo{"Untitled", KindDoc, "notes", "https://gizmo.example/docs/notes/untitled", []string{"", "loose-notes"}}},
		{"reference/widgets/index", pageInfo{"Widgets", KindReference, "reference", "https://gizmo.example/docs/reference/widgets", []string{""}}},
		{"reference/widgets/list", pageInfo{"List Widgets", KindReference, "reference", "https://gizmo.example/docs/reference/widgets/list", []string{"", "list-widgets"}}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, ok := c.Page(tt.path)
			if !ok {
				t.Fatalf("page %q missing", tt.path)
			}
			got := pageInfo{p.Title, p.Kind, p.Product, p.URL, nil}
			for _, s := range p.Sections {
				got.Anchors = append(got.Anchors, s.Anchor)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	if _, ok := c.Page("guide/_navigation"); ok {
		t.Error("_navigation.mdx became a page")
	}
}

func TestSectionsMetadata(t *testing.T) {
	c := loadFixture(t)
	p, _ := c.Page("guide/stacks")
	got := map[string][2]string{}
	for _, s := range p.Sections[1:] {
		got[s.Anchor] = [2]string{strings.Join(s.Breadcrumb, " > "), s.Stack}
	}
	want := map[string][2]string{
		"set-up-your-app":    {"Stacks > Set up your app", ""},
		"protected-routes":   {"Stacks > Set up your app > Protected routes", `frontend="nextjs"`},
		"protected-routes-1": {"Stacks > Set up your app > Protected routes", `frontend="remix"`},
		"deploy":             {"Stacks > Deploy", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stack sections (-want +got)\n%s", diff)
	}
	if root, _ := c.Page("index"); !contains(root.Links, "/guide") {
		t.Errorf("index links %v lack /guide", root.Links)
	}
	guide, _ := c.Page("guide/index")
	for _, link := range []string{"/reference/widgets/list", "https://example.com/status", "https://example.com/gizmo-node-example"} {
		if !contains(guide.Links, link) {
			t.Errorf("guide links %v lack %q", guide.Links, link)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestCleanText checks that markup never reaches the text and meaningful
// values do.
func TestCleanText(t *testing.T) {
	c := loadFixture(t)
	var all strings.Builder
	for _, ch := range c.Chunks {
		all.WriteString(ch.EmbedText() + "\n")
	}
	text := all.String()
	for _, bad := range []string{"<Callout", "</", "<Event", "CodeBlock", "{{", "}}", "{/*", "border=false", "$ frontend", "\n- | ", "IntroBanner", "visibility", "example.com/widget.png"} {
		if strings.Contains(text, bad) {
			t.Errorf("chunk text contains markup %q", bad)
		}
	}
	for _, good := range []string{"`widget.created`", "Widget created event", "Fires when someone creates a widget", "**out of order**",
		"Node.js widget app", "Make a widget", "Make a widget\n\nNode\nGo", "widget-config", "A blue widget on a white table", "List<Widget>", "<your token>",
		"# install the gizmo package", "```bash title=\"Install Gizmo\"", "| Red | `#ff0000` | pipes \\| escaped |", "Sprocket\n: A toothed wheel",
		"gizmo.ListWidgets()", "gizmo.listWidgets()", "gizmo.list_widgets()", "GET /widgets", "color / Color (string, optional): Only widgets of this color.",
		"size: The size of the widget in sprockets.", "- widget: The Widget object.", "SDK types: curl: widget; js: interface Widget",
		"- color (string): The color a widget is painted.", "Sort order", "A note that no parameter refers to", "**Using a key**", "Gizmo listens on port 7070"} {
		if !strings.Contains(text, good) {
			t.Errorf("chunk text lacks %q", good)
		}
	}
}

func TestChunkIDsAndParts(t *testing.T) {
	c := loadFixture(t)
	var long []Chunk
	for _, ch := range c.Chunks {
		if ch.Path == "guide/long" && ch.Anchor == "everything-at-once" {
			long = append(long, ch)
		}
	}
	if len(long) < 2 {
		t.Fatalf("long section split into %d chunks, want several", len(long))
	}
	for i, ch := range long {
		wantID := "guide/long#everything-at-once"
		if i > 0 {
			wantID += fmt.Sprintf("~%d", i+1)
		}
		if ch.ID != wantID || ch.Part != i+1 || ch.Parts != len(long) {
			t.Errorf("part %d: id %q part %d/%d", i+1, ch.ID, ch.Part, ch.Parts)
		}
		if !strings.Contains(ch.EmbedText(), fmt.Sprintf("(part %d/%d)", i+1, len(long))) {
			t.Errorf("part %d does not say it is a part", i+1)
		}
		if ch.URL != "https://gizmo.example/docs/guide/long#everything-at-once" {
			t.Errorf("part %d url %q", i+1, ch.URL)
		}
	}
	// Overlap: some part after the first starts with the end of the previous one.
	overlap := false
	for i := 1; i < len(long); i++ {
		first := strings.TrimPrefix(splitBlocks(long[i].Text)[0], "…")
		if strings.HasSuffix(long[i-1].Text, first) {
			overlap = true
		}
	}
	if !overlap {
		t.Error("no part repeats the previous part's last block")
	}
	// The code block is never cut.
	for _, ch := range long {
		if strings.Count(ch.Text, "```")%2 != 0 {
			t.Errorf("chunk %s cuts a code fence", ch.ID)
		}
	}
}

func TestChangelog(t *testing.T) {
	c := loadFixture(t)
	var got []string
	for _, e := range c.Changelog {
		got = append(got, e.Date+" "+e.Title)
	}
	want := []string{"2025-03-02 Faster sprockets", "2025-01-10 Blue widgets", "2024-12-01 Blue widgets"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changelog order (-want +got)\n%s", diff)
	}
	var ids []string
	for _, ch := range c.Chunks {
		if ch.Kind == KindChangelog {
			ids = append(ids, ch.ID+" "+ch.Date+" "+ch.URL+" "+ch.Section)
		}
	}
	wantIDs := []string{
		"changelog#faster-sprockets 2025-03-02 https://example.com/changelog/faster-sprockets Faster sprockets",
		"changelog#blue-widgets 2025-01-10 https://example.com/changelog/blue-widgets Blue widgets",
		"changelog#blue-widgets-1 2024-12-01 https://example.com/changelog/blue-widgets-preview Blue widgets",
	}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("changelog chunks (-want +got)\n%s", diff)
	}
}

func TestPageLookup(t *testing.T) {
	c := loadFixture(t)
	tests := []struct{ in, want string }{
		{"guide", "guide/index"},
		{"guide/index", "guide/index"},
		{"/guide/", "guide/index"},
		{"guide/index.mdx", "guide/index"},
		{"guide/stacks.mdx", "guide/stacks"},
		{"", "index"},
		{"/", "index"},
		{"reference/widgets", "reference/widgets/index"},
	}
	for _, tt := range tests {
		p, ok := c.Page(tt.in)
		if !ok || p.Path != tt.want {
			t.Errorf("Page(%q) = %v, %v; want %q", tt.in, p, ok, tt.want)
		}
	}
	for _, miss := range []string{"nope", "guide/nope", "guide/_navigation"} {
		if _, ok := c.Page(miss); ok {
			t.Errorf("Page(%q) found a page", miss)
		}
	}
}

func TestResolve(t *testing.T) {
	c := loadFixture(t)
	tests := []struct {
		target       string
		page, anchor string
		err          error
	}{
		{"guide", "guide/index", "", nil},
		{"guide#events", "guide/index", "events", nil},
		{"/guide/index#example-1", "guide/index", "example-1", nil},
		{"https://gizmo.example/docs/guide#events", "guide/index", "events", nil},
		{"https://gizmo.example/docs/guide/stacks", "guide/stacks", "", nil},
		{"https://gizmo.example/docs", "index", "", nil},
		{"https://other.example/docs/guide/stacks#deploy", "guide/stacks", "deploy", nil},
		{"/guide/stacks/protected-routes-1", "guide/stacks", "protected-routes-1", nil},
		{"guide/stacks/protected-routes", "guide/stacks", "protected-routes", nil},
		{"/docs/guide/stacks#deploy", "guide/stacks", "deploy", nil},
		{"guide#nope", "", "", ErrNotFound},
		{"nope", "", "", ErrNotFound},
		{"guide/stacks/nope", "", "", ErrNotFound},
		{"../../etc/passwd", "", "", ErrBadTarget},
		{"guide/../../secret", "", "", ErrBadTarget},
		{"", "", "", ErrBadTarget},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			p, s, err := c.Resolve(tt.target)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			anchor := ""
			if s != nil {
				anchor = s.Anchor
			}
			if p.Path != tt.page || anchor != tt.anchor {
				t.Errorf("got %s#%s, want %s#%s", p.Path, anchor, tt.page, tt.anchor)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	c := loadFixture(t)
	p, _ := c.Page("guide/stacks")
	got := p.Markdown("set-up-your-app")
	for _, want := range []string{"## Set up your app", "### Protected routes", "`withWidget()`", "`requireWidget()`", "Servers check the widget cookie"} {
		if !strings.Contains(got, want) {
			t.Errorf("section markdown lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Deploy") {
		t.Errorf("section markdown holds the next section:\n%s", got)
	}
	whole := p.Markdown("")
	if !strings.HasPrefix(whole, "# Stacks\n\nFramework-specific setup.") || !strings.Contains(whole, "## Deploy\n\nShip it.") {
		t.Errorf("page markdown:\n%s", whole)
	}
	if p.Markdown("missing") != "" {
		t.Error("unknown anchor gave markdown")
	}
}

func TestNav(t *testing.T) {
	c := loadFixture(t)
	var lines []string
	var walk func(n *NavNode, depth int)
	walk = func(n *NavNode, depth int) {
		for _, ch := range n.Children {
			kind := "dir"
			if ch.IsPage {
				kind = "page"
			}
			lines = append(lines, fmt.Sprintf("%s%s %s %q", strings.Repeat("  ", depth), kind, ch.Path, ch.Title))
			walk(ch, depth+1)
		}
	}
	walk(c.Nav, 0)
	want := []string{
		`page index "Gizmo Docs"`,
		`dir guide "The Guide"`,
		`  page guide/index "Gizmo Guide"`,
		`  page guide/long "Long Guide"`,
		`  page guide/stacks "Stacks"`,
		`dir notes "Notes"`,
		`  page notes/untitled "Untitled"`,
		`dir reference "Reference"`,
		`  page reference/pagination "Pagination"`,
		`  dir reference/widgets "Widgets"`,
		`    page reference/widgets/index "Widgets"`,
		`    page reference/widgets/list "List Widgets"`,
		`    page reference/widgets/object "Widget object"`,
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("nav (-want +got)\n%s", diff)
	}
	if n := c.Nav.Find("reference/widgets"); n == nil || n.Title != "Widgets" {
		t.Errorf("Find(reference/widgets) = %+v", n)
	}
	if c.Nav.Find("nope") != nil {
		t.Error("Find(nope) found a node")
	}
}

func TestNavTitleFromNavigationFile(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "docs", "tools", "_navigation.mdx"), "---\ntitle: Handy Tools\n---\n")
	mustWrite(t, filepath.Join(dir, "docs", "tools", "hammer.mdx"), "---\ntitle: Hammer\n---\n\nHits nails.\n")
	c, err := Load(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := c.Nav.Find("tools"); n == nil || n.Title != "Handy Tools" {
		t.Errorf("folder title = %+v, want Handy Tools", n)
	}
	if len(c.Pages) != 1 {
		t.Errorf("pages = %d, want 1 (no _navigation page)", len(c.Pages))
	}
}

func TestPlainFolder(t *testing.T) {
	c, err := Load(context.Background(), "testdata/plain", Options{BaseURL: "https://plain.example/"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Pages {
		got = append(got, p.Path+" "+p.Title+" "+p.URL)
	}
	want := []string{"index Plain Home https://plain.example", "sub/page Sub page https://plain.example/sub/page"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if c.Name != "plain" || c.Version != "local" || len(c.Changelog) != 0 {
		t.Errorf("name %q version %q changelog %d", c.Name, c.Version, len(c.Changelog))
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(context.Background(), "testdata/does-not-exist", Options{}); err == nil {
		t.Error("Load of a missing folder succeeded")
	}
	if _, err := Load(context.Background(), "testdata/plain/index.md", Options{}); err == nil {
		t.Error("Load of a file succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, fixtureDir, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled Load: %v", err)
	}
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "docs", "a.md"), "# A\n")
	mustWrite(t, filepath.Join(dir, "changelogs", "x.json"), "{not json")
	if _, err := Load(context.Background(), dir, Options{}); err == nil || !strings.Contains(err.Error(), "x.json") {
		t.Errorf("bad changelog: %v", err)
	}
}

// TestBadFrontmatterKeepsText: invalid YAML is a warning, and its text stays.
func TestBadFrontmatterKeepsText(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "page.md"), "---\ntitle: [unclosed\nnote: keep me\n---\n\nBody text.\n")
	c, err := Load(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "page") {
		t.Errorf("warnings = %v", c.Warnings)
	}
	var all string
	for _, ch := range c.Chunks {
		all += ch.Text
	}
	if !strings.Contains(all, "keep me") || !strings.Contains(all, "Body text.") {
		t.Errorf("text lost: %q", all)
	}
}

func mustWrite(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkPages asserts the chunk and parse invariants on every page of c, then
// runs more, per page, when more is not nil.
func checkPages(t *testing.T, c *Corpus, more func(p *Page)) {
	t.Helper()
	byPath := map[string][]Chunk{}
	for _, ch := range c.Chunks {
		byPath[ch.Path] = append(byPath[ch.Path], ch)
	}
	for _, p := range c.Pages {
		for _, e := range checkChunks(p, byPath[p.Path]) {
			t.Error(e)
		}
		_, body, _ := splitFrontmatter(normalizeNewlines([]byte(p.Raw)))
		for _, e := range checkParsed(p, body) {
			t.Error(e)
		}
		if more != nil {
			more(p)
		}
	}
}

// Modified is the newest time of the files Load kept: an excluded file and
// npm's fixed file time say nothing about the docs.
func TestModified(t *testing.T) {
	dir := t.TempDir()
	times := map[string]time.Time{
		"a.md":      time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		"b.md":      NPMFileTime,
		"blog/c.md": time.Date(2026, 9, 9, 0, 0, 0, 0, time.UTC), // excluded below
	}
	for name, mt := range times {
		p := filepath.Join(dir, name)
		mustWrite(t, p, "# Page\n\nText.\n")
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(context.Background(), dir, Options{Exclude: []string{"blog/**"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := times["a.md"]; !c.Modified.Equal(want) {
		t.Errorf("Modified = %v, want %v", c.Modified, want)
	}
	c, err = Load(context.Background(), dir, Options{Include: []string{"b.md"}})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Modified.IsZero() {
		t.Errorf("Modified = %v for npm's file time alone, want zero", c.Modified)
	}
}
