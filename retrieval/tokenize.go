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
// are lower-cased, stop words dropped and (with stem) plural endings removed;
// whole identifiers are never stemmed or dropped.

// maxTokenLen bounds one raw token; longer runs (base64 blobs, hashes) are cut.
const maxTokenLen = 64

// tokenizer turns text into index terms. The zero value does no stemming.
type tokenizer struct {
	stem bool // strip plural endings from prose words and identifier parts
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
			w = stemPlural(w)
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
			lw = stemPlural(lw)
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
			lp = stemPlural(lp)
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

// stemPlural is Harman's "S" stemmer: it strips English plural endings only,
// which keeps identifiers recognisable while letting "connections" match
// "connection".
func stemPlural(w string) string {
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes"):
		return w[:n-1]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss"):
		return w[:n-1]
	}
	return w
}

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
