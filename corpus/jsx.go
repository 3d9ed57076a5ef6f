package corpus

import (
	"bytes"
	"slices"
	"strings"
)

// flattenJSX removes MDX/JSX markup from an MDX body before it is parsed as
// Markdown. Components such as <Callout> or <Event.Details name="x"> are
// replaced by the text of their meaningful attributes (name, title, label,
// file, alt ...) and their children stay in place, so no inner text is lost.
// JSX comments ({/* ... */}) are dropped. Fenced code and inline code spans
// are copied verbatim. Tags that are not markup (`List<Connection>`,
// `<your password>`) are left alone. It also returns href/src attribute
// values as links.
//
// A tag alone on its line(s) becomes its own paragraph (blank lines around
// it), indented like the tag, so it stays inside the list item it belongs to.
// A tab without a label of its own (`<Tab>` inside `<Tabs items={['npm',
// 'yarn']}>`) takes the next of its group's items. Container directives
// (`:::tip Title` ... `:::`, see admonition) become a paragraph naming them.
// MDX import and export blocks (see esmStart) are dropped.
func flattenJSX(src []byte) (out []byte, links []string) {
	f := flattener{src: src, budget: 2 * len(src)}
	f.b.Grow(len(src))
	var fence fenceState
	i := 0
	for i < len(src) {
		lineEnd := bytes.IndexByte(src[i:], '\n')
		if lineEnd < 0 {
			lineEnd = len(src)
		} else {
			lineEnd += i
		}
		line := src[i:lineEnd]
		if fence.inside() || fence.opens(line) {
			fence.update(line)
			f.b.Write(line)
			if lineEnd < len(src) {
				f.b.WriteByte('\n')
			}
			i = lineEnd + 1
			continue
		}
		if esmStart(line) {
			// MDX's import/export block runs to the next blank line: code
			// for the page's build, never prose.
			for i < len(src) {
				e := bytes.IndexByte(src[i:], '\n')
				if e < 0 {
					i = len(src)
					break
				}
				blank := onlySpace(bytes.TrimRight(src[i:i+e], "\r"))
				i += e + 1
				if blank {
					f.b.WriteByte('\n')
					break
				}
			}
			continue
		}
		if label, ok := admonition(line); ok {
			if label != "" {
				indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
				f.b.WriteString("\n" + string(indent) + label + "\n")
			}
			if lineEnd < len(src) {
				f.b.WriteByte('\n')
			}
			i = lineEnd + 1
			continue
		}
		if alert, ok := githubAlert(line); ok {
			f.b.Write(alert)
			if lineEnd < len(src) {
				f.b.WriteByte('\n')
			}
			i = lineEnd + 1
			continue
		}
		i = f.line(i)
	}
	return f.b.Bytes(), f.links
}

// esmStart reports whether a line opens an MDX import or export block: at
// the start of the line, `import` followed by a brace, a star or a quote, or
// by a name and `from '...'` on the same line; `export` followed by a
// declaration, `default`, a brace or a star. Prose that starts with the word
// ("import your users from Okta") is not one.
func esmStart(line []byte) bool {
	kw, rest, ok := bytes.Cut(line, []byte(" "))
	if !ok {
		return false
	}
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) == 0 {
		return false
	}
	switch string(kw) {
	case "import":
		switch rest[0] {
		case '{', '*', '\'', '"':
			return true
		}
		return bytes.Contains(rest, []byte(" from '")) || bytes.Contains(rest, []byte(" from \""))
	case "export":
		if rest[0] == '{' || rest[0] == '*' {
			return true
		}
		word, _, _ := bytes.Cut(rest, []byte(" "))
		switch string(word) {
		case "const", "let", "var", "function", "async", "class", "default":
			return true
		}
	}
	return false
}

// githubAlert rewrites the first line of a GitHub alert, a blockquote line
// that is only `[!NOTE]` (or TIP, IMPORTANT, WARNING, CAUTION), into the
// word a reader sees: "> Note:". It reports false for any other line.
func githubAlert(line []byte) ([]byte, bool) {
	rest := bytes.TrimLeft(line, " \t")
	if len(rest) == 0 || rest[0] != '>' {
		return nil, false
	}
	rest = bytes.TrimLeft(rest, "> \t") // nested quotes: "> > [!TIP]"
	word := bytes.TrimSpace(rest)
	if len(word) < 4 || !bytes.HasPrefix(word, []byte("[!")) || word[len(word)-1] != ']' {
		return nil, false
	}
	kind := strings.ToLower(string(word[2 : len(word)-1]))
	switch kind {
	case "note", "tip", "important", "warning", "caution":
	default:
		return nil, false
	}
	quote := line[:len(line)-len(rest)]
	return append(append([]byte{}, quote...), strings.ToUpper(kind[:1])+kind[1:]+":"...), true
}

// flattener is the state of one flattenJSX call.
type flattener struct {
	src   []byte
	b     bytes.Buffer
	links []string
	// budget is how many bytes literal attributes may still scan beyond
	// maxTag: at most twice the body in all, so a body of unbalanced braces
	// stays linear.
	budget int
	// noJSXClose and noHTMLClose record that a search for the end of a
	// comment ("*/}", "-->") found none: no later comment can close either,
	// so a body of unclosed comments stays linear.
	noJSXClose, noHTMLClose bool
	// tabs holds, for each open tab group (<Tabs items={[...]}>), its labels
	// not yet given to a tab.
	tabs [][]string
}

// line copies one line starting at src[start] (and any later lines a
// multi-line tag or comment spans) to f.b, flattening markup. It returns the
// index just after the consumed newline.
func (f *flattener) line(start int) int {
	src, b := f.src, &f.b
	lineStart := start
	i := start
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			b.WriteByte('\n')
			return i + 1
		case c == '`':
			n := runLen(src, i, '`')
			end := findCodeSpanEnd(src, i+n, n)
			if end < 0 {
				b.Write(src[i : i+n])
				i += n
				continue
			}
			b.Write(src[i:end])
			i = end
		case c == '{' && bytes.HasPrefix(src[i:], []byte("{/*")):
			end := f.commentEnd(&f.noJSXClose, i, "*/}")
			if end < 0 {
				b.WriteByte(c)
				i++
				continue
			}
			i = end
		case c == '<' && bytes.HasPrefix(src[i:], []byte("<!--")):
			// An HTML comment (Markdown pages of Docusaurus, VitePress,
			// Hugo) is for the page's authors, never shown to a reader.
			end := f.commentEnd(&f.noHTMLClose, i+4, "-->")
			if end < 0 {
				b.WriteByte(c)
				i++
				continue
			}
			i = end
		case c == '{' && isStringExpr(src, i):
			end := skipBraces(src, i)
			v, _ := stringExpr(src[i+1 : end-1])
			b.WriteString(v)
			i = end
		case c == '<':
			t, ok := parseTag(src, i, &f.budget)
			if !ok || (!t.closing && i > lineStart && isWordByte(src[i-1]) && t.name != "br") || !isMarkup(t.name) {
				// A tag right after a word is a type parameter
				// (`List<Connection>`), except a line break: table cells
				// join their lines with "one<br/>two".
				b.WriteByte(c)
				i++
				continue
			}
			f.links = append(f.links, t.links...)
			if hidesContent(t.name) && !t.closing && !t.selfClosing {
				// Their content is code for the browser, or a media
				// player's sources and its fallback ("Your browser does
				// not support the video tag."), never prose.
				if end := bytes.Index(src[t.end:], []byte("</"+t.name)); end >= 0 {
					if close, ok := parseTag(src, t.end+end, &f.budget); ok {
						t.end = close.end
					}
				}
			}
			val := f.tabLabel(t)
			alone := onlySpace(src[lineStart:i]) && onlySpaceToEOL(src, t.end)
			if alone {
				indent := string(src[lineStart:i])
				switch {
				case val != "" && t.selfClosing && strings.HasSuffix(t.name, "Tab"):
					// Tabs list their titles one per line in one paragraph.
					b.WriteString(val)
					j := t.end
					for j < len(src) && src[j] != '\n' {
						j++
					}
					if j < len(src) {
						b.WriteByte('\n')
						j++
					}
					return j
				case val != "":
					b.WriteString("\n" + prefixLines(val, indent, indent) + "\n")
				}
				// Consume the rest of the line; the caller's newline ends the paragraph.
				j := t.end
				for j < len(src) && src[j] != '\n' {
					j++
				}
				if j < len(src) {
					b.WriteString("\n")
					j++
				}
				return j
			}
			switch {
			case val != "":
				b.WriteString(" " + val + " ")
			case t.name == "br":
				b.WriteByte(' ')
			case t.selfClosing && isComponent(t.name) && tableRow(src[lineStart:i]):
				// An icon in a feature matrix (<Check />, <Cross />) is the
				// cell's whole meaning: its name says it.
				b.WriteString(" " + t.name + " ")
			}
			i = t.end
		default:
			b.WriteByte(c)
			i++
		}
	}
	return i
}

// commentEnd returns the index just after the first close at or after
// src[from:], or -1 when there is none (and remembers that in *none).
func (f *flattener) commentEnd(none *bool, from int, close string) int {
	if *none {
		return -1
	}
	end := bytes.Index(f.src[from:], []byte(close))
	if end < 0 {
		*none = true
		return -1
	}
	return from + end + len(close)
}

// hidesContent reports an element whose children are never prose: style
// and script hold code, video and audio their sources and fallback text.
func hidesContent(name string) bool {
	switch name {
	case "style", "script", "video", "audio":
		return true
	}
	return false
}

// tabLabel returns a tag's text (tag.text), tracking tab groups: a tab
// with no text of its own is labelled by its value attribute (Docusaurus,
// Fumadocs), else by the next item of the group it is in.
func (f *flattener) tabLabel(t tag) string {
	val := t.text()
	switch {
	case isTabGroup(t.name) && t.closing:
		if len(f.tabs) > 0 {
			f.tabs = f.tabs[:len(f.tabs)-1]
		}
	case isTabGroup(t.name) && !t.selfClosing:
		f.tabs = append(f.tabs, t.items)
	case isTab(t.name) && !t.closing:
		if val == "" {
			val = t.attr("value")
		}
		if n := len(f.tabs); n > 0 && len(f.tabs[n-1]) > 0 {
			if val == "" {
				val = f.tabs[n-1][0]
			}
			f.tabs[n-1] = f.tabs[n-1][1:]
		}
	}
	return val
}

// isTabGroup reports whether a component holds tabs (Tabs, CodeTabs, Tabs.List
// excluded).
func isTabGroup(name string) bool { return strings.HasSuffix(name, "Tabs") }

// isTab reports whether a component is one tab (Tab, Tabs.Tab, TabItem,
// CodeBlockTab).
func isTab(name string) bool {
	return strings.HasSuffix(name, "Tab") || strings.HasSuffix(name, "TabItem")
}

// admonition recognises the line of a container directive, as Docusaurus,
// VitePress and Starlight write admonitions: an opening line (`:::tip`,
// `::: warning Take care`, `:::note[Heads up]`, `::::info{title="x"}`) and
// a closing one (`:::`). It returns the paragraph to write for the line
// ("Tip", "Warning: Take care", "" for a closing line or a layout container
// such as `::: code-group`) and whether the line is one.
func admonition(line []byte) (string, bool) {
	t := bytes.TrimSpace(line)
	n := runLen(t, 0, ':')
	if n < 3 {
		return "", false
	}
	rest := bytes.TrimLeft(t[n:], " \t")
	if len(rest) == 0 {
		return "", true // closing
	}
	if rest[0] == '{' { // pandoc's fenced div: ::: {.note}
		return "", true
	}
	if !(rest[0] >= 'a' && rest[0] <= 'z' || rest[0] >= 'A' && rest[0] <= 'Z') {
		return "", false
	}
	k := 0
	for k < len(rest) && (isWordByte(rest[k]) || rest[k] == '-') {
		k++
	}
	kind, after := string(rest[:k]), bytes.TrimSpace(rest[k:])
	title := ""
	switch {
	case len(after) > 0 && after[0] == '[':
		if e := bytes.LastIndexByte(after, ']'); e > 0 {
			title = string(after[1:e])
		}
	case len(after) > 0 && after[0] == '{':
		if v, ok := directiveTitle(after); ok {
			title = v
		}
	default:
		title = string(after)
	}
	title = strings.Join(strings.Fields(title), " ")
	switch kind = strings.ToLower(kind); kind {
	case "code-group", "raw", "v-pre":
		return "", true
	case "details":
		if title != "" {
			return title, true
		}
	}
	label := strings.ToUpper(kind[:1]) + kind[1:]
	if title != "" {
		label += ": " + title
	}
	return label, true
}

// directiveTitle returns the title attribute of a directive's attribute block
// (`{title="Heads up"}`).
func directiveTitle(attrs []byte) (string, bool) {
	i := bytes.Index(attrs, []byte("title="))
	if i < 0 || i+len("title=") >= len(attrs) {
		return "", false
	}
	v := attrs[i+len("title="):]
	if q := v[0]; q == '"' || q == '\'' {
		if e := bytes.IndexByte(v[1:], q); e >= 0 {
			return string(v[1 : 1+e]), true
		}
	}
	return "", false
}

// fenceState tracks fenced code blocks line by line (``` or ~~~, any indent).
type fenceState struct {
	char byte
	n    int
}

func (f *fenceState) inside() bool { return f.n > 0 }

func (f *fenceState) opens(line []byte) bool {
	c, n, _ := fenceMarker(line)
	return n >= 3 && (c == '~' || !bytes.ContainsRune(bytes.TrimLeft(line, " \t")[n:], '`'))
}

func (f *fenceState) update(line []byte) {
	c, n, rest := fenceMarker(line)
	switch {
	case f.n == 0 && f.opens(line):
		f.char, f.n = c, n
	case f.n > 0 && c == f.char && n >= f.n && len(bytes.TrimSpace(rest)) == 0:
		f.char, f.n = 0, 0
	}
}

// fenceMarker returns the fence character and run length that open line (after
// indentation), and what follows the run.
func fenceMarker(line []byte) (byte, int, []byte) {
	t := bytes.TrimLeft(line, " \t")
	if len(t) == 0 || (t[0] != '`' && t[0] != '~') {
		return 0, 0, nil
	}
	n := runLen(t, 0, t[0])
	return t[0], n, t[n:]
}

func runLen(s []byte, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// findCodeSpanEnd returns the index after the closing backtick run of exactly
// n backticks on the same line, or -1.
func findCodeSpanEnd(src []byte, i, n int) int {
	for i < len(src) && src[i] != '\n' {
		if src[i] != '`' {
			i++
			continue
		}
		m := runLen(src, i, '`')
		if m == n {
			return i + m
		}
		i += m
	}
	return -1
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func onlySpace(s []byte) bool { return len(bytes.TrimLeft(s, " \t")) == 0 }

func onlySpaceToEOL(src []byte, i int) bool {
	for ; i < len(src) && src[i] != '\n'; i++ {
		if src[i] != ' ' && src[i] != '\t' && src[i] != '\r' {
			return false
		}
	}
	return true
}

// htmlElements are the lower-case tag names treated as markup; any other
// lower-case "<word ...>" is prose (`<your password>`) and kept.
var htmlElements = map[string]bool{
	"a": true, "abbr": true, "b": true, "blockquote": true, "br": true, "code": true,
	"details": true, "div": true, "em": true, "figure": true, "figcaption": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true,
	"i": true, "img": true, "kbd": true, "li": true, "ol": true, "p": true, "picture": true,
	"pre": true, "small": true, "source": true, "span": true, "strong": true, "sub": true,
	"summary": true, "sup": true, "style": true, "script": true, "table": true, "tbody": true, "td": true, "th": true,
	"thead": true, "tr": true, "u": true, "ul": true, "video": true, "audio": true, "iframe": true,
}

// isMarkup reports whether a tag name is a JSX component (capitalised or
// dotted), a fragment, or a known HTML element.
func isMarkup(name string) bool {
	if name == "" {
		return true // fragment <> </>
	}
	return isComponent(name) || htmlElements[name]
}

// tag is one parsed JSX/HTML tag.
type tag struct {
	name        string
	closing     bool        // </name>
	selfClosing bool        // <name />
	attrs       [][2]string // name, value (string literals only; expressions are dropped)
	data        []string    // object or array literals holding records, rendered (dataText)
	items       []string    // a tab group's labels: items={['npm', 'yarn']}
	flags       []string    // bare attributes: <ParamField required>
	links       []string
	end         int // index after '>'
}

// attr returns the value of a string attribute, or "".
func (t tag) attr(name string) string {
	for _, a := range t.attrs {
		if a[0] == name {
			return strings.TrimSpace(a[1])
		}
	}
	return ""
}

// keptAttrs are the attributes whose values are text a reader (or a search)
// needs, in output order.
var keptAttrs = []string{"name", "title", "label", "heading", "alt", "caption", "description", "text", "file"}

// text renders a tag's meaningful attribute values. An event or component
// name becomes inline code; a file is listed only when the title does not
// already say it.
func (t tag) text() string {
	vals := map[string]string{}
	for _, a := range t.attrs {
		if _, dup := vals[a[0]]; !dup {
			vals[a[0]] = strings.TrimSpace(strings.Join(strings.Fields(a[1]), " "))
		}
	}
	var parts []string
	if strings.HasSuffix(t.name, "Field") {
		if f := t.field(vals); f != "" {
			parts = append(parts, f)
			vals["name"] = ""
		}
	}
	for _, k := range keptAttrs {
		v := vals[k]
		if v == "" {
			continue
		}
		switch k {
		case "name":
			v = "`" + strings.ReplaceAll(v, "`", "") + "`"
		case "file":
			if vals["title"] != "" || vals["name"] != "" {
				continue // the title says it; file names of titled tabs are noise
			}
		}
		parts = append(parts, v)
	}
	if len(t.data) > 0 {
		// Lists start on their own line, after any title.
		s := strings.Join(parts, " ")
		if s != "" {
			s += "\n\n"
		}
		return s + strings.Join(t.data, "\n\n")
	}
	return strings.Join(parts, " ")
}

// fieldNameAttrs are the attributes that name an API field: Mintlify's
// <ParamField path|query|body|header="id"> and <ResponseField name="id">.
var fieldNameAttrs = []string{"name", "path", "query", "body", "header", "param"}

// field renders an API field component the way dataText renders a record:
// "`email` (`string`, required, default: none)", or "" when it names no field.
func (t tag) field(vals map[string]string) string {
	name := ""
	for _, k := range fieldNameAttrs {
		if name = vals[k]; name != "" {
			break
		}
	}
	if name == "" {
		return ""
	}
	var about []string
	if typ := vals["type"]; typ != "" {
		about = append(about, "`"+strings.ReplaceAll(typ, "`", "")+"`")
	}
	if slices.Contains(t.flags, "required") || vals["required"] == "true" {
		about = append(about, "required")
	}
	if d := vals["default"]; d != "" {
		about = append(about, "default: "+d)
	}
	s := "`" + strings.ReplaceAll(name, "`", "") + "`"
	if len(about) > 0 {
		s += " (" + strings.Join(about, ", ") + ")"
	}
	return s
}

// parseTag parses a JSX/HTML tag at src[i] == '<': an opening, closing or
// self-closing tag, possibly spanning lines, with string, bare or {expression}
// attribute values. It reports false when src[i:] is not a tag. A tag spans
// at most maxTag bytes besides its object and array literal attributes,
// which may run longer while *budget (bytes, spent by scanning) lasts.
func parseTag(src []byte, i int, budget *int) (tag, bool) {
	var t tag
	long := 0             // bytes of literal attributes scanned beyond maxTag
	var literals [][]byte // the component's object and array literal attributes
	j := i + 1
	if j < len(src) && src[j] == '/' {
		t.closing = true
		j++
	}
	n := j
	for n < len(src) && (isWordByte(src[n]) || src[n] == '.' || src[n] == '-' || src[n] == ':') {
		n++
	}
	t.name = string(src[j:n])
	if t.name != "" && !(src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
		return t, false
	}
	j = n
	for j < len(src) && j-i-long < maxTag {
		j = skipSpace(src, j)
		if j >= len(src) {
			return t, false
		}
		switch c := src[j]; {
		case c == '>':
			t.end = j + 1
			t.renderData(literals)
			return t, true
		case c == '/' && j+1 < len(src) && src[j+1] == '>':
			t.selfClosing = true
			t.end = j + 2
			t.renderData(literals)
			return t, true
		case c == '{': // spread or expression attribute: {...props}
			e := skipBraces(src, j)
			if e < 0 {
				return t, false
			}
			j = e
		case isWordByte(c) || c == '@' || c == ':':
			k := j
			for k < len(src) && (isWordByte(src[k]) || strings.IndexByte("-:.@", src[k]) >= 0) {
				k++
			}
			key := string(src[j:k])
			k = skipSpace(src, k)
			if k < len(src) && src[k] == '=' {
				k = skipSpace(src, k+1)
				if k >= len(src) {
					return t, false
				}
				switch q := src[k]; q {
				case '"', '\'':
					e := bytes.IndexByte(src[k+1:], q)
					if e < 0 {
						return t, false
					}
					val := string(src[k+1 : k+1+e])
					t.attrs = append(t.attrs, [2]string{key, val})
					if key == "href" || key == "src" {
						t.links = append(t.links, val)
					}
					k += e + 2
				case '{':
					e := skipBraces(src, k)
					lit := isLiteralStart(src, k)
					if e < 0 && lit && *budget > 0 {
						e = skipBracesN(src, k, *budget)
						if e < 0 {
							*budget -= min(*budget, len(src)-k)
						} else {
							*budget -= e - k
							long += e - k
						}
					}
					if e < 0 {
						return t, false
					}
					if v, ok := stringExpr(src[k+1 : e-1]); ok {
						t.attrs = append(t.attrs, [2]string{key, v})
					} else if lit && isComponent(t.name) && key == "items" && isTabGroup(t.name) {
						t.items = stringItems(src[k+1 : e-1])
					} else if lit && isComponent(t.name) && key != "style" {
						literals = append(literals, src[k+1:e-1])
					}
					k = e
				default:
					return t, false
				}
			} else {
				t.flags = append(t.flags, key) // a bare attribute: <ParamField required>
			}
			j = k
		default:
			return t, false
		}
	}
	return t, false
}

func skipSpace(src []byte, j int) int {
	for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
		j++
	}
	return j
}

// maxTag is how far a tag or an expression is looked for, in bytes (see
// parseTag for the exception).
const maxTag = 4096

// skipBraces returns the index after the '}' balancing src[j] == '{',
// honouring string literals, or -1 (also when it is more than maxTag bytes
// away).
func skipBraces(src []byte, j int) int { return skipBracesN(src, j, maxTag) }

// skipBracesN is skipBraces looking at most limit bytes ahead.
func skipBracesN(src []byte, j, limit int) int {
	depth := 0
	for k := j; k < len(src) && k-j < limit; k++ {
		switch c := src[k]; c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return k + 1
			}
		case '"', '\'', '`':
			e := closingQuote(src, k+1, c)
			if e < 0 {
				return -1
			}
			k = e
		}
	}
	return -1
}

// closingQuote returns the index of the quote q that ends the string literal
// starting at src[i], past backslash escapes ('it\'s'), or -1.
func closingQuote(src []byte, i int, q byte) int {
	for i < len(src) {
		e := bytes.IndexByte(src[i:], q)
		if e < 0 {
			return -1
		}
		i += e
		n := 0 // backslashes before the quote
		for n < i && src[i-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return i
		}
		i++
	}
	return -1
}

// isStringExpr reports whether src[i:] starts with a JSX expression that is
// a lone string literal, such as {' '}.
func isStringExpr(src []byte, i int) bool {
	end := skipBraces(src, i)
	if end < 0 || end-i > 200 {
		return false
	}
	_, ok := stringExpr(src[i+1 : end-1])
	return ok
}

// stringExpr returns the value of a JSX expression that is a plain string
// literal ({"x"} or {`x`}).
func stringExpr(e []byte) (string, bool) {
	e = bytes.TrimSpace(e)
	if len(e) >= 2 && (e[0] == '"' || e[0] == '\'' || e[0] == '`') && e[len(e)-1] == e[0] &&
		bytes.IndexByte(e[1:len(e)-1], e[0]) < 0 {
		return string(e[1 : len(e)-1]), true
	}
	return "", false
}

// isLiteralStart reports whether the expression at src[j] == '{' starts with
// an object or array literal ({[...]} or {{...}}).
func isLiteralStart(src []byte, j int) bool {
	k := skipSpace(src, j+1)
	return k < len(src) && (src[k] == '[' || src[k] == '{')
}

// isComponent reports whether a tag name is a JSX component (capitalised or
// dotted), whose literal attributes may be data; an HTML element's are
// styles and props.
func isComponent(name string) bool {
	return name != "" && (name[0] >= 'A' && name[0] <= 'Z' || strings.Contains(name, "."))
}

// renderData renders the literal attributes that hold records (see
// dataText) into t.data.
func (t *tag) renderData(literals [][]byte) {
	for _, e := range literals {
		if v, ok := parseJSLiteral(e); ok && v.hasRecord() {
			if s := dataText(v); s != "" {
				t.data = append(t.data, s)
			}
		}
	}
}

// tableRow reports whether a line (up to some point) is a row of a pipe
// table: it starts with '|'.
func tableRow(line []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("|"))
}
