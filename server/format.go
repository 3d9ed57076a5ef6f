package server

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// Answers are sized in estimated tokens: about four characters each for
// English prose and code, which errs on the generous side for agents' limits.
const charsPerToken = 4

func estimateTokens(s string) int { return (len(s) + charsPerToken - 1) / charsPerToken }

// block is a paragraph, list or whole fenced code block of markdown.
type block struct {
	text string
	code bool
}

// splitBlocks cuts markdown at blank lines outside fenced code; a fenced code
// block is always one block, however long.
func splitBlocks(md string) []block {
	var (
		out   []block
		cur   []string
		fence string // the opening fence while inside a code block
	)
	flush := func(code bool) {
		if len(cur) > 0 {
			out = append(out, block{text: strings.Join(cur, "\n"), code: code})
			cur = cur[:0]
		}
	}
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		if fence != "" {
			cur = append(cur, line)
			if closesFence(trimmed, fence) {
				flush(true)
				fence = ""
			}
			continue
		}
		if f := openingFence(trimmed); f != "" {
			flush(false)
			fence = f
			cur = append(cur, line)
			continue
		}
		if strings.TrimSpace(line) == "" {
			flush(false)
			continue
		}
		cur = append(cur, line)
	}
	flush(fence != "") // an unclosed fence runs to the end
	return out
}

// closeFences closes a fenced code block left open at the end of md (a
// chunk can end inside one), so that what follows it in an answer is not
// swallowed into the code block.
func closeFences(md string) string {
	var fence, indent string
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		switch {
		case fence != "":
			if closesFence(trimmed, fence) {
				fence = ""
			}
		default:
			if f := openingFence(trimmed); f != "" {
				fence, indent = f, line[:len(line)-len(trimmed)]
			}
		}
	}
	if fence == "" {
		return md
	}
	return strings.TrimRight(md, "\n") + "\n" + indent + fence
}

// demoteHeadings turns markdown headings outside code into bold lines, so
// that a result's own headings do not break the answer's outline.
func demoteHeadings(md string) string {
	blocks := splitBlocks(md)
	changed := false
	for i, b := range blocks {
		if b.code || !strings.HasPrefix(b.text, "#") {
			continue
		}
		first, rest, _ := strings.Cut(b.text, "\n")
		text := strings.TrimLeft(first, "#")
		if level := len(first) - len(text); level <= 6 && (text == "" || text[0] == ' ') {
			blocks[i].text = "**" + strings.TrimSpace(text) + "**"
			if rest != "" {
				blocks[i].text += "\n" + rest
			}
			changed = true
		}
	}
	if !changed {
		return md
	}
	parts := make([]string, len(blocks))
	for i, b := range blocks {
		parts[i] = b.text
	}
	return strings.Join(parts, "\n\n")
}

// openingFence returns the fence marker (``` or ~~~, possibly longer) that
// opens a code block on this line, or "".
func openingFence(line string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(line) && line[n] == c {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}

func closesFence(line, fence string) bool {
	line = strings.TrimRight(line, " \t")
	if !strings.HasPrefix(line, fence) {
		return false
	}
	return strings.Trim(line, fence[:1]) == ""
}

// fencedBlocks returns the fenced code blocks of md, each whole.
func fencedBlocks(md string) []string {
	var out []string
	for _, b := range splitBlocks(closeFences(md)) {
		if b.code {
			out = append(out, b.text)
		}
	}
	return out
}

// queryTerms returns the distinct lower-case words of q worth matching.
func queryTerms(q string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.'
	}) {
		w = strings.Trim(w, ".")
		if len(w) < 3 || retrieval.IsStopWord(w) || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// trimMarkdown shortens md to at most maxChars, keeping the blocks that
// match the most query terms (the first block breaks ties), in their original
// order. It never cuts a code block: one that does not fit is left out and
// counted. It reports whether anything was left out.
func trimMarkdown(md string, maxChars int, terms []string) (string, bool) {
	md = closeFences(strings.TrimSpace(md))
	if len(md) <= maxChars {
		return md, false
	}
	blocks := splitBlocks(md)
	type scored struct {
		i     int
		score float64
	}
	order := make([]scored, len(blocks))
	for i, b := range blocks {
		low := strings.ToLower(b.text)
		sc := 0.0
		for _, t := range terms {
			if strings.Contains(low, t) {
				sc++
			}
		}
		if i == 0 {
			sc += 0.5 // the opening states what the section is about
		}
		order[i] = scored{i, sc}
	}
	sort.SliceStable(order, func(a, b int) bool { return order[a].score > order[b].score })

	keep := make([]bool, len(blocks))
	used := 0
	for _, o := range order {
		n := len(blocks[o.i].text) + 2
		if used+n <= maxChars {
			keep[o.i] = true
			used += n
		}
	}
	var (
		parts       []string
		skipped     bool
		skippedCode int
	)
	gap := func() {
		switch {
		case skippedCode > 0:
			parts = append(parts, "[… "+plural(skippedCode, "code block")+" left out]")
		case skipped:
			parts = append(parts, "[…]")
		}
		skipped, skippedCode = false, 0
	}
	for i, b := range blocks {
		if !keep[i] {
			skipped = true
			if b.code {
				skippedCode++
			}
			continue
		}
		if len(parts) > 0 || skippedCode > 0 {
			gap()
		}
		skipped, skippedCode = false, 0
		parts = append(parts, b.text)
	}
	if len(parts) == 0 {
		// Nothing fits whole: cut the best prose block at a word boundary.
		for _, o := range order {
			if !blocks[o.i].code {
				parts = append(parts, cutWords(blocks[o.i].text, maxChars-len(" […]"))+" […]")
				break
			}
		}
	}
	if skippedCode > 0 || len(parts) == 0 {
		gap()
	}
	return strings.Join(parts, "\n\n"), true
}

// cutWords cuts s to at most n bytes at a space, never inside a UTF-8 rune.
func cutWords(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
	}
	return strings.TrimSpace(s[:cut])
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// oneLine collapses whitespace so a title or description fits on one line,
// and cuts it to n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = cutWords(s, n-1) + "…"
	}
	return s
}

// target names a page or section the way fetch accepts it.
func target(path, anchor string) string { return corpus.Target(path, anchor) }
