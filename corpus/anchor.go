package corpus

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// slugify returns the GitHub-style anchor of a heading: lower-cased, letters,
// digits, '-' and '_' kept, spaces turned into '-', everything else dropped.
// "(1) Configure your project" becomes "1-configure-your-project".
func slugify(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-':
			b.WriteRune(r)
		case r == ' ' || r == '\t' || r == '\n':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// slugger hands out anchors unique within one page, the way GitHub does:
// the second "Example" becomes "example-1", the third "example-2".
type slugger struct {
	taken map[string]bool
	next  map[string]int
}

func newSlugger() *slugger {
	return &slugger{taken: map[string]bool{}, next: map[string]int{}}
}

// unique returns base, or base with the smallest "-N" suffix not yet taken.
// An empty base becomes "section".
func (s *slugger) unique(base string) string {
	if base == "" {
		base = "section"
	}
	if !s.taken[base] {
		s.taken[base] = true
		return base
	}
	for n := max(s.next[base], 1); ; n++ {
		c := base + "-" + strconv.Itoa(n)
		if !s.taken[c] {
			s.taken[c] = true
			s.next[base] = n + 1
			return c
		}
	}
}

// headingAttrs splits a heading's text from a trailing MDX attribute block
// such as `{{ "url": "authentication" }}` and returns the text and the url
// attribute ("" when absent). A block that is not valid JSON is dropped all the
// same: it is markup, never prose. A custom heading id (`## Setup {#setup}`,
// as Docusaurus, VitePress, Pandoc and kramdown write it) is the anchor too.
func headingAttrs(text string) (clean, url string) {
	t := strings.TrimRight(text, " \t")
	if clean, id, ok := customID(t); ok {
		return clean, id
	}
	if !strings.HasSuffix(t, "}}") {
		return text, ""
	}
	open := strings.LastIndex(t, "{{")
	if open < 0 {
		return text, ""
	}
	inner := t[open+1 : len(t)-1] // "{ ... }"
	var attrs map[string]any
	if err := json.Unmarshal([]byte(inner), &attrs); err == nil {
		if u, ok := attrs["url"].(string); ok {
			url = slugify(u)
		}
	} else if !strings.Contains(inner, ":") {
		// Not an attribute block after all ("{{ count }}" in prose): keep it.
		return text, ""
	}
	return strings.TrimSpace(t[:open]), url
}

// customID splits a heading's text from a trailing id block, `{#id}`, which
// may also carry classes and attributes (`{#id .hidden}`). The id is the
// anchor as written when it is a safe URL fragment, else its slug.
func customID(t string) (clean, id string, ok bool) {
	if !strings.HasSuffix(t, "}") {
		return "", "", false
	}
	open := strings.LastIndexByte(t, '{')
	if open < 0 || !strings.HasPrefix(t[open+1:], "#") || (open > 0 && t[open-1] == '{') {
		return "", "", false
	}
	fields := strings.Fields(t[open+2 : len(t)-1])
	if len(fields) == 0 {
		return "", "", false
	}
	id = fields[0]
	if strings.ContainsFunc(id, func(r rune) bool {
		return !(r < 0x80 && (isWordByte(byte(r)) || r == '-' || r == '.' || r == ':'))
	}) {
		id = slugify(id)
	}
	if id == "" {
		return "", "", false
	}
	return strings.TrimSpace(t[:open]), id, true
}
