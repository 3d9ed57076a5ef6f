package corpus

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// The invariants every chunked page must hold, shared by the fixture, real
// corpus and fuzz tests. Each returns a description of the first violations.

// checkChunks verifies a page's chunks: ids unique, anchors unique within the
// page, every chunk within the window and with its code fences closed, hashes and token counts consistent,
// and every word of the page (title, description, headings, section text)
// present in some chunk's EmbedText.
func checkChunks(p *Page, chunks []Chunk) []string {
	var errs []string
	anchors := map[string]bool{}
	for _, s := range p.Sections {
		if anchors[s.Anchor] {
			errs = append(errs, fmt.Sprintf("%s: duplicate anchor %q", p.Path, s.Anchor))
		}
		anchors[s.Anchor] = true
	}
	// A chunk never leaves a fence open (unless the page's own text does).
	balanced := true
	for _, s := range p.Sections {
		balanced = balanced && fencesBalanced(s.Text)
	}
	ids := map[string]bool{}
	have := map[string]bool{}
	for _, c := range chunks {
		if ids[c.ID] {
			errs = append(errs, fmt.Sprintf("%s: duplicate chunk id %q", p.Path, c.ID))
		}
		ids[c.ID] = true
		if balanced && !fencesBalanced(c.Text) {
			errs = append(errs, fmt.Sprintf("%s: chunk %q leaves a code fence open", p.Path, c.ID))
		}
		e := c.EmbedText()
		if got := estimatePieces(e); got != c.Tokens || got > maxPieces {
			errs = append(errs, fmt.Sprintf("%s: chunk %q has %d pieces (Tokens %d, max %d)", p.Path, c.ID, got, c.Tokens, maxPieces))
		}
		for _, w := range proseWords(e) {
			have[w] = true
		}
	}
	want := []string{p.Title, p.Description}
	for _, s := range p.Sections {
		want = append(want, s.Heading, s.Text)
	}
	// A word too long for one chunk is cut by runes: it must then be whole in
	// the chunk texts joined in order.
	var joined strings.Builder
	for _, c := range chunks {
		joined.WriteString(strings.Join(proseWords(c.Text), ""))
	}
	missing := map[string]bool{}
	for _, t := range want {
		for _, w := range proseWords(t) {
			if !have[w] && !(estimatePieces(w) > maxPieces/4 && strings.Contains(joined.String(), w)) {
				missing[w] = true
			}
		}
	}
	if len(missing) > 0 {
		errs = append(errs, fmt.Sprintf("%s: words in no chunk: %v", p.Path, keys(missing, 10)))
	}
	return errs
}

// fencesBalanced reports whether every fenced code block text opens is
// closed within it.
func fencesBalanced(text string) bool {
	var f fenceState
	for _, l := range strings.Split(text, "\n") {
		if f.inside() || f.opens([]byte(l)) {
			f.update([]byte(l))
		}
	}
	return !f.inside()
}

// checkParsed verifies the parser lost no prose: every word of the text
// goldmark sees in the (JSX-flattened) body is in the page's sections.
// Link targets, heading attribute blocks and image attributes such as
// [border=false] are markup and excluded.
func checkParsed(p *Page, body []byte) []string {
	flat, _ := flattenJSX(normalizeNewlines(body))
	md := newMarkdown()
	var src []string
	collectText(md.Parser().Parse(text.NewReader(flat)), flat, &src, md)
	have := map[string]bool{}
	for _, w := range proseWords(p.Title) {
		have[w] = true
	}
	for _, s := range p.Sections {
		for _, w := range proseWords(s.Heading + "\n" + s.Text + "\n" + s.Stack) {
			have[w] = true
		}
	}
	missing := map[string]bool{}
	for _, t := range src {
		for _, w := range proseWords(t) {
			if !have[w] {
				missing[w] = true
			}
		}
	}
	if len(missing) > 0 {
		return []string{fmt.Sprintf("%s: parsed words in no section: %v", p.Path, keys(missing, 10))}
	}
	return nil
}

// collectText appends the text of every block of the AST: the inline text
// and code of paragraphs and headings (heading attribute blocks and image
// attributes removed), and the lines of code and HTML blocks. Indented code is
// parsed again, as the walker does (MDX has no indented code).
func collectText(n ast.Node, src []byte, out *[]string, md goldmark.Markdown) {
	switch n := n.(type) {
	case *ast.CodeBlock:
		var b strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		sub := []byte(b.String())
		collectText(md.Parser().Parse(text.NewReader(sub)), sub, out, md)
		return
	case *ast.FencedCodeBlock, *ast.HTMLBlock:
		var b strings.Builder
		if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
			b.Write(f.Info.Segment.Value(src))
			b.WriteByte('\n')
		}
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		*out = append(*out, b.String())
		return
	}
	if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
		var b strings.Builder
		inlineLeaves(n, src, &b)
		t := imageAttrsRE.ReplaceAllString(b.String(), "")
		t = strings.ReplaceAll(t, imageMark, " ")
		if n.Kind() == ast.KindHeading {
			t, _ = headingAttrs(t)
		}
		*out = append(*out, t)
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		collectText(c, src, out, md)
	}
}

func inlineLeaves(n ast.Node, src []byte, b *strings.Builder) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(html.UnescapeString(string(c.Segment.Value(src))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.URL(src))
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				b.Write(seg.Value(src))
			}
		case *ast.Image:
			inlineLeaves(c, src, b)
			b.WriteString(imageMark)
		case *ast.CodeSpan, *ast.Emphasis, *east.Strikethrough: // the renderer keeps their markers: a word boundary
			b.WriteByte(' ')
			inlineLeaves(c, src, b)
			b.WriteByte(' ')
		default:
			inlineLeaves(c, src, b)
		}
	}
}

func keys(m map[string]bool, n int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) > n {
		out = append(out[:n], "...")
	}
	return out
}
