package web

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders the Markdown of docs (and of the evaluation reports) to
// HTML that is safe to put in a page: goldmark escapes text and drops
// dangerous link schemes; raw HTML, which goldmark would pass through or
// drop, is shown as text instead (a doc about <script> tags shows them);
// fenced code is highlighted; links to other docs pages open their page
// view. Safe for concurrent use.
type markdown struct {
	md goldmark.Markdown
}

// newMarkdown returns a renderer. details keeps <details> and <summary>
// tags of raw HTML (the evaluation reports fold their long tables with
// them); every other tag is shown as text. Only our own committed files are
// rendered with details set.
func newMarkdown(details bool) *markdown {
	return &markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(docLinks{}, 100))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{details: details}, 100))),
	)}
}

// HTML renders md; it never fails on any input (a goldmark error, which
// only a failing writer causes, yields the escaped source).
func (m *markdown) HTML(md string) template.HTML {
	var b bytes.Buffer
	if err := m.md.Convert([]byte(md), &b); err != nil {
		return template.HTML("<pre>" + template.HTMLEscapeString(md) + "</pre>")
	}
	return template.HTML(b.String()) //nolint:gosec // goldmark's output with raw HTML escaped (nodeRenderer)
}

// docLinks points links to docs paths ("/sso/index#get-started") at their
// page view, so that links between pages stay inside the web page.
type docLinks struct{}

func (docLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			dest := string(l.Destination)
			if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") {
				path, anchor, _ := strings.Cut(dest, "#")
				path, _, _ = strings.Cut(path, "?")
				l.Destination = []byte(pageURL(strings.Trim(path, "/"), anchor))
			}
		}
		return ast.WalkContinue, nil
	})
}

// nodeRenderer renders the nodes docseek shows differently from goldmark:
// raw HTML as text, and code blocks highlighted.
type nodeRenderer struct {
	details bool
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
	reg.Register(ast.KindImage, r.image)
}

// image shows an image of this site (a report's chart) in place, and one
// from elsewhere as a link to it: the page loads nothing from other sites
// (its CSP would refuse it anyway).
func (r *nodeRenderer) image(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.Image)
	dest := util.URLEscape(n.Destination, true)
	if html.IsDangerousURL(dest) {
		dest = nil
	}
	var alt strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		switch t := c.(type) {
		case *ast.Text:
			if entering {
				alt.Write(t.Segment.Value(source))
			}
		case *ast.String:
			if entering {
				alt.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	src, text := string(util.EscapeHTML(dest)), template.HTMLEscapeString(alt.String())
	if d := string(n.Destination); strings.Contains(d, ":") || strings.HasPrefix(d, "//") {
		if text == "" {
			text = "image"
		}
		_, _ = w.WriteString(`<a class="image-link" href="` + src + `" rel="noopener noreferrer">[image: ` + text + `]</a>`)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="` + src + `" alt="` + text + `">`)
	return ast.WalkSkipChildren, nil
}

// foldTags are the only tags a details renderer keeps, as escaped.
var foldTags = strings.NewReplacer(
	"&lt;details&gt;", "<details>", "&lt;/details&gt;", "</details>",
	"&lt;summary&gt;", "<summary>", "&lt;/summary&gt;", "</summary>")

func (r *nodeRenderer) htmlBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	var b strings.Builder
	if entering {
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			b.Write(seg.Value(source))
		}
	} else if n.HasClosure() {
		b.Write(n.ClosureLine.Value(source))
	}
	if b.Len() == 0 {
		return ast.WalkContinue, nil
	}
	esc := template.HTMLEscapeString(b.String())
	if r.details {
		_, _ = w.WriteString(foldTags.Replace(esc))
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<pre class="raw-html">` + esc + "</pre>\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) rawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		_, _ = w.WriteString(`<code class="raw-html">` + template.HTMLEscapeString(string(seg.Value(source))) + `</code>`)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) codeBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	lang := ""
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		lang = string(f.Language(source))
	}
	var code strings.Builder
	for i := range node.Lines().Len() {
		seg := node.Lines().At(i)
		code.Write(seg.Value(source))
	}
	_, _ = w.WriteString("<pre class=\"code\"")
	if lang != "" {
		_, _ = w.WriteString(` data-lang="` + template.HTMLEscapeString(lang) + `"`)
	}
	_, _ = w.WriteString("><code>" + highlight(lang, code.String()) + "</code></pre>\n")
	return ast.WalkSkipChildren, nil
}
