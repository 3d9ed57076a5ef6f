package corpus

import (
	"regexp"
	"strings"
)

var (
	// plainAttrs are "{{ ... }}" heading attributes and a trailing custom
	// id, "{#id}".
	plainAttrs = regexp.MustCompile(`\{\{.*?\}\}|\{#[^{}]*\}\s*$`)
	// plainLink is an inline link or image; its text is kept.
	plainLink = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
)

// PlainHeading is heading text as a reader sees it: "{{ }}" attributes and
// "{#id}" blocks,
// link targets and inline markup (code spans, emphasis, escapes) dropped,
// white space collapsed, so "`dsync.activated`" and "dsync.activated" are
// the same heading. Grep search and evaluation compare headings with it.
func PlainHeading(s string) string {
	s = plainAttrs.ReplaceAllString(s, "")
	s = plainLink.ReplaceAllString(s, "$1")
	s = strings.Map(func(r rune) rune {
		switch r {
		case '`', '*', '_', '\\':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
