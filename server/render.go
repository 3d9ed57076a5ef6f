package server

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// minResultChars is the least text worth showing for one result; below it,
// fewer results are shown rather than many empty ones.
const minResultChars = 300

// hit is one result to render, with its fetch target and the library it
// came from (Library "" when the answer need not name it).
type hit struct {
	retrieval.Result
	target string
	src    source
}

// source names the library an answer came from.
type source struct {
	Library  string `json:"library" jsonschema:"the library (doc set) the section belongs to"`
	Version  string `json:"version" jsonschema:"the library's version"`
	DocsDate string `json:"docs_date,omitempty" jsonschema:"when the library's docs were published (YYYY-MM-DD)"`
}

func (s source) String() string {
	out := strings.TrimSpace(s.Library + " " + s.Version)
	if s.DocsDate != "" {
		out += " (docs of " + s.DocsDate + ")"
	}
	return out
}

// hitsOf wraps the results of one index.
func hitsOf(rs []retrieval.Result, src source) []hit {
	out := make([]hit, len(rs))
	for i, r := range rs {
		out[i] = hit{Result: r, target: target(r.Path, r.Anchor), src: src}
	}
	return out
}

// renderAsk writes the markdown answer and the structured output for the
// results of one question, within maxTokens. When the results name their
// library, the answer says which libraries (and versions and docs dates)
// it came from, and each result does when several libraries were searched
// (searched) or the results span several.
func renderAsk(q string, mode retrieval.Mode, results []hit, maxTokens, searched int) (string, AskOutput) {
	out := AskOutput{Question: q, Mode: string(mode), Results: []AskResult{}}
	var sources []source
	for _, r := range results {
		if r.src.Library != "" && !slices.Contains(sources, r.src) {
			sources = append(sources, r.src)
		}
	}
	out.Sources = sources
	if len(results) == 0 {
		hint := "Try other words (product names, API or event names), or use list to browse the docs tree."
		out.Notes = []string{"No sections found. " + hint}
		return fmt.Sprintf("No sections found for %q. %s", q, hint), out
	}
	maxChars := maxTokens * charsPerToken
	terms := queryTerms(q)
	withLibrary := len(sources) > 1 || (searched > 1 && len(sources) > 0)
	heads := make([]string, len(results))
	for i, r := range results {
		heads[i] = resultHead(i+1, r, withLibrary)
	}
	from := ""
	if len(sources) > 0 {
		names := make([]string, len(sources))
		for i, src := range sources {
			names[i] = src.String()
		}
		from = " from " + strings.Join(names, ", ")
	}
	intro := fmt.Sprintf("%s for %q (%s search)%s, best first. Cite the source links; "+
		"fetch a target for the whole section.\n\n", plural(len(results), "section"), q, mode, from)

	// Show as many results as leave each a useful amount of text.
	n := len(results)
	budget := 0
	for ; n > 0; n-- {
		used := len(intro)
		for _, h := range heads[:n] {
			used += len(h) + 2
		}
		budget = (maxChars - used) / n
		if budget >= minResultChars || n == 1 {
			break
		}
	}
	if n == 0 {
		n = 1
	}
	var b strings.Builder
	b.WriteString(intro)
	for i, r := range results[:n] {
		note := fmt.Sprintf("\n\n_(trimmed: fetch `%s` for the full section)_", r.target)
		text, cut := trimMarkdown(demoteHeadings(closeFences(r.Text)), max(budget-len(note), minResultChars/2), terms)
		b.WriteString(heads[i])
		b.WriteString(text)
		if cut {
			b.WriteString(note)
		}
		b.WriteString("\n\n")
		out.Results = append(out.Results, askResult(r, text, cut, withLibrary))
	}
	if slices.ContainsFunc(out.Results, func(r AskResult) bool { return r.Truncated }) {
		out.Notes = append(out.Notes, "Results marked truncated are trimmed to the part that matches: fetch a result's target for the whole section.")
	}
	if n < len(results) {
		out.Omitted = len(results) - n
		omitted := fmt.Sprintf("%s more left out to stay within %d tokens: raise max_tokens or lower k.", plural(out.Omitted, "result"), maxTokens)
		out.Notes = append(out.Notes, omitted)
		fmt.Fprintf(&b, "(%s)\n", omitted)
	}
	return strings.TrimRight(b.String(), "\n") + "\n", out
}

// noteLine is how the text shows a note: a paragraph of its own.
func noteLine(note string) string {
	return "Note: " + note + "\n\n"
}

// resultHead is a result's heading and source line; withLibrary names the
// library on it (when an answer spans several).
func resultHead(n int, r hit, withLibrary bool) string {
	crumb := strings.Join(r.Breadcrumb, " > ")
	if crumb == "" {
		crumb = r.Title
	}
	date := ""
	if r.Date != "" {
		date = r.Date + " · "
	}
	lib := ""
	if withLibrary {
		lib = r.src.Library + " " + r.src.Version + " · "
	}
	return fmt.Sprintf("## %d. %s\n%s%s%s · target `%s` · score %.4f\n\n", n, oneLine(crumb, 200), lib, date, r.URL, r.target, r.Score)
}

// askResult is one result of the structured output; withLibrary names its
// library on it (when an answer spans several).
func askResult(r hit, text string, cut, withLibrary bool) AskResult {
	crumb := r.Breadcrumb
	if crumb == nil {
		crumb = []string{}
	}
	kind := r.Kind
	if kind == corpus.KindDoc {
		kind = ""
	}
	out := AskResult{
		Target: r.target, Breadcrumb: crumb, URL: r.URL, Kind: kind, Date: r.Date,
		Score: math.Round(r.Score*1e4) / 1e4, Text: text, Truncated: cut,
		Title: r.Title,
	}
	if withLibrary {
		out.Library, out.Version = r.src.Library, r.src.Version
	}
	return out
}

// renderDocument writes a fetched page or section with its navigation. A
// document longer than maxChars is shown as its opening and table of
// contents, with how to fetch one section. tool names the tool to call again.
func renderDocument(doc *retrieval.Document, maxChars int, tool string) string {
	return renderDocumentFrom(doc, maxChars, tool, "", source{})
}

// renderDocumentFrom is renderDocument for a document of a library: every
// target carries prefix ("library:" when several libraries are served) and
// a line names src when it is set.
func renderDocumentFrom(doc *retrieval.Document, maxChars int, tool, prefix string, src source) string {
	target := func(path, anchor string) string { return prefix + target(path, anchor) }
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", oneLine(doc.Title, 200))
	if src.Library != "" {
		fmt.Fprintf(&b, "Library: %s\n", src)
	}
	if len(doc.Breadcrumb) > 1 {
		fmt.Fprintf(&b, "%s\n", oneLine(strings.Join(doc.Breadcrumb, " > "), 300))
	}
	if doc.URL != "" {
		fmt.Fprintf(&b, "Source: %s · ", doc.URL)
	}
	fmt.Fprintf(&b, "target `%s`\n", target(doc.Path, doc.Anchor))
	if doc.Description != "" {
		fmt.Fprintf(&b, "\n> %s\n", oneLine(doc.Description, 500))
	}
	b.WriteString("\n")

	md := closeFences(strings.TrimSpace(doc.Markdown))
	if rest, ok := strings.CutPrefix(md, "# "+doc.Title+"\n"); ok {
		md = strings.TrimSpace(rest) // the title is already shown
	}
	switch {
	case len(md) <= maxChars:
		b.WriteString(md)
		b.WriteString("\n")
	case len(doc.Sections) > 0:
		opening, _ := trimMarkdown(openingOf(md), maxChars/8, nil)
		fmt.Fprintf(&b, "%s\n\n**This %s is long (about %d tokens), so here is its table of contents.** "+
			"Call %s with one of these targets to read a section:\n\n", opening, kindOf(doc), estimateTokens(md), tool)
		writeLinks(&b, doc.Sections, maxChars/2, prefix)
	default:
		text, _ := trimMarkdown(md, maxChars, nil)
		fmt.Fprintf(&b, "%s\n\n_(This section is long, about %d tokens; it was trimmed at block boundaries. "+
			"The source link has the rest.)_\n", text, estimateTokens(md))
	}

	nav := []struct {
		label string
		links []retrieval.NavLink
	}{{"Children", doc.Children}, {"Siblings", doc.Siblings}}
	if doc.Parent != nil || len(doc.Children) > 0 || len(doc.Siblings) > 0 {
		b.WriteString("\n---\nNavigation:\n")
		if doc.Parent != nil {
			fmt.Fprintf(&b, "- Parent: `%s` — %s\n", target(doc.Parent.Path, doc.Parent.Anchor), oneLine(doc.Parent.Title, 100))
		}
		for _, n := range nav {
			if len(n.links) > 0 {
				fmt.Fprintf(&b, "\n%s:\n", n.label)
				writeLinks(&b, n.links, maxChars/8, prefix)
			}
		}
	}
	return b.String()
}

func kindOf(doc *retrieval.Document) string {
	if doc.Anchor != "" {
		return "section"
	}
	return "page"
}

// openingOf returns the markdown before the first heading.
func openingOf(md string) string {
	for _, b := range splitBlocks(md) {
		if !b.code && strings.HasPrefix(b.text, "#") {
			i := strings.Index(md, b.text)
			return strings.TrimSpace(md[:i])
		}
	}
	return md
}

// writeLinks lists navigation links as fetch targets, within about maxChars.
func writeLinks(b *strings.Builder, links []retrieval.NavLink, maxChars int, prefix string) {
	start := b.Len()
	for i, l := range links {
		if b.Len()-start > maxChars {
			fmt.Fprintf(b, "- … and %d more\n", len(links)-i)
			return
		}
		fmt.Fprintf(b, "- `%s%s` — %s\n", prefix, target(l.Path, l.Anchor), oneLine(l.Title, 120))
	}
}

// renderList writes the docs tree under prefix, at most depth levels deep
// (0: no bound). When the tree is larger than maxChars, deeper levels are
// left out and counted.
func renderList(prefix string, entries []retrieval.ListEntry, maxChars, depth int) string {
	where := "the docs"
	if prefix != "" {
		where = fmt.Sprintf("%q", prefix)
	}
	if len(entries) == 0 {
		return fmt.Sprintf("Nothing under %s.", where)
	}
	maxDepth := 0
	for _, e := range entries {
		maxDepth = max(maxDepth, e.Depth)
	}
	if depth > 0 {
		maxDepth = min(maxDepth, depth-1)
	}
	var text string
	for d := maxDepth; d >= 0; d-- {
		text = listAt(entries, d)
		if len(text) <= maxChars {
			break
		}
	}
	var b strings.Builder
	pages := 0
	for _, e := range entries {
		if e.IsPage {
			pages++
		}
	}
	fmt.Fprintf(&b, "%d pages under %s. Fetch a page by its path; list a folder to see inside it.\n\n", pages, where)
	if len(text) > maxChars {
		text = cutLines(text, maxChars)
	}
	b.WriteString(text)
	return b.String()
}

// listAt renders entries down to depth, counting the hidden ones per folder.
func listAt(entries []retrieval.ListEntry, depth int) string {
	var b strings.Builder
	hidden := map[int]int{} // index of the visible folder -> hidden entries below it
	lastVisible := -1
	for i, e := range entries {
		if e.Depth > depth {
			if lastVisible >= 0 {
				hidden[lastVisible]++
			}
			continue
		}
		lastVisible = i
	}
	for i, e := range entries {
		if e.Depth > depth {
			continue
		}
		indent := strings.Repeat("  ", e.Depth)
		name := e.Path
		if !e.IsPage {
			name += "/"
		}
		fmt.Fprintf(&b, "%s- `%s`", indent, name)
		if e.Title != "" {
			fmt.Fprintf(&b, " — %s", oneLine(e.Title, 100))
		}
		if e.Description != "" {
			fmt.Fprintf(&b, ": %s", oneLine(e.Description, 140))
		}
		if n := hidden[i]; n > 0 {
			fmt.Fprintf(&b, " (%d more inside: list `%s`)", n, e.Path)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func cutLines(s string, maxChars int) string {
	if len(s) <= maxChars {
		return s
	}
	cut := strings.LastIndexByte(s[:maxChars], '\n')
	rest := strings.Count(s[cut+1:], "\n")
	return s[:cut+1] + fmt.Sprintf("- … %d more lines: list a narrower prefix\n", rest)
}

// renderChangelog writes changelog entries, newest first.
func renderChangelog(entries []corpus.ChangelogEntry, q, since string, c *corpus.Corpus) string {
	if len(entries) == 0 {
		msg := "No changelog entries"
		if since != "" {
			msg += " since " + since
		}
		if q != "" {
			msg += fmt.Sprintf(" match %q", q)
		}
		if c != nil && len(c.Changelog) > 0 {
			last := c.Changelog[0].Date
			first := c.Changelog[len(c.Changelog)-1].Date
			msg += fmt.Sprintf(". The changelog covers %s to %s.", first, last)
		}
		return msg
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d changelog entries", len(entries))
	if q != "" {
		fmt.Fprintf(&b, " for %q", q)
	}
	if since != "" {
		fmt.Fprintf(&b, " since %s", since)
	}
	b.WriteString(":\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "\n## %s — %s\n", e.Date, oneLine(e.Title, 200))
		if e.URL != "" {
			fmt.Fprintf(&b, "%s\n", e.URL)
		}
		for _, ch := range e.Changes {
			fmt.Fprintf(&b, "- %s\n", oneLine(ch, 600))
		}
	}
	return b.String()
}

// sourceOf names the library of a single index: its corpus name and
// version, and the date of its newest changelog entry as the docs date.
func sourceOf(ix Index) source {
	c := ix.Corpus()
	src := source{Library: c.Name, Version: c.Version}
	for _, e := range c.Changelog {
		src.DocsDate = max(src.DocsDate, e.Date)
	}
	return src
}
