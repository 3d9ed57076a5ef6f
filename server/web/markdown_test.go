package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	tagRE  = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	attrRE = regexp.MustCompile(`([a-zA-Z-]+)(?:="([^"]*)")?`)
)

// safeTags and safeAttrs are all the markup rendered Markdown may hold.
var (
	safeTags = map[string]bool{"p": true, "a": true, "code": true, "pre": true, "em": true, "strong": true, "ul": true, "ol": true,
		"li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "hr": true, "br": true,
		"del": true, "img": true, "span": true, "input": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true,
		"td": true, "details": true, "summary": true}
	safeAttrs = map[string]bool{"href": true, "src": true, "alt": true, "title": true, "class": true, "data-lang": true, "start": true,
		"checked": true, "disabled": true, "type": true, "align": true, "style": true, "rel": true}
)

// FuzzMarkdown checks that no Markdown, however hostile, renders to markup
// that can run script: only known tags and attributes, and no link or image
// with a script: scheme.
func FuzzMarkdown(f *testing.F) {
	files, _ := filepath.Glob("testdata/docs/docs/*/*.mdx")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{"<script>alert(1)</script>", "a <img src=x onerror=alert(1)> b", "[x](javascript:alert(1))",
		"![x](javascript:alert(1))", "<details><summary>s</summary>\n\n<iframe src=x>\n</details>", "```html\n<script>x</script>\n```",
		"[x](<javascript:alert(1)>)", "<a href=\"javascript:x\">x</a>", "- [ ] task\n| a |\n| :- |\n| b |"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		for _, m := range []*markdown{newMarkdown(false), newMarkdown(true)} {
			out := string(m.HTML(md))
			for _, tag := range tagRE.FindAllStringSubmatch(out, -1) {
				if !safeTags[strings.ToLower(tag[2])] {
					t.Fatalf("tag %q in the rendering of %q:\n%s", tag[0], md, out)
				}
				for _, a := range attrRE.FindAllStringSubmatch(tag[3], -1) {
					name, value := strings.ToLower(a[1]), strings.ToLower(strings.TrimSpace(a[2]))
					if !safeAttrs[name] {
						t.Fatalf("attribute %q in %q, rendering %q", name, tag[0], md)
					}
					if (name == "href" || name == "src") && (strings.HasPrefix(value, "javascript:") || strings.HasPrefix(value, "vbscript:")) {
						t.Fatalf("script URL in %q, rendering %q", tag[0], md)
					}
				}
			}
		}
	})
}
