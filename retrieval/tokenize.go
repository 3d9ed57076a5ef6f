package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokenisation for BM25. Developer docs mix prose with identifiers, so a word
// such as getAuthorizationUrl, get_authorization_url, dsync.user.created or
// ListConnections yields its whole form and its parts:
//
//	getAuthorizationUrl   -> getauthorizationurl get authorization url
//	get_authorization_url -> get_authorization_url getauthorizationurl get authorization url
//	dsync.user.created    -> dsync.user.created dsyncusercreated dsync user created
//	SSO                   -> sso
//
// The joined form (separators removed) lets the camelCase and snake_case
// spellings of one identifier match each other as whole tokens. Prose words
// are lower-cased, stop words dropped and (with stem) reduced by stemWord;
// whole identifiers are never stemmed or dropped.

// maxTokenLen bounds one raw token; longer runs (base64 blobs, hashes) are cut.
const maxTokenLen = 64

// tokenizer turns text into index terms. The zero value does no stemming.
type tokenizer struct {
	stem bool // strip inflections from prose words and identifier parts
}

// tokens appends the terms of text to dst and returns it. It never fails:
// any byte sequence yields some (possibly empty) list of terms.
func (t tokenizer) tokens(dst []string, text string) []string {
	start := -1
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			dst = t.word(dst, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		dst = t.word(dst, text[start:])
	}
	return dst
}

// isWordRune reports whether r can be part of a raw token. Dots, underscores
// and hyphens join identifier parts; they are trimmed from the ends later.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-'
}

func isSep(r rune) bool { return r == '_' || r == '.' || r == '-' }

// word appends the terms of one raw token (a run of word runes).
func (t tokenizer) word(dst []string, w string) []string {
	w = strings.TrimFunc(w, isSep)
	if w == "" {
		return dst
	}
	if len(w) > maxTokenLen {
		w = w[:maxTokenLen]
		for !utf8.ValidString(w) { // do not cut a rune in half
			w = w[:len(w)-1]
		}
		w = strings.TrimFunc(w, isSep)
	}
	if isPlainWord(w) {
		if isStopWord(w) {
			return dst
		}
		if t.stem {
			w = stemWord(w)
		}
		return append(dst, w)
	}
	parts := splitIdentifier(w)
	if len(parts) <= 1 {
		lw := strings.ToLower(w)
		if isStopWord(lw) {
			return dst
		}
		if t.stem {
			lw = stemWord(lw)
		}
		return append(dst, lw)
	}
	// An identifier: its whole form, its joined form, then its parts.
	whole := strings.ToLower(w)
	dst = append(dst, whole)
	var joined strings.Builder
	for _, p := range parts {
		joined.WriteString(strings.ToLower(p))
	}
	if j := joined.String(); j != whole {
		dst = append(dst, j)
	}
	for _, p := range parts {
		lp := strings.ToLower(p)
		if len(lp) < 2 || isStopWord(lp) {
			continue
		}
		if t.stem {
			lp = stemWord(lp)
		}
		dst = append(dst, lp)
	}
	return dst
}

// isPlainWord reports whether w is lower-case ASCII letters and digits only:
// the common case, which needs neither splitting nor lower-casing.
func isPlainWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// splitIdentifier splits w at separators (._-), at lower-to-upper case
// changes (getAuthorization -> get Authorization), at the end of an acronym
// (HTMLParser -> HTML Parser); letters followed by digits stay together
// (oauth2). A plain word returns one part.
func splitIdentifier(w string) []string {
	var parts []string
	runes := []rune(w)
	start := 0
	flush := func(end int) {
		if end > start {
			parts = append(parts, string(runes[start:end]))
		}
		start = end
	}
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if isSep(r) {
			flush(i)
			start = i + 1
			continue
		}
		if i == start {
			continue
		}
		prev := runes[i-1]
		switch {
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			flush(i)
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(runes) && unicode.IsLower(runes[i+1]):
			flush(i)
		}
	}
	flush(len(runes))
	return parts
}

// stemWord is a light English stemmer: plural endings (stemPlural), then
// -ing, a final -e and -ly, so that "rotating", "rotates" and "rotate" meet
// at "rotat", "settings" and "set" at "set", and "aliases" and "alias" at
// "alias". It is applied to documents and queries alike, so its stems need
// not be words, only agree across a word's forms. Short stems are left
// alone (most short English words have no such ending), and -ed is kept:
// stripping it too was measured worse on the 413-question set (hybrid page
// MRR@10 0.770 against 0.777) and it splits "embed" from "embedded".
// Whole identifiers are never stemmed (see word).
func stemWord(w string) string {
	w = stemPlural(w)
	n := len(w)
	if s, ok := strings.CutSuffix(w, "ing"); ok && len(s) >= 3 && hasVowel(s) && !strings.HasSuffix(s, "e") {
		// Undouble: logging -> logg -> log; install, access, buzz keep theirs.
		if k := len(s); s[k-1] == s[k-2] && !strings.ContainsRune("lsz", rune(s[k-1])) {
			s = s[:k-1]
		}
		return s
	}
	if strings.HasSuffix(w, "e") && n-1 >= 3 {
		return w[:n-1]
	}
	if strings.HasSuffix(w, "ly") && n-2 >= 4 {
		return w[:n-2]
	}
	return w
}

// hasVowel reports whether s has a vowel (or y): "str" of "string" has
// none, so "string" is not an -ing form.
func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// stemPlural strips English plural endings (Harman's "S" stemmer, with
// -is, -as and -os words such as analysis, alias and macos kept, and
// -sses, -xes, -ches, -shes, -ases and -uses reduced to their singular).
func stemPlural(w string) string {
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case n > 5 && (strings.HasSuffix(w, "ases") || strings.HasSuffix(w, "uses")):
		return w[:n-2] // aliases -> alias, statuses -> status, databases -> databas (like database)
	case strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes"):
		return w[:n-1]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "is") && !strings.HasSuffix(w, "as") && !strings.HasSuffix(w, "os"):
		return w[:n-1]
	}
	return w
}

// IsStopWord reports English function words that carry no meaning for
// search (w lower-cased). It is the one stop-word list: the server's
// trimming of long sections uses it too.
func IsStopWord(w string) bool { return isStopWord(w) }

// isStopWord reports English function words that carry no meaning for search.
func isStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}

// stopWords is a short English list: enough to drop the glue of questions
// ("how do I ...") without hiding domain words such as "user" or "get".
var stopWords = map[string]struct{}{
	"a": {}, "an": {}, "and": {}, "are": {}, "as": {}, "at": {}, "be": {}, "but": {},
	"by": {}, "can": {}, "could": {}, "did": {}, "do": {}, "does": {}, "for": {},
	"from": {}, "had": {}, "has": {}, "have": {}, "how": {}, "i": {}, "if": {}, "in": {},
	"into": {}, "is": {}, "it": {}, "its": {}, "me": {}, "my": {}, "of": {}, "on": {},
	"or": {}, "our": {}, "should": {}, "so": {}, "that": {}, "the": {}, "their": {},
	"then": {}, "there": {}, "these": {}, "this": {}, "those": {}, "to": {}, "was": {},
	"we": {}, "were": {}, "what": {}, "when": {}, "where": {}, "which": {}, "who": {},
	"why": {}, "will": {}, "with": {}, "would": {}, "you": {}, "your": {},
}
