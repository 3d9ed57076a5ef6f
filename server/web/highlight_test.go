package web

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

var spanTag = regexp.MustCompile(`</?span[^>]*>`)

func TestHighlight(t *testing.T) {
	tests := []struct{ name, lang, code, want string }{
		{"go", "go", `x := "a\"b" // note`, `x := <span class="hl-s">&#34;a\&#34;b&#34;</span> <span class="hl-c">// note</span>`},
		{"js block comment", "javascript", "/* a */ const n = 42;", `<span class="hl-c">/* a */</span> <span class="hl-k">const</span> n = <span class="hl-n">42</span>;`},
		{"bash hash only at word start", "bash", "echo $# a#b # c", `echo $# a#b <span class="hl-c"># c</span>`},
		{"python", "py", "def f(): return None", `<span class="hl-k">def</span> f(): <span class="hl-k">return</span> <span class="hl-k">None</span>`},
		{"json", "json", `{"a": 1.5, "b": null}`, `{<span class="hl-s">&#34;a&#34;</span>: <span class="hl-n">1.5</span>, <span class="hl-s">&#34;b&#34;</span>: <span class="hl-k">null</span>}`},
		{"unknown language is plain", "cobol", `<b> "x"`, `&lt;b&gt; &#34;x&#34;`},
		{"no language is plain", "", `if x`, `if x`},
		{"identifier digits are not numbers", "go", "v2 := x1", "v2 := x1"},
		{"unclosed string ends at the line", "js", "'abc\nlet", `<span class="hl-s">&#39;abc</span>` + "\n" + `<span class="hl-k">let</span>`},
		{"fence info after the language", "js title=app.js", "let", `<span class="hl-k">let</span>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := highlight(tc.lang, tc.code); got != tc.want {
				t.Errorf("highlight(%q, %q)\n got %s\nwant %s", tc.lang, tc.code, got, tc.want)
			}
		})
	}
}

// FuzzHighlight checks that highlighting only adds spans: removing them and
// unescaping gives the code back (NUL aside), and no other markup appears.
func FuzzHighlight(f *testing.F) {
	for _, s := range []string{"x := \"a\" // c\n", "/* a */ 'b' `c\nd` 1.5e3 # z", "def f(): return None", "<script>alert(1)</script>", "\\", "'\\"} {
		for _, lang := range []string{"go", "bash", "json", "yaml", "html"} {
			f.Add(lang, s)
		}
	}
	f.Fuzz(func(t *testing.T, lang, code string) {
		out := highlight(lang, code)
		plain := spanTag.ReplaceAllString(out, "")
		if strings.ContainsAny(plain, "<>\"'") {
			t.Fatalf("unescaped markup in %q", out)
		}
		// NUL is no HTML character: the escaper writes U+FFFD for it.
		if got, want := html.UnescapeString(plain), strings.ReplaceAll(code, "\x00", "\uFFFD"); got != want {
			t.Fatalf("highlight(%q, %q) loses text: %q", lang, code, got)
		}
	})
}
