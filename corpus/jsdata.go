package corpus

import (
	"bytes"
	"strings"
)

// Data attributes: MDX property tables (`<PropertiesTable content={[{ name:
// 'model', type: 'string', description: '...' }]} />`, `<TypeTable type={{
// model: { type: 'string', description: '...' } }} />`) hold a page's
// parameter docs as a JavaScript object or array literal in an attribute.
// Dropping the expression loses them, and copying it keeps JavaScript syntax
// that drowns the text; dataText renders such a literal as a markdown list,
// one item per record.

// jsValue is a parsed JavaScript literal: a string (strings joined with +
// included), an object, an array, or any other expression kept as its source
// text (numbers, true, identifiers, calls).
type jsValue struct {
	kind jsKind
	text string    // jsString, jsOther
	keys []string  // jsObject, in source order
	vals []jsValue // jsObject values, jsArray items
}

type jsKind int

const (
	jsOther jsKind = iota
	jsString
	jsObject
	jsArray
)

// maxDataDepth bounds the nesting parseJS follows; deeper literals are kept
// as source text.
const maxDataDepth = 32

// jsParser is a tolerant parser for object and array literals.
type jsParser struct {
	s     []byte
	i     int
	depth int
}

// parseJSLiteral parses e (the inside of a JSX expression attribute) when it
// is an object or array literal; ok is false for anything else.
func parseJSLiteral(e []byte) (jsValue, bool) {
	p := &jsParser{s: e}
	p.space()
	if p.i >= len(p.s) || (p.s[p.i] != '{' && p.s[p.i] != '[') {
		return jsValue{}, false
	}
	v, ok := p.value()
	if !ok {
		return jsValue{}, false
	}
	p.space()
	return v, ok && p.i == len(p.s)
}

// space skips white space and comments.
func (p *jsParser) space() {
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.i++
		case c == '/' && p.i+1 < len(p.s) && p.s[p.i+1] == '/':
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		case c == '/' && p.i+1 < len(p.s) && p.s[p.i+1] == '*':
			end := bytes.Index(p.s[p.i+2:], []byte("*/")) // no copy: a body of comments stays linear
			if end < 0 {
				p.i = len(p.s)
				return
			}
			p.i += end + 4
		default:
			return
		}
	}
}

func (p *jsParser) value() (jsValue, bool) {
	p.space()
	if p.i >= len(p.s) {
		return jsValue{}, false
	}
	switch c := p.s[p.i]; c {
	case '{', '[':
		if p.depth >= maxDataDepth {
			return p.other()
		}
		p.depth++
		defer func() { p.depth-- }()
		if c == '{' {
			return p.object()
		}
		return p.array()
	case '\'', '"', '`':
		return p.str()
	default:
		return p.other()
	}
}

// str parses one string literal, or several joined with +.
func (p *jsParser) str() (jsValue, bool) {
	var b strings.Builder
	for {
		q := p.s[p.i]
		j := p.i + 1
		for ; j < len(p.s) && p.s[j] != q; j++ {
			if p.s[j] == '\\' && j+1 < len(p.s) {
				j++
			}
		}
		if j >= len(p.s) {
			return jsValue{}, false
		}
		b.WriteString(jsUnescape(string(p.s[p.i+1 : j])))
		p.i = j + 1
		save := p.i
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '+' {
			p.i++
			p.space()
			if p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"' || p.s[p.i] == '`') {
				continue
			}
		}
		p.i = save
		return jsValue{kind: jsString, text: b.String()}, true
	}
}

// jsUnescape resolves the escapes prose uses (\' \" \` \\ \n); others keep
// their backslash.
func jsUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '\'', '"', '`', '\\', '$':
				b.WriteByte(s[i+1])
				i++
				continue
			case 'n':
				b.WriteByte(' ')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// other consumes an expression up to the next , ] } or ) at its own depth
// and keeps its source text.
func (p *jsParser) other() (jsValue, bool) {
	start := p.i
	depth := 0
	for p.i < len(p.s) {
		switch c := p.s[p.i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return p.otherValue(start)
			}
			depth--
		case ',':
			if depth == 0 {
				return p.otherValue(start)
			}
		case '\'', '"', '`':
			j := p.i + 1
			for ; j < len(p.s) && p.s[j] != c; j++ {
				if p.s[j] == '\\' {
					j++
				}
			}
			if j >= len(p.s) {
				return jsValue{}, false
			}
			p.i = j
		}
		p.i++
	}
	if depth != 0 {
		return jsValue{}, false
	}
	return p.otherValue(start)
}

func (p *jsParser) otherValue(start int) (jsValue, bool) {
	t := strings.Join(strings.Fields(string(p.s[start:p.i])), " ")
	return jsValue{kind: jsOther, text: t}, t != ""
}

func (p *jsParser) object() (jsValue, bool) {
	v := jsValue{kind: jsObject}
	p.i++ // {
	for {
		p.space()
		if p.i >= len(p.s) {
			return jsValue{}, false
		}
		if p.s[p.i] == '}' {
			p.i++
			return v, true
		}
		if p.s[p.i] == '.' { // ...spread
			if _, ok := p.other(); !ok {
				return jsValue{}, false
			}
		} else {
			key, ok := p.key()
			if !ok {
				return jsValue{}, false
			}
			p.space()
			var val jsValue
			if p.i < len(p.s) && p.s[p.i] == ':' {
				p.i++
				if val, ok = p.value(); !ok {
					return jsValue{}, false
				}
			} else { // shorthand { name }
				val = jsValue{kind: jsOther, text: key}
			}
			v.keys = append(v.keys, key)
			v.vals = append(v.vals, val)
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
		} else if p.i >= len(p.s) || p.s[p.i] != '}' {
			return jsValue{}, false
		}
	}
}

func (p *jsParser) key() (string, bool) {
	if c := p.s[p.i]; c == '\'' || c == '"' {
		k, ok := p.str()
		return k.text, ok
	}
	start := p.i
	for p.i < len(p.s) && (isWordByte(p.s[p.i]) || p.s[p.i] == '$') {
		p.i++
	}
	return string(p.s[start:p.i]), p.i > start
}

func (p *jsParser) array() (jsValue, bool) {
	v := jsValue{kind: jsArray}
	p.i++ // [
	for {
		p.space()
		if p.i >= len(p.s) {
			return jsValue{}, false
		}
		if p.s[p.i] == ']' {
			p.i++
			return v, true
		}
		item, ok := p.value()
		if !ok {
			return jsValue{}, false
		}
		v.vals = append(v.vals, item)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
		} else if p.i >= len(p.s) || p.s[p.i] != ']' {
			return jsValue{}, false
		}
	}
}

// Keys of a record, by role. The first one present names the record: an
// identifier (in code) or else a title. Link targets are not text.
var (
	dataNameKeys  = []string{"name", "key", "prop", "property", "param", "parameter", "field", "id"}
	dataTitleKeys = []string{"title", "label", "heading"}
	dataTypeKeys  = []string{"type"}
	dataDescKeys  = []string{"description", "desc", "summary", "details", "content", "text"}
	dataLinkKeys  = map[string]bool{"href": true, "url": true, "link": true, "src": true, "to": true}
)

// hasRecord reports whether v holds an object with a string value: data a
// reader needs, unlike a list of option names (`items={['npm', 'yarn']}`).
func (v jsValue) hasRecord() bool {
	switch v.kind {
	case jsObject:
		for _, c := range v.vals {
			if c.kind == jsString || c.hasRecord() {
				return true
			}
		}
	case jsArray:
		for _, c := range v.vals {
			if c.hasRecord() {
				return true
			}
		}
	}
	return false
}

// stringItems returns the strings of an array literal of strings (a tab
// group's `items={['npm', 'yarn']}`), or nil when e is anything else.
func stringItems(e []byte) []string {
	v, ok := parseJSLiteral(e)
	if !ok || v.kind != jsArray {
		return nil
	}
	items := make([]string, 0, len(v.vals))
	for _, c := range v.vals {
		if c.kind != jsString {
			return nil
		}
		items = append(items, strings.Join(strings.Fields(c.text), " "))
	}
	return items
}

// dataText renders a parsed literal as a markdown list: each record on one
// line ("- `name` (`type`, key: value): description"), its nested records
// indented under it. An object whose values are all objects is a map of
// records named by their keys.
func dataText(v jsValue) string {
	var lines []string
	renderData(v, "", "", &lines)
	return strings.Join(lines, "\n")
}

func renderData(v jsValue, name, indent string, lines *[]string) {
	switch v.kind {
	case jsArray:
		for _, c := range v.vals {
			renderData(c, "", indent, lines)
		}
	case jsObject:
		if name == "" && v.isMap() {
			for i, k := range v.keys {
				renderData(v.vals[i], k, indent, lines)
			}
			return
		}
		renderRecord(v, name, indent, lines)
	default:
		if t := jsScalar(v); t != "" {
			*lines = append(*lines, indent+"- "+foldSpace(t))
		}
	}
}

// isMap reports whether every value of an object is itself an object.
func (v jsValue) isMap() bool {
	for _, c := range v.vals {
		if c.kind != jsObject {
			return false
		}
	}
	return len(v.vals) > 0
}

func renderRecord(v jsValue, name, indent string, lines *[]string) {
	used := map[int]bool{}
	pick := func(keys []string) string {
		for _, k := range keys {
			for i, have := range v.keys {
				if have == k && !used[i] && v.vals[i].kind == jsString {
					used[i] = true
					return foldSpace(v.vals[i].text)
				}
			}
		}
		return ""
	}
	code := true // the name is an identifier
	if name == "" {
		name = pick(dataNameKeys)
	}
	if name == "" {
		name, code = pick(dataTitleKeys), false
	}
	typ := pick(dataTypeKeys)
	desc := pick(dataDescKeys)
	var extra []string
	var nested []int
	for i, k := range v.keys {
		c := v.vals[i]
		if used[i] || (dataLinkKeys[k] && c.kind == jsString) {
			continue
		}
		switch {
		case c.kind == jsObject || (c.kind == jsArray && c.hasRecord()):
			nested = append(nested, i)
		case c.kind == jsArray:
			if items := scalars(c, nil); len(items) > 0 {
				extra = append(extra, k+": "+strings.Join(items, ", "))
			}
		case c.kind == jsOther && c.text == "true":
			extra = append(extra, k) // a flag: isOptional
		default:
			if t := jsScalar(c); t != "" {
				extra = append(extra, k+": "+foldSpace(t))
			}
		}
	}
	var head []string
	switch {
	case name != "" && code:
		head = append(head, codeSpan(name))
	case name != "":
		head = append(head, name)
	}
	if typ != "" {
		if name == "" {
			head = append(head, codeSpan(typ))
		} else {
			extra = append([]string{codeSpan(typ)}, extra...)
		}
	}
	line := strings.Join(head, " ")
	if len(extra) > 0 {
		if line == "" {
			line = strings.Join(extra, ", ")
		} else {
			line += " (" + strings.Join(extra, ", ") + ")"
		}
	}
	switch {
	case desc != "" && line != "":
		line += ": " + desc
	case desc != "":
		line = desc
	}
	sub := indent
	if line != "" {
		*lines = append(*lines, indent+"- "+line)
		sub = indent + "  "
	}
	for _, i := range nested {
		renderData(v.vals[i], "", sub, lines)
	}
}

// scalars appends the text of every scalar in v (arrays nested in arrays
// included).
func scalars(v jsValue, out []string) []string {
	if t := jsScalar(v); t != "" {
		return append(out, foldSpace(t))
	}
	for _, c := range v.vals {
		out = scalars(c, out)
	}
	return out
}

// jsScalar is the text of a string or other expression ("" for objects
// and arrays).
func jsScalar(v jsValue) string {
	if v.kind == jsString || v.kind == jsOther {
		return strings.TrimSpace(v.text)
	}
	return ""
}

// codeSpan wraps s in backticks, longer than any run inside.
func codeSpan(s string) string {
	tick := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return tick + " " + s + " " + tick
	}
	return tick + s + tick
}

// foldSpace collapses runs of white space, line breaks included, to one space.
func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
