package corpus

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Site generators' own syntax: Docusaurus, VitePress and Starlight
// admonitions, GitHub alerts, custom heading ids, tab groups, MDX imports
// and Mintlify's API fields.

func TestAdmonition(t *testing.T) {
	tests := []struct {
		line, label string
		ok          bool
	}{
		{":::", "", true},
		{"  :::  ", "", true},
		{"::::", "", true},
		{":::note", "Note", true},
		{":::tip Take care", "Tip: Take care", true},
		{"::: warning   Breaking   change", "Warning: Breaking change", true},
		{":::caution[Heads up]", "Caution: Heads up", true},
		{"::::info{title=\"Before you start\"}", "Info: Before you start", true},
		{":::danger{.wide}", "Danger", true},
		{"::: details Click to expand", "Click to expand", true},
		{"::: details", "Details", true},
		{"::: code-group", "", true},
		{"::: {.note}", "", true},
		{"::note", "", false},            // two colons: a text directive, not a container
		{"::: 42", "", false},            // not a name
		{"Note ::: this", "", false},     // not at the line's start
		{"std:::vector", "", false},      // prose
		{":::-not-a-kind", "", false},    // a name starts with a letter
		{"    :::tip", "Tip", true},      // indented in a list item
		{"\t:::tip[]", "Tip", true},      // an empty title
		{":::tip[unclosed", "Tip", true}, // a title without its bracket is dropped
	}
	for _, tt := range tests {
		label, ok := admonition([]byte(tt.line))
		if label != tt.label || ok != tt.ok {
			t.Errorf("admonition(%q) = %q, %v; want %q, %v", tt.line, label, ok, tt.label, tt.ok)
		}
	}
}

func TestFlattenDialects(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"admonition", "Intro.\n:::tip Take care\nDo the thing.\n:::\nAfter.\n",
			"Intro.\n\nTip: Take care\n\nDo the thing.\n\nAfter.\n"},
		{"admonition in a list item", "- step\n\n  :::note\n  Read it.\n  :::\n",
			"- step\n\n\n  Note\n\n  Read it.\n\n"},
		{"admonition in a fence kept", "```md\n:::tip\nx\n:::\n```\n", "```md\n:::tip\nx\n:::\n```\n"},
		{"tab items label the tabs", "<Tabs items={['npm', 'pnpm']}>\n<Tab>\n```sh\nnpm i gizmo\n```\n</Tab>\n<Tab>\n```sh\npnpm add gizmo\n```\n</Tab>\n</Tabs>\n",
			"\n\nnpm\n\n```sh\nnpm i gizmo\n```\n\n\npnpm\n\n```sh\npnpm add gizmo\n```\n\n\n"},
		{"a tab's own label wins but uses up an item", "<Tabs items={['A', 'B']}>\n<Tab label=\"First\">\nx\n</Tab>\n<Tab>\ny\n</Tab>\n</Tabs>\n",
			"\n\nFirst\n\nx\n\n\nB\n\ny\n\n\n"},
		{"value labels a tab", "<TabItem value=\"yarn\">\nx\n</TabItem>\n", "\nyarn\n\nx\n\n"},
		{"nested groups", "<Tabs items={['React', 'Vue']}>\n<Tab>\n<Tabs items={['npm']}>\n<Tab>\na\n</Tab>\n</Tabs>\n</Tab>\n<Tab>\nb\n</Tab>\n</Tabs>\n",
			"\n\nReact\n\n\n\nnpm\n\na\n\n\n\n\nVue\n\nb\n\n\n"},
		{"more tabs than items", "<Tabs items={['A']}>\n<Tab>\nx\n</Tab>\n<Tab>\ny\n</Tab>\n</Tabs>\n",
			"\n\nA\n\nx\n\n\ny\n\n\n"},
		{"a stray closing group", "</Tabs>\n<Tab>\nx\n</Tab>\n", "\n\nx\n\n"},
		{"imports dropped", "import Tabs from '@theme/Tabs';\nimport TabItem from \"@theme/TabItem\";\n\nProse.\n", "\nProse.\n"},
		{"a multi-line import dropped to the blank line", "import {\n  A,\n  B,\n} from './parts';\n\nProse.\n", "\nProse.\n"},
		{"exports dropped", "export const meta = { a: 1 };\nexport default function Layout() {}\n\nProse.\n", "\nProse.\n"},
		{"prose starting with import kept", "import your users from Okta.\nimport users from Okta.\n", "import your users from Okta.\nimport users from Okta.\n"},
		{"prose starting with export kept", "export the logs as CSV.\n", "export the logs as CSV.\n"},
		{"indented import kept", "  import { a } from 'b';\n", "  import { a } from 'b';\n"},
		{"import in a fence kept", "```js\nimport { a } from 'b';\n```\n", "```js\nimport { a } from 'b';\n```\n"},
		{"param field", "<ParamField body=\"email\" type=\"string\" required>\n  The address.\n</ParamField>\n",
			"\n`email` (`string`, required)\n\n  The address.\n\n"},
		{"response field", "<ResponseField name=\"id\" type=\"string\" default=\"none\">\nThe ID.\n</ResponseField>\n",
			"\n`id` (`string`, default: none)\n\nThe ID.\n\n"},
		{"a field with no name", "<ParamField type=\"string\">\nx\n</ParamField>\n", "\nx\n\n"},
		{"a callout's type is not text", "<Callout type=\"warning\">\nx\n</Callout>\n", "\nx\n\n"},
		{"items that are not strings", "<Tabs items={[a, b]}>\n<Tab>\nx\n</Tab>\n</Tabs>\n", "\n\nx\n\n\n"},
		{"html comment dropped", "Intro.\n<!-- TODO: add a GIF -->\nAfter <!-- inline --> it.\n", "Intro.\n\nAfter  it.\n"},
		{"multi-line html comment dropped", "<!--\n![Demo](demo.gif)\n-->\nText.\n", "\nText.\n"},
		{"unclosed html comment kept", "a <!-- b\nc <!-- d\n", "a <!-- b\nc <!-- d\n"},
		{"html comment in code kept", "`<!-- x -->`\n```html\n<!-- y -->\n```\n", "`<!-- x -->`\n```html\n<!-- y -->\n```\n"},
		{"line breaks in a table cell", "| a | one<br/>two<br>three<br />four |\n", "| a | one two three four |\n"},
		{"a type parameter after a word kept", "Returns List<Connection>.\n", "Returns List<Connection>.\n"},
		{"video fallback dropped", "<video controls>\n  <source src=\"a.mp4\" type=\"video/mp4\" />\n  Your browser does not support the video tag.\n</video>\n\nAfter.\n", "\n\nAfter.\n"},
		{"audio fallback dropped", "<audio src=\"a.mp3\">Your browser cannot play it.</audio> Listen.\n", " Listen.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := flattenJSX([]byte(tt.in))
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// A Docusaurus-style page end to end: anchors from custom ids, links to
// them, admonitions named in the chunk text with no ":::" left, the tab
// labels beside their code, no imports, and a Mintlify field's name.
func TestSiteDialectsPage(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "install.mdx"), `---
title: Installing
---
import Tabs from '@theme/Tabs';
import Tab from '@theme/Tab';

## Prerequisites {#requirements}

:::warning[Node 18]
Older versions fail at start.
:::

## Package managers {#pm}

<Tabs items={['npm', 'yarn']}>
<Tab>

`+"```sh\nnpm install gizmo\n```"+`

</Tab>
<Tab>

`+"```sh\nyarn add gizmo\n```"+`

</Tab>
</Tabs>

> [!NOTE]
> Gizmo has no native dependencies.

<ParamField query="color" type="string" required>
  The paint.
</ParamField>
`)
	c, err := Load(context.Background(), dir, Options{Name: "gizmo", BaseURL: "https://gizmo.example/docs"})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := c.Page("install")
	if !ok {
		t.Fatal("page install not loaded")
	}
	var anchors, headings []string
	for _, s := range p.Sections {
		anchors = append(anchors, s.Anchor)
		headings = append(headings, s.Heading)
	}
	if diff := cmp.Diff([]string{"", "requirements", "pm"}, anchors); diff != "" {
		t.Errorf("anchors (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "Prerequisites", "Package managers"}, headings); diff != "" {
		t.Errorf("headings (-want +got)\n%s", diff)
	}
	var all strings.Builder
	for _, ch := range c.Chunks {
		if strings.HasPrefix(ch.ID, "install#pm") && ch.URL != "https://gizmo.example/docs/install#pm" {
			t.Errorf("chunk %s links to %s", ch.ID, ch.URL)
		}
		all.WriteString(ch.Text + "\n")
	}
	text := all.String()
	for _, want := range []string{"Warning: Node 18", "Older versions fail at start.", "npm\n", "yarn\n", "yarn add gizmo", "Gizmo has no native dependencies.", "`color` (`string`, required)"} {
		if !strings.Contains(text, want) {
			t.Errorf("chunk text lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{":::", "{#", "[!NOTE]", "@theme"} {
		if strings.Contains(text, bad) {
			t.Errorf("chunk text holds %q:\n%s", bad, text)
		}
	}
}

func TestDocusaurusURL(t *testing.T) {
	const base = "https://gizmo.example/docs"
	tests := []struct {
		name, path string
		fm         frontmatter
		want       string
	}{
		{"no keys", "guides/setup", frontmatter{}, base + "/guides/setup"},
		{"absolute slug", "getting-started/quick-start", frontmatter{Slug: "/quick-start"}, base + "/quick-start"},
		{"absolute slug with a trailing slash", "a/b", frontmatter{Slug: "/x/y/"}, base + "/x/y"},
		{"root slug", "index", frontmatter{Slug: "/", ID: "home"}, base},
		{"relative slug", "rag/chunkers/token-chunker", frontmatter{Slug: "token"}, base + "/rag/chunkers/token"},
		{"relative slug at the root", "intro", frontmatter{Slug: "start"}, base + "/start"},
		{"slug beats id", "a/b", frontmatter{Slug: "c", ID: "d"}, base + "/a/c"},
		{"id renames the last segment", "observability/langfuse-guide", frontmatter{ID: "langfuse"}, base + "/observability/langfuse"},
		{"an id with a slash is not read", "a/b", frontmatter{ID: "x/y"}, base + "/a/b"},
		{"index is its folder", "agents/index", frontmatter{}, base + "/agents"},
		{"README is its folder", "agents/README", frontmatter{}, base + "/agents"},
		{"named like its folder", "agents/mcp/mcp", frontmatter{}, base + "/agents/mcp"},
		{"named like its folder, any case", "agents/MCP/mcp", frontmatter{ID: "other"}, base + "/agents/MCP"},
		{"a category index's id is not read", "agents/index", frontmatter{ID: "overview"}, base + "/agents"},
		{"a slug with .. is not read", "a/b", frontmatter{Slug: "../../etc"}, base + "/a/b"},
		{"a slug with a scheme is not read", "a/b", frontmatter{Slug: "https://evil.example/x"}, base + "/a/b"},
		{"a slug with a fragment is not read", "a/b", frontmatter{Slug: "/x#y"}, base + "/a/b"},
		{"a slug with spaces is not read", "a/b", frontmatter{Slug: "/x y"}, base + "/a/b"},
		{"a slug with an empty segment is not read", "a/b", frontmatter{Slug: "/x//y"}, base + "/a/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := docusaurusURL(base, tt.path, tt.fm); got != tt.want {
				t.Errorf("docusaurusURL(%q, %+v) = %q, want %q", tt.path, tt.fm, got, tt.want)
			}
		})
	}
}

func TestImportsDocusaurus(t *testing.T) {
	tests := []struct {
		name, body string
		want       bool
	}{
		{"theme", "import Tabs from '@theme/Tabs';\n", true},
		{"docusaurus", "import Link from \"@docusaurus/Link\";\n", true},
		{"site", "\nText.\n\nimport X from '@site/src/x';\n", true},
		{"named import", "import {useDoc} from '@docusaurus/plugin-content-docs/client';\n", true},
		{"another package", "import { Tabs } from 'nextra/components';\n", false},
		{"in a fence", "```js\nimport Tabs from '@theme/Tabs';\n```\n", false},
		{"prose", "Import the theme from @theme/Tabs to get tabs.\n", false},
		{"indented", "  import Tabs from '@theme/Tabs';\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := importsDocusaurus([]byte(tt.body)); got != tt.want {
			t.Errorf("%s: importsDocusaurus(%q) = %v, want %v", tt.name, tt.body, got, tt.want)
		}
	}
}

// Docusaurus's URL keys are read only in a folder that is Docusaurus: the
// same slugs in a folder without its marks keep path-derived links, and
// the real URL resolves to its page.
func TestDocusaurusPageURLs(t *testing.T) {
	pages := map[string]string{
		"getting-started/quick-start.md": "---\ntitle: Quick start\nslug: /quick-start\n---\nStart here.\n",
		"rag/token-chunker.md":           "---\ntitle: Token\nslug: token\n---\nTokens.\n",
		"agents/mcp/mcp.md":              "---\ntitle: MCP\n---\nClients.\n",
		"guide.md":                       "---\ntitle: Guide\n---\nRead on.\n",
	}
	tests := []struct {
		name, mark string
		want       map[string]string
	}{
		{"an import from @theme/", "tabs.mdx:---\ntitle: Tabs\n---\nimport Tabs from '@theme/Tabs';\n\n<Tabs>x</Tabs>\n",
			map[string]string{"getting-started/quick-start": "/quick-start", "rag/token-chunker": "/rag/token", "agents/mcp/mcp": "/agents/mcp", "guide": "/guide", "tabs": "/tabs"}},
		{"a sidebar_position key", "tabs.md:---\ntitle: Tabs\nsidebar_position: 2\n---\nx\n",
			map[string]string{"getting-started/quick-start": "/quick-start", "rag/token-chunker": "/rag/token", "agents/mcp/mcp": "/agents/mcp", "guide": "/guide", "tabs": "/tabs"}},
		{"no Docusaurus mark", "tabs.md:---\ntitle: Tabs\nweight: 2\n---\nx\n",
			map[string]string{"getting-started/quick-start": "/getting-started/quick-start", "rag/token-chunker": "/rag/token-chunker", "agents/mcp/mcp": "/agents/mcp/mcp", "guide": "/guide", "tabs": "/tabs"}},
	}
	const base = "https://gizmo.example/docs"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range pages {
				mustWrite(t, filepath.Join(dir, filepath.FromSlash(name)), body)
			}
			name, body, _ := strings.Cut(tt.mark, ":")
			mustWrite(t, filepath.Join(dir, name), body)
			c, err := Load(context.Background(), dir, Options{Name: "gizmo", BaseURL: base})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, p := range c.Pages {
				got[p.Path] = strings.TrimPrefix(p.URL, base)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("page URLs (-want +got)\n%s", diff)
			}
			for _, ch := range c.Chunks {
				if ch.URL != base+tt.want[ch.Path] && !strings.HasPrefix(ch.URL, base+tt.want[ch.Path]+"#") {
					t.Errorf("chunk %s links to %s, its page to %s", ch.ID, ch.URL, base+tt.want[ch.Path])
				}
			}
			p, _, err := c.Resolve(base + tt.want["getting-started/quick-start"])
			if err != nil || p.Path != "getting-started/quick-start" {
				t.Errorf("Resolve(its URL) = %v, %v; want getting-started/quick-start", p, err)
			}
			// The site's own links name a page by its URL path.
			for _, target := range []string{"/docs/quick-start", "quick-start#x", "rag/token"} {
				want := map[string]string{"/docs/quick-start": "getting-started/quick-start", "quick-start#x": "getting-started/quick-start", "rag/token": "rag/token-chunker"}[target]
				if tt.want["rag/token-chunker"] != "/rag/token" {
					want = "" // no slug read: the site path names nothing
				}
				got := ""
				if p, _, err := c.Resolve(target); err == nil || errors.Is(err, ErrNotFound) && p != nil {
					got = p.Path
				}
				if got != want {
					t.Errorf("Resolve(%q) found page %q, want %q", target, got, want)
				}
			}
		})
	}
}
