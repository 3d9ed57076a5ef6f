package corpus

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// chunkOne loads one file's bytes as a page the way Load does.
func chunkOne(t *testing.T, raw []byte) (*Page, []Chunk) {
	c := &Corpus{BaseURL: "https://fuzz.example/docs"}
	if err := c.build(context.Background(), []docFile{{path: "fuzz/page", raw: raw}}); err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(c.Pages) != 1 {
		t.Fatalf("%d pages", len(c.Pages))
	}
	return c.Pages[0], c.Chunks
}

// FuzzChunk feeds arbitrary MDX to the parser and chunker: it must never
// panic, lose a word of prose, repeat an anchor, exceed the window or do
// more rendering work than its size allows.
func FuzzChunk(f *testing.F) {
	files, _ := filepath.Glob("testdata/npmlayout/docs/*/*.mdx")
	more, _ := filepath.Glob("testdata/npmlayout/docs/*/*/*.mdx")
	for _, name := range append(files, more...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"",
		"---\n---\n",
		"---\ntitle: [\n---\nbody",
		"# Only a title",
		"## A\n## A\n## A {{ \"url\": \"a\" }}\n",
		"- $ frontend=\"x\"\n  ### H\n  text\n- $ frontend=\"y\"\n  ### H\n",
		"<Foo name=\"a.b\">\n  inner\n</Foo>\n",
		"<Foo\n  title=\"multi\n  line\"\n/>\ntext",
		"```\n# not heading\n```\n",
		"    indented\n\n        deeper\n",
		"a <b c={{x: 1}}>d</b> e {/* gone */} f {' '} g",
		"<T rows={[{ name: 'a', type: 'x', description: 'b c', properties: [{ type: 'x', parameters: [] }] }]} />\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"Term\n: Definition\n",
		"![alt text](x.png)[border=false]",
		"> ## quoted heading\n> text",
		"##### deep\n\ntext",
		"## Setup {#setup .x}\n\ntext\n## Setup {#setup}\n",
		":::tip[Take care]\nbody\n:::\n::: details More\nx\n:::\n> [!NOTE]\n> quoted\n",
		"<Tabs items={['npm', 'yarn']}>\n<Tab>\na\n</Tab>\n<Tab value=\"v\">\nb\n</Tab>\n</Tabs>\n",
		"a <!-- b --> c <!-- d\n<!--\ne\n-->\n| x<br/>y | z<br>w |\n|---|---|\n",
		"<video controls>\n<source src=\"a.mp4\" />\nfallback\n</video>\n<audio>x</audio> <video>",
		"---\nslug: /x\nid: y\nsidebar_label: Z\n---\nimport Tabs from '@theme/Tabs';\n\n# Title\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !utf8.Valid(raw) {
			return // the docs are UTF-8; invalid bytes only change how words are split
		}
		p, chunks := chunkOne(t, raw)
		for _, e := range checkChunks(p, chunks) {
			t.Error(e)
		}
		_, body, _ := splitFrontmatter(normalizeNewlines(raw))
		for _, e := range checkParsed(p, body) {
			t.Error(e)
		}
		// Work per input byte is bounded: every node is rendered once (or
		// visited once by flatText), and nodes come from distinct bytes.
		if steps := parseBody(newMarkdown(), body, "T").steps; steps > 2*len(body)+64 {
			t.Errorf("%d rendering steps for %d bytes", steps, len(body))
		}
	})
}
