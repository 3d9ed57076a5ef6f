package web

import (
	"html/template"
	"strings"
)

// A small highlighter of our own rather than a library (chroma would add
// two modules and ~2 MB of lexers to the binary): docs code blocks are short
// snippets in a dozen languages, and a reader needs comments, strings,
// numbers and keywords set apart, not a full grammar. Unknown languages are
// shown plain. It works on bytes and splits only at ASCII characters, so
// UTF-8 text passes through whole.

// syntax is what the highlighter knows of one language family.
type syntax struct {
	line     []string // line-comment openers
	block    bool     // /* … */ comments
	quotes   string   // string delimiters
	keywords map[string]bool
}

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	cLike = syntax{line: []string{"//"}, block: true, quotes: "\"'`", keywords: words(`
		abstract as async await break case catch class const continue def default defer delete do else enum export
		extends false final finally fn for from func function go if impl implements import in instanceof interface
		let match mod mut new nil null package private protected pub public readonly return select static struct
		super switch this throw throws true try type typeof undefined use using val var void while yield chan map
		range fun namespace override self string int bool`)}
	scripting = syntax{line: []string{"#"}, quotes: "\"'", keywords: words(`
		and as assert async await begin break case class def del do done elif else elsif end ensure esac except export
		false fi finally for from function if import in is lambda local module nil None not or pass raise require
		rescue return self then True False true unless until when while with yield`)}
	data = syntax{quotes: "\"", keywords: words(`true false null`)}
	yaml = syntax{line: []string{"#"}, quotes: "\"'", keywords: words(`true false null yes no`)}
)

// syntaxes maps a code fence's language to its syntax.
var syntaxes = map[string]*syntax{
	"js": &cLike, "javascript": &cLike, "jsx": &cLike, "ts": &cLike, "typescript": &cLike, "tsx": &cLike,
	"go": &cLike, "java": &cLike, "kotlin": &cLike, "kt": &cLike, "c": &cLike, "cpp": &cLike, "cs": &cLike,
	"csharp": &cLike, "rust": &cLike, "rs": &cLike, "swift": &cLike, "php": &cLike, "dart": &cLike, "scala": &cLike,
	"bash": &scripting, "sh": &scripting, "shell": &scripting, "zsh": &scripting, "console": &scripting,
	"python": &scripting, "py": &scripting, "ruby": &scripting, "rb": &scripting, "elixir": &scripting,
	"json": &data, "yaml": &yaml, "yml": &yaml, "toml": &yaml,
}

// highlight returns code as HTML: every character escaped, comments,
// strings, numbers and keywords wrapped in <span class="hl-c|hl-s|hl-n|hl-k">.
// Removing the spans and unescaping gives code back (fuzz-tested).
func highlight(lang, code string) string {
	lang, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(lang)), " ")
	syn := syntaxes[lang]
	if syn == nil {
		return template.HTMLEscapeString(code)
	}
	var b strings.Builder
	span := func(class, s string) {
		b.WriteString(`<span class="` + class + `">` + template.HTMLEscapeString(s) + `</span>`)
	}
	plainFrom := 0
	flush := func(i int) {
		b.WriteString(template.HTMLEscapeString(code[plainFrom:i]))
	}
	for i := 0; i < len(code); {
		c := code[i]
		end, class := 0, ""
		switch {
		case syn.lineComment(code, i):
			end, class = lineEnd(code, i), "hl-c"
		case syn.block && strings.HasPrefix(code[i:], "/*"):
			end, class = len(code), "hl-c"
			if j := strings.Index(code[i+2:], "*/"); j >= 0 {
				end = i + 2 + j + 2
			}
		case strings.IndexByte(syn.quotes, c) >= 0:
			end, class = stringEnd(code, i), "hl-s"
		case isDigit(c) && (i == 0 || !isIdent(code[i-1])):
			end = i + 1
			for end < len(code) && (isIdent(code[end]) || code[end] == '.') {
				end++
			}
			class = "hl-n"
		case isIdent(c) && (i == 0 || !isIdent(code[i-1])):
			end = i + 1
			for end < len(code) && isIdent(code[end]) {
				end++
			}
			if syn.keywords[code[i:end]] {
				class = "hl-k"
			} else {
				i = end
				continue
			}
		default:
			i++
			continue
		}
		flush(i)
		span(class, code[i:end])
		i, plainFrom = end, end
	}
	flush(len(code))
	return b.String()
}

// lineComment reports whether a line comment opens at i; "#" counts only at
// the start of a word (not in "$#" or "a#b").
func (s *syntax) lineComment(code string, i int) bool {
	for _, open := range s.line {
		if strings.HasPrefix(code[i:], open) {
			if open == "#" && i > 0 && !isSpace(code[i-1]) {
				continue
			}
			return true
		}
	}
	return false
}

func lineEnd(code string, i int) int {
	if j := strings.IndexByte(code[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(code)
}

// stringEnd returns the end of the string opening at i: past the matching
// unescaped quote, or the end of the line for an unclosed one (a backquote
// string may span lines).
func stringEnd(code string, i int) int {
	q := code[i]
	for j := i + 1; j < len(code); j++ {
		switch code[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			if q != '`' {
				return j
			}
		}
	}
	return len(code)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isIdent(c byte) bool {
	return c == '_' || isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z')
}
