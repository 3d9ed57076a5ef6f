package retrieval

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		stem bool
		in   string
		want []string
	}{
		{"camelCase", false, "getAuthorizationUrl", []string{"getauthorizationurl", "get", "authorization", "url"}},
		{"snake_case", false, "get_authorization_url", []string{"get_authorization_url", "getauthorizationurl", "get", "authorization", "url"}},
		{"dotted event", false, "dsync.user.created", []string{"dsync.user.created", "dsyncusercreated", "dsync", "user", "created"}},
		{"acronym", false, "SSO", []string{"sso"}},
		{"PascalCase", false, "ListConnections", []string{"listconnections", "list", "connections"}},
		{"PascalCase stemmed", true, "ListConnections", []string{"listconnections", "list", "connection"}},
		{"acronym then word", false, "HTMLParser", []string{"htmlparser", "html", "parser"}},
		{"digits stay", false, "oauth2 base64Encode", []string{"oauth2", "base64encode", "base64", "encode"}},
		{"prose stop words", false, "How do I invite someone to an organization?", []string{"invite", "someone", "organization"}},
		{"prose stemmed", true, "organizations policies access", []string{"organization", "policy", "access"}},
		{"sentence dot trimmed", false, "Call the API.", []string{"call", "api"}},
		{"code span and path", false, "`GET /sso/authorize`", []string{"get", "sso", "authorize"}},
		{"hyphenated", false, "provider-initiated", []string{"provider-initiated", "providerinitiated", "provider", "initiated"}},
		{"stop-word part dropped", false, "get_user_by_id", []string{"get_user_by_id", "getuserbyid", "get", "user", "id"}},
		{"only separators", false, "... --- ___", nil},
		{"unicode", false, "Ünïcode naïve", []string{"ünïcode", "naïve"}},
		{"empty", false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokenizer{stem: tt.stem}.tokens(nil, tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tokens(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// The camelCase and snake_case spellings of one identifier share a whole
// token, so they match each other more strongly than their parts alone.
func TestTokensSpellingsShareWholeToken(t *testing.T) {
	tok := tokenizer{}
	a := tok.tokens(nil, "getAuthorizationUrl")
	b := tok.tokens(nil, "get_authorization_url")
	if !hasString(a, "getauthorizationurl") || !hasString(b, "getauthorizationurl") {
		t.Errorf("no shared whole token: %q vs %q", a, b)
	}
}

func hasString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestStemWord(t *testing.T) {
	for _, tt := range []struct {
		forms []string
		want  string
	}{
		{[]string{"connections", "connection"}, "connection"},
		{[]string{"policies", "policy"}, "policy"},
		{[]string{"aliases", "alias"}, "alias"},
		{[]string{"statuses", "status"}, "status"},
		{[]string{"analysis"}, "analysis"},
		{[]string{"access", "accesses"}, "access"},
		{[]string{"rotate", "rotates", "rotating"}, "rotat"},
		{[]string{"settings", "setting", "set"}, "set"},
		{[]string{"logging", "log", "logs"}, "log"},
		{[]string{"redirecting", "redirects", "redirect"}, "redirect"},
		{[]string{"responses", "response"}, "respons"},
		{[]string{"installing", "install"}, "install"},
		{[]string{"embedded"}, "embedded"},
		{[]string{"agreeing"}, "agreeing"},
		{[]string{"string", "strings"}, "string"},
		{[]string{"thing", "things"}, "thing"},
		{[]string{"users", "user"}, "user"},
		{[]string{"keys", "key"}, "key"},
		{[]string{"sso"}, "sso"},
		{[]string{"ids"}, "ids"},
		{[]string{"use", "uses"}, "use"},
		{[]string{"quickly", "quick"}, "quick"},
	} {
		for _, in := range tt.forms {
			if got := stemWord(in); got != tt.want {
				t.Errorf("stemWord(%q) = %q, want %q", in, got, tt.want)
			}
		}
	}
}

// FuzzTokens: any input yields lower-case, non-empty, valid UTF-8 terms
// not starting with a separator, each at most maxTokenLen bytes before
// lower-casing (which can grow a rune by half: İ -> i̇).
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"getAuthorizationUrl", "dsync.user.created", "`GET /sso/authorize`", "a..b__c--d", "ÀÉÎõü_ß.ǅ", strings.Repeat("x", 200), "\xff\xfe", strings.Repeat("İ", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, stem := range []bool{false, true} {
			for _, tok := range (tokenizer{stem: stem}).tokens(nil, s) {
				if tok == "" || !utf8.ValidString(tok) || len(tok) > maxTokenLen*3/2 {
					t.Fatalf("bad token %q from %q", tok, s)
				}
				if strings.ToLower(tok) != tok && utf8.ValidString(s) {
					t.Fatalf("token %q from %q is not lower case", tok, s)
				}
				if r, _ := utf8.DecodeRuneInString(tok); isSep(r) {
					t.Fatalf("token %q from %q starts with a separator", tok, s)
				}
			}
		}
	})
}
