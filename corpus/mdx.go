package corpus

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// newMarkdown returns the goldmark parser for MDX bodies (after flattenJSX):
// CommonMark plus GFM tables, strikethrough and definition lists. MDX has no
// indented code blocks (indentation there is nesting inside components): the
// walker parses the content of any indented code block again as markdown.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.DefinitionList),
	)
}

// parsedBody is the result of parsing one page body.
type parsedBody struct {
	sections []Section // Sections[0] is the intro
	links    []string
	h1       string // text of a leading H1 used as the title, if any
	steps    int    // nodes rendered, a measure of the work done (tests)
}

// parseBody parses an MDX/Markdown body into heading-scoped sections. title is
// the page title for breadcrumbs ("" lets a leading H1 become it).
func parseBody(md goldmark.Markdown, body []byte, title string) parsedBody {
	flat, links := flattenJSX(body)
	flat = clampNesting(flat)
	doc := md.Parser().Parse(text.NewReader(flat))
	w := &walker{md: md, src: flat, slugs: newSlugger(), title: title, links: links, headings: map[ast.Node]bool{}}
	w.sections = []*sectionBuilder{{sec: Section{Breadcrumb: []string{title}}}}
	w.cur = w.sections[0]
	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		t, _ := headingAttrs(w.inline(h))
		switch {
		case title == "":
			w.title, w.h1 = t, t
			w.sections[0].sec.Breadcrumb = []string{t}
			doc.RemoveChild(doc, h)
		case sameWords(t, title):
			// The title again ("# Chatbot" under "title: Chatbot"): as a
			// section it would put every breadcrumb under the title twice
			// and leave the intro with no text.
			doc.RemoveChild(doc, h)
		}
	}
	w.flow(doc, "")
	out := parsedBody{links: w.links, h1: w.h1, steps: w.steps}
	for _, sb := range w.sections {
		sb.sec.Text = strings.Join(sb.blocks, "\n\n")
		out.sections = append(out.sections, sb.sec)
	}
	return out
}

type sectionBuilder struct {
	sec     Section
	blocks  []string
	lastImg bool // the last block is a paragraph of images only
}

// walker turns the AST into sections of clean markdown.
type walker struct {
	md       goldmark.Markdown
	src      []byte
	slugs    *slugger
	title    string
	links    []string
	h1       string
	sections []*sectionBuilder
	cur      *sectionBuilder
	open     []*sectionBuilder // enclosing headings, outermost first
	depth    int               // containers being rendered by block
	headings map[ast.Node]bool // memo of containsHeading
	steps    int               // nodes rendered (block calls and flatText visits)
}

// maxNesting is how many containers (lists, items, quotes) deep block renders
// with markers and indentation; anything deeper is rendered as plain lines
// (flatText). Every level copies the text beneath it once, so without a cap
// a deeply nested input costs depth x size.
const maxNesting = 16

func (w *walker) emit(block string) {
	if strings.TrimSpace(block) != "" {
		w.cur.blocks = append(w.cur.blocks, block)
		w.cur.lastImg = false
	}
}

// emitNode renders and emits a block node, keeping image alt text once.
func (w *walker) emitNode(n ast.Node) {
	w.cur.blocks = appendBlock(w.cur.blocks, &w.cur.lastImg, w.block(n), w.imageOnly(n))
}

// appendBlock appends block s (img: a paragraph of images only) to blocks,
// keeping an image's alt text once: an image whose alt text the block before
// already says is dropped, and one that the next block says again (a caption
// written as alt text and as a paragraph) gives way to it.
func appendBlock(blocks []string, lastImg *bool, s string, img bool) []string {
	if strings.TrimSpace(s) == "" {
		return blocks
	}
	if n := len(blocks); n > 0 {
		switch {
		case img && saysAgain(blocks[n-1], s):
			return blocks
		case *lastImg && !img && saysAgain(s, blocks[n-1]):
			blocks = blocks[:n-1]
		}
	}
	*lastImg = img
	return append(blocks, s)
}

// saysAgain reports whether text holds every word of alt, in order and
// together (case and punctuation aside).
func saysAgain(text, alt string) bool {
	a := strings.Join(proseWords(alt), " ")
	return a != "" && strings.Contains(" "+strings.Join(proseWords(text), " ")+" ", " "+a+" ")
}

// imageOnly reports whether n is a paragraph of images only (with their
// optional [attr=value] blocks), so its text is alt text.
func (w *walker) imageOnly(n ast.Node) bool {
	if n.Kind() != ast.KindParagraph {
		return false
	}
	img := false
	var rest strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			img = true
			rest.WriteString(imageMark)
		case *ast.Text:
			rest.Write(c.Segment.Value(w.src))
		default:
			return false
		}
	}
	left := imageAttrsRE.ReplaceAllString(rest.String(), "")
	return img && strings.TrimSpace(strings.ReplaceAll(left, imageMark, "")) == ""
}

// flow handles the block children of a container: headings open sections,
// lists holding headings or stack markers are flattened into the flow.
func (w *walker) flow(parent ast.Node, stack string) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			w.heading(n, stack)
		case *ast.ThematicBreak:
		case *ast.CodeBlock:
			w.reparse(n, func(doc ast.Node) { w.flow(doc, stack) })
		case *ast.List:
			if !w.flattenList(n) {
				w.emit(w.block(n))
				continue
			}
			base := w.cur
			for item := n.FirstChild(); item != nil; item = item.NextSibling() {
				w.listItem(item, stack, base)
			}
		default:
			w.emitNode(n)
		}
	}
}

// listItem flattens one item of a list that holds headings or stack markers.
// base is the section that was current when the list began: content of a
// stack item goes back there when the current section belongs to another
// stack (the previous item's "### Protected routes" for Next.js is no home
// for Remix setup text).
func (w *walker) listItem(item ast.Node, stack string, base *sectionBuilder) {
	marker, label := itemMarker(w, item)
	if marker == "" && label == "" && !w.containsHeading(item) {
		w.emit(w.block(item))
		return
	}
	if marker != "" {
		if w.cur.sec.Stack != "" && w.cur.sec.Stack != stack && !stacksOverlap(w.cur.sec.Stack, marker) {
			w.cur = base
		}
		stack = marker
		if _, ok := item.FirstChild().(*ast.Heading); !ok {
			w.emit("_" + stackLabel(marker) + "_")
		}
	} else if label != "" {
		w.emit("**" + label + "**")
	}
	w.flow(item, stack)
}

// heading opens a new section.
func (w *walker) heading(h *ast.Heading, stack string) {
	headText, url := headingAttrs(w.inline(h))
	base := url
	if base == "" {
		base = slugify(headText)
	}
	for len(w.open) > 0 && w.open[len(w.open)-1].sec.Level >= h.Level {
		w.open = w.open[:len(w.open)-1]
	}
	crumb := []string{w.title}
	parent := ""
	for _, o := range w.open {
		crumb = append(crumb, o.sec.Heading)
	}
	if len(w.open) > 0 {
		parent = w.open[len(w.open)-1].sec.Anchor
	}
	sb := &sectionBuilder{sec: Section{
		Anchor:     w.slugs.unique(base),
		Heading:    headText,
		Level:      h.Level,
		Breadcrumb: append(crumb, headText),
		Parent:     parent,
		Stack:      stack,
	}}
	w.sections = append(w.sections, sb)
	w.open = append(w.open, sb)
	w.cur = sb
}

var stackMarkerRE = regexp.MustCompile(`^\$\s+([A-Za-z_][\w-]*\s*=\s*"[^"\n]*"(?:\s*,?\s*[A-Za-z_][\w-]*\s*=\s*"[^"\n]*")*)\s*(?:\n|$)`)

// itemMarker reports a list item's stack marker (`frontend="nextjs"`) or tab
// label ("| Using organization ID"), removing it from the item's first
// paragraph so it never reaches the text.
func itemMarker(w *walker, item ast.Node) (marker, label string) {
	first := item.FirstChild()
	if first == nil || (first.Kind() != ast.KindParagraph && first.Kind() != ast.KindTextBlock) {
		return "", ""
	}
	txt := w.inline(first)
	if m := stackMarkerRE.FindStringSubmatch(txt); m != nil {
		rest := strings.TrimSpace(txt[len(m[0]):])
		replaceWithText(item, first, rest)
		return strings.TrimSpace(m[1]), ""
	}
	if strings.HasPrefix(txt, "| ") {
		line, rest, _ := strings.Cut(txt[2:], "\n")
		replaceWithText(item, first, strings.TrimSpace(rest))
		return "", strings.TrimSpace(line)
	}
	return "", ""
}

// replaceWithText swaps a paragraph for a raw text block holding rest (or
// removes it when rest is empty).
func replaceWithText(parent, para ast.Node, rest string) {
	if rest == "" {
		parent.RemoveChild(parent, para)
		return
	}
	parent.ReplaceChild(parent, para, &renderedBlock{text: rest})
}

// renderedBlock is an already-rendered block of markdown spliced into the AST.
type renderedBlock struct {
	ast.BaseBlock
	text string
}

var kindRenderedBlock = ast.NewNodeKind("RenderedBlock")

func (b *renderedBlock) Kind() ast.NodeKind            { return kindRenderedBlock }
func (b *renderedBlock) Dump(source []byte, level int) { ast.DumpHelper(b, source, level, nil, nil) }

// stacksOverlap reports whether two stack markers share a value:
// `frontend="nextjs, remix"` and `frontend="nextjs"` do.
func stacksOverlap(a, b string) bool {
	vals := func(m string) map[string]bool {
		out := map[string]bool{}
		for _, p := range stackPairRE.FindAllStringSubmatch(m, -1) {
			for _, v := range strings.Split(p[2], ",") {
				out[p[1]+"="+strings.TrimSpace(v)] = true
			}
		}
		return out
	}
	va := vals(a)
	for v := range vals(b) {
		if va[v] {
			return true
		}
	}
	return false
}

var stackPairRE = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"`)

// stackLabel turns `frontend="nextjs, remix"` into "frontend: nextjs, remix".
func stackLabel(marker string) string {
	var parts []string
	for _, m := range stackPairRE.FindAllStringSubmatch(marker, -1) {
		parts = append(parts, m[1]+": "+m[2])
	}
	return strings.Join(parts, "; ")
}

// flattenList reports whether a list must be flattened into the flow: one of
// its items holds a heading or starts with a stack marker or tab label.
func (w *walker) flattenList(l *ast.List) bool {
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		if w.containsHeading(item) {
			return true
		}
		f := item.FirstChild()
		if f == nil || (f.Kind() != ast.KindParagraph && f.Kind() != ast.KindTextBlock) || f.Lines().Len() == 0 {
			continue
		}
		seg := f.Lines().At(0)
		first := seg.Value(w.src)
		if len(first) > 1 && (first[0] == '$' || first[0] == '|') && first[1] == ' ' {
			return true
		}
	}
	return false
}

// containsHeading reports whether n is or holds a heading. Answers are
// memoized: nested lists ask it at every level, and walking the whole subtree
// each time would cost depth x size.
func (w *walker) containsHeading(n ast.Node) bool {
	if v, ok := w.headings[n]; ok {
		return v
	}
	found := n.Kind() == ast.KindHeading
	for c := n.FirstChild(); c != nil && !found; c = c.NextSibling() {
		found = w.containsHeading(c)
	}
	w.headings[n] = found
	return found
}

// block renders a block node as markdown.
func (w *walker) block(n ast.Node) string {
	w.steps++
	if n.HasChildren() && n.Type() == ast.TypeBlock && !isLeafBlock(n) {
		if w.depth >= maxNesting {
			return w.flatText(n)
		}
		w.depth++
		defer func() { w.depth-- }()
	}
	switch n := n.(type) {
	case *renderedBlock:
		return n.text
	case *ast.Paragraph, *ast.TextBlock:
		return w.inline(n)
	case *ast.Heading:
		t, _ := headingAttrs(w.inline(n))
		return strings.Repeat("#", n.Level) + " " + t
	case *ast.FencedCodeBlock:
		return w.fence(n)
	case *ast.CodeBlock:
		var out string
		w.reparse(n, func(doc ast.Node) { out = w.children(doc, "\n\n") })
		return out
	case *ast.Blockquote:
		return prefixLines(w.children(n, "\n\n"), "> ", "> ")
	case *ast.List:
		return w.list(n)
	case *ast.ListItem:
		return w.listItemText(n, "- ")
	case *ast.HTMLBlock:
		return strings.TrimSpace(w.lines(n))
	case *ast.ThematicBreak:
		return ""
	case *east.Table:
		return w.table(n)
	case *east.DefinitionList:
		return w.children(n, "\n")
	case *east.DefinitionTerm:
		return w.inline(n)
	case *east.DefinitionDescription:
		return prefixLines(w.children(n, "\n\n"), ": ", "  ")
	default:
		if n.Type() == ast.TypeInline {
			return w.inline(n)
		}
		return w.children(n, "\n\n")
	}
}

// isLeafBlock reports whether block n holds inline content only.
func isLeafBlock(n ast.Node) bool {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.DefinitionTerm, *east.Table:
		return true
	}
	return false
}

// flatText renders the blocks under n as plain lines, without list markers,
// quote prefixes or indentation, in one pass: the rendering of content nested
// deeper than maxNesting. No word is lost.
func (w *walker) flatText(n ast.Node) string {
	var parts []string
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		w.steps++
		switch c := c.(type) {
		case *ast.CodeBlock:
			parts = append(parts, strings.TrimRight(w.lines(c), "\n"))
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.HTMLBlock, *renderedBlock:
			parts = append(parts, w.block(c))
			return ast.WalkSkipChildren, nil
		}
		if isLeafBlock(c) {
			parts = append(parts, w.block(c))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(parts, "\n")
}

// reparse parses the content of an indented code block as markdown (MDX has
// no indented code) and hands the document to f while w.src is its source.
func (w *walker) reparse(n *ast.CodeBlock, f func(doc ast.Node)) {
	sub := []byte(w.lines(n))
	doc := w.md.Parser().Parse(text.NewReader(sub))
	saved := w.src
	w.src = sub
	f(doc)
	w.src = saved
}

func (w *walker) children(n ast.Node, sep string) string {
	var parts []string
	lastImg := false
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		parts = appendBlock(parts, &lastImg, w.block(c), w.imageOnly(c))
	}
	return strings.Join(parts, sep)
}

func (w *walker) lines(n ast.Node) string {
	var b strings.Builder
	l := n.Lines()
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		b.Write(seg.Value(w.src))
	}
	return b.String()
}

func (w *walker) fence(n *ast.FencedCodeBlock) string {
	info := ""
	if n.Info != nil {
		info = strings.TrimSpace(string(n.Info.Segment.Value(w.src)))
	}
	return fenceText(info, w.lines(n))
}

// fenceText renders a fenced code block with a fence longer than any backtick
// run inside.
func fenceText(info, code string) string {
	f := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	return f + info + "\n" + strings.TrimRight(code, "\n") + "\n" + f
}

// longestRun is the length of the longest run of c in s, in one pass (a
// fence or code span must be longer than any run inside it).
func longestRun(s string, c byte) int {
	longest := 0
	for run, i := 0, 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

func (w *walker) list(l *ast.List) string {
	sep := "\n"
	if !l.IsTight {
		sep = "\n\n"
	}
	var items []string
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "- "
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		if s := w.listItemText(item, marker); s != "" {
			items = append(items, s)
		}
	}
	return strings.Join(items, sep)
}

func (w *walker) listItemText(item ast.Node, marker string) string {
	sep := "\n\n"
	if l, ok := item.Parent().(*ast.List); ok && l.IsTight {
		sep = "\n"
	}
	body := w.children(item, sep) // once: rendering twice doubled the work per nesting level
	if strings.TrimSpace(body) == "" {
		return ""
	}
	return prefixLines(body, marker, strings.Repeat(" ", len(marker)))
}

// prefixLines prefixes the first line with first and the others with rest
// (blank lines stay blank).
func prefixLines(s, first, rest string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		switch {
		case i == 0:
			lines[i] = first + l
		case strings.TrimSpace(l) == "":
			lines[i] = strings.TrimRight(rest, " ")
		default:
			lines[i] = rest + l
		}
	}
	return strings.Join(lines, "\n")
}

func (w *walker) table(t *east.Table) string {
	var rows []string
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cell := strings.ReplaceAll(w.inline(c), "\n", " ")
			cell = strings.ReplaceAll(strings.ReplaceAll(cell, `\|`, "|"), "|", `\|`)
			cells = append(cells, cell)
		}
		rows = append(rows, "| "+strings.Join(cells, " | ")+" |")
		if _, isHeader := r.(*east.TableHeader); isHeader {
			rows = append(rows, "|"+strings.Repeat(" --- |", len(cells)))
		}
	}
	return strings.Join(rows, "\n")
}

// mdxUnescaper drops the backslash of the escapes MDX needs in prose (\{ and
// \} are not expressions, \< and \> not tags); markdown escapes such as \*
// stay, as the text is markdown.
var mdxUnescaper = strings.NewReplacer(`\{`, "{", `\}`, "}", `\<`, "<", `\>`, ">")

const imageMark = "\x00img\x00"

var imageGlueRE = regexp.MustCompile("\x00img\x00" + `([^\s\x00])`)

var imageAttrsRE = regexp.MustCompile("\x00img\x00" + `\[[A-Za-z-]+=[^\]\n]*\]`)

// inline renders the inline content of n as markdown: emphasis and code are
// kept, links keep their text (targets go to the page's links), images their
// alt text.
func (w *walker) inline(n ast.Node) string {
	var b strings.Builder
	w.inlineTo(&b, n)
	s := imageAttrsRE.ReplaceAllString(b.String(), "")
	s = imageGlueRE.ReplaceAllString(s, " $1") // alt text never glues onto the next word
	s = strings.ReplaceAll(s, imageMark, "")
	return strings.TrimSpace(s)
}

func (w *walker) inlineTo(b *strings.Builder, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(mdxUnescaper.Replace(html.UnescapeString(string(c.Segment.Value(w.src))))) // &rarr; -> →
			if c.HardLineBreak() || c.SoftLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			var code strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					code.Write(tx.Segment.Value(w.src))
				} else if s, ok := t.(*ast.String); ok {
					code.Write(s.Value)
				}
			}
			tick := "`"
			if strings.Contains(code.String(), "`") {
				tick = "``"
			}
			b.WriteString(tick + code.String() + tick)
		case *ast.Emphasis:
			m := strings.Repeat("*", c.Level)
			b.WriteString(m)
			w.inlineTo(b, c)
			b.WriteString(m)
		case *ast.Link:
			w.links = append(w.links, string(c.Destination))
			w.inlineTo(b, c)
		case *ast.AutoLink:
			u := string(c.URL(w.src))
			w.links = append(w.links, u)
			b.WriteString(u)
		case *ast.Image:
			w.inlineTo(b, c)
			b.WriteString(imageMark)
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				b.Write(seg.Value(w.src))
			}
		case *east.Strikethrough:
			b.WriteString("~~")
			w.inlineTo(b, c)
			b.WriteString("~~")
		case *east.TaskCheckBox:
			if c.IsChecked {
				b.WriteString("[x] ")
			} else {
				b.WriteString("[ ] ")
			}
		default:
			w.inlineTo(b, c)
		}
	}
}

// sameWords reports whether a and b say the same words, case and
// punctuation aside ("`useChat`" and "useChat").
func sameWords(a, b string) bool {
	return slices.Equal(proseWords(a), proseWords(b))
}
