package retrieval

import (
	"regexp"
	"slices"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// grepMaxMatches is how many matching lines the original server counts per
// file before it stops reading that file.
const grepMaxMatches = 3

// grepSearch is the search of the original @workos/mcp-docs-server 0.1.0/0.2.0
// (tool "workos_search", dist/index.js), reimplemented as the baseline:
//
//   - every docs file (Page.Raw, frontmatter included) is split on "\n" and a
//     line matches when it contains the whole query, case-insensitively;
//   - a file's score is its number of matching lines, counting at most 3
//     (the original stops scanning a file at its third match);
//   - files are sorted by that score, descending (a stable sort), and the
//     first k are returned, one result per file.
//
// Like the original it does not search the changelog, so changelog
// questions are misses. Differences, all deliberate: the original walks
// files in fast-glob (directory) order and also reads the _navigation.mdx
// files; here ties keep the corpus's path order and navigation files are not
// pages. The original has no sections; to allow section-level scoring each
// result points at the section holding its first matching line (the intro
// when the line is in the frontmatter or before the first heading), found by
// pairing the file's heading lines with Page.Sections in order.
func grepSearch(c *corpus.Corpus, query string, k int) []Result {
	if c == nil || query == "" || k <= 0 {
		return nil
	}
	q := strings.ToLower(query)
	type hit struct {
		page      *corpus.Page
		lines     []int // 0-based indexes of the matching lines
		textLines []string
	}
	var hits []hit
	for _, p := range c.Pages {
		lines := strings.Split(p.Raw, "\n")
		var h hit
		for i, l := range lines {
			if strings.Contains(strings.ToLower(l), q) {
				h.lines = append(h.lines, i)
				h.textLines = append(h.textLines, l)
				if len(h.lines) >= grepMaxMatches {
					break
				}
			}
		}
		if len(h.lines) > 0 {
			h.page = p
			hits = append(hits, h)
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return len(b.lines) - len(a.lines) })
	if len(hits) > k {
		hits = hits[:k]
	}
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		p := h.page
		r := Result{
			ID:         p.Path,
			Path:       p.Path,
			Breadcrumb: []string{p.Title},
			Title:      p.Title,
			URL:        p.URL,
			Kind:       p.Kind,
			Text:       strings.Join(h.textLines, "\n"),
			Score:      float64(len(h.lines)),
		}
		if si := lineSections(p)[h.lines[0]]; si > 0 && si < len(p.Sections) {
			s := p.Sections[si]
			r.ID = corpus.Target(p.Path, s.Anchor)
			r.Anchor = s.Anchor
			r.Section = s.Heading
			r.Breadcrumb = slices.Clone(s.Breadcrumb)
			r.URL = corpus.SectionURL(p.URL, s.Anchor)
		}
		out = append(out, r)
	}
	return out
}

var (
	// rawHeading matches an ATX heading line, also inside a list item
	// ("- ### Supported locales") or indented in a stack block.
	rawHeading = regexp.MustCompile(`^\s*(?:[-*+]\s+)?#{1,6}\s+(.*?)\s*#*\s*$`)
	// rawFence opens or closes a fenced code block.
	rawFence = regexp.MustCompile("^\\s*(?:[-*+]\\s+)?(```|~~~)")
)

// grepHeadingWindow is how many sections ahead lineSections looks for the
// section of a heading line, so a stray heading-like line cannot jump far.
const grepHeadingWindow = 4

// lineSections maps each line of p.Raw to the index in p.Sections of the
// section holding it (0, the intro, before the first recognised heading).
// Heading lines outside fenced code are paired in order with the sections
// whose heading text matches after normalisation; a heading line the corpus
// did not turn into a section (one inside a JSX attribute, say) leaves the
// current section unchanged. Best effort: it never fails.
func lineSections(p *corpus.Page) []int {
	lines := strings.Split(p.Raw, "\n")
	out := make([]int, len(lines))
	cur, start := 0, 0
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		for i := 1; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "---" {
				start = i + 1
				break
			}
		}
	}
	var fence string
	for i := start; i < len(lines); i++ {
		l := lines[i]
		if m := rawFence.FindStringSubmatch(l); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case fence == m[1]:
				fence = ""
			}
		} else if fence == "" {
			if m := rawHeading.FindStringSubmatch(l); m != nil {
				want := normHeading(m[1])
				for j := cur + 1; j < len(p.Sections) && j <= cur+grepHeadingWindow; j++ {
					if normHeading(p.Sections[j].Heading) == want {
						cur = j
						break
					}
				}
			}
		}
		out[i] = cur
	}
	return out
}

// normHeading reduces heading text to comparable words: inline markup
// removed (see corpus.PlainHeading), lower case.
func normHeading(s string) string {
	return strings.ToLower(corpus.PlainHeading(s))
}
