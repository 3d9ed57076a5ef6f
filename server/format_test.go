package server

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestSplitBlocks(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want []block
	}{
		{"paragraphs", "a\nb\n\nc", []block{{"a\nb", false}, {"c", false}}},
		{"code with blank lines and #", "intro\n```bash\n# comment\n\nnext\n```\nafter", []block{
			{"intro", false}, {"```bash\n# comment\n\nnext\n```", true}, {"after", false}}},
		{"tilde fence closed only by tildes", "~~~\n```\n~~~", []block{{"~~~\n```\n~~~", true}}},
		{"longer closing fence", "````\n```\ninner\n```\n````", []block{{"````\n```\ninner\n```\n````", true}}},
		{"unclosed fence runs to the end", "```go\nx := 1\n\ny", []block{{"```go\nx := 1\n\ny", true}}},
		{"indented fence in a list", "- step\n  ```js\n  f()\n  ```", []block{{"- step", false}, {"  ```js\n  f()\n  ```", true}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, splitBlocks(tt.md), cmp.AllowUnexported(block{})); diff != "" {
				t.Errorf("splitBlocks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTrimMarkdown(t *testing.T) {
	code := "```go\n" + strings.Repeat("rotate(key)\n", 30) + "```"
	tests := []struct {
		name     string
		md       string
		max      int
		terms    []string
		want     string
		wantTrim bool
	}{
		{"fits", "short text", 100, nil, "short text", false},
		{"keeps the matching block", "Opening words here.\n\nNothing relevant at all, just filler text.\n\nThe webhook signature is checked.",
			70, []string{"webhook", "signature"}, "Opening words here.\n\n[…]\n\nThe webhook signature is checked.", true},
		{"code that does not fit is left out whole", "Rotate keys like this:\n\n" + code + "\n\nDone.", 60, []string{"rotate"},
			"Rotate keys like this:\n\n[… 1 code block left out]\n\nDone.", true},
		{"one long paragraph is cut at a word", strings.Repeat("word ", 40), 50, nil, strings.TrimSpace(strings.Repeat("word ", 8)) + " […]", true},
		{"only code, too long", code, 40, nil, "[… 1 code block left out]", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, trimmed := trimMarkdown(tt.md, tt.max, tt.terms)
			if got != tt.want || trimmed != tt.wantTrim {
				t.Errorf("trimMarkdown = %q, %v; want %q, %v", got, trimmed, tt.want, tt.wantTrim)
			}
		})
	}
}

// FuzzTrimMarkdown checks the trimming invariants on any input: no panic,
// valid UTF-8 stays valid, the result stays near the budget, and a code
// block is either whole or absent (fences stay balanced).
func FuzzTrimMarkdown(f *testing.F) {
	f.Add("Intro.\n\n```bash\nnpm i\n# c\n```\n\nMore text here.", 20, "npm")
	f.Add("~~~\n```\n~~~\n\ntext", 5, "text")
	f.Add(strings.Repeat("é", 100), 11, "")
	f.Add("- item\n  ```\n  code\n  ```\n\n## Heading\n\npara", 15, "code")
	f.Fuzz(func(t *testing.T, md string, max int, q string) {
		if max < 1 || max > 1<<16 {
			return
		}
		got, _ := trimMarkdown(md, max, queryTerms(q))
		if utf8.ValidString(md) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of valid input: %q", got)
		}
		// Slack: the "[…]" separators and the left-out note.
		if len(got) > max+len(" […]")+30*len(splitBlocks(md)) {
			t.Fatalf("len %d for budget %d: %q", len(got), max, got)
		}
		if len(md) > max {
			// Every fenced block of the output is a whole block of the input
			// (trimmed: the answer drops the section's outer white space, which
			// can end a fence line, as in "~~~ \f").
			in := map[string]bool{}
			for _, b := range fencedBlocks(strings.TrimSpace(md)) {
				in[b] = true
			}
			for _, b := range fencedBlocks(got) {
				if !in[b] && !strings.HasSuffix(md, b) {
					t.Fatalf("code block %q was cut", b)
				}
			}
		}
	})
}

func TestCloseFences(t *testing.T) {
	for in, want := range map[string]string{
		"text":                      "text",
		"```go\nx\n```":             "```go\nx\n```",
		"- item:\n  ```js\n  f()\n": "- item:\n  ```js\n  f()\n  ```",
		"a\n````\n```\nb":           "a\n````\n```\nb\n````",
		"- last item\n  ```js":      "- last item\n  ```js\n  ```",
		"~~~\n```\n":                "~~~\n```\n~~~",
	} {
		if got := closeFences(in); got != want {
			t.Errorf("closeFences(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDemoteHeadings(t *testing.T) {
	for in, want := range map[string]string{
		"## Configure\n\ntext":           "**Configure**\n\ntext",
		"text\n\n### Sub\nmore":          "text\n\n**Sub**\nmore",
		"```bash\n# comment\n```":        "```bash\n# comment\n```",
		"#hashtag is not a heading":      "#hashtag is not a heading",
		"####### seven is not a heading": "####### seven is not a heading",
	} {
		if got := demoteHeadings(in); got != want {
			t.Errorf("demoteHeadings(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQueryTerms(t *testing.T) {
	got := queryTerms("How do I verify the webhook signature of dsync.group.user_added? Webhook!")
	want := []string{"verify", "webhook", "signature", "dsync.group.user_added"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("queryTerms (-want +got):\n%s", diff)
	}
}
