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
const maxHeader = 48

// tinyPieces is the size under which a section of one line is merged into
// its parent.
const tinyPieces = 32

// overlapPieces is the largest trailing block repeated at the start of the
// next part of a split section.
const overlapPieces = 40

// EmbedText is the text embedded for the chunk: the breadcrumb (with the part
// number of a split section, the date of a changelog entry, the page
// description on an intro), a blank line, then the text.
// WARNING: changing it changes every chunk hash; bump ChunkerVersion.
func (c *Chunk) EmbedText() string {
	return c.header() + "\n\n" + c.Text
}

func (c *Chunk) header() string {
	var b strings.Builder
	b.WriteString(strings.Join(c.Breadcrumb, " > "))
	if c.Parts > 1 {
		fmt.Fprintf(&b, " (part %d/%d)", c.Part, c.Parts)
	}
	if c.Date != "" {
		b.WriteString(" (" + c.Date + ")")
	}
	if c.Anchor == "" && c.Kind != KindChangelog && c.Part <= 1 && c.Description != "" {
		b.WriteString("\n" + c.Description)
	}
	return truncatePieces(b.String(), maxHeader)
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

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// estimatePieces estimates how many WordPiece tokens the uncased BERT
// tokenizer makes of s, erring slightly high. Punctuation and symbols count
// one each; a run of letters or digits counts by its length (see
// wordPieces); CJK and other non-Latin letters count one per rune.
// Calibrated against the all-MiniLM-L6-v2 vocabulary (see the report in
// corpus_test.go's TestEstimateCalibration).
func estimatePieces(s string) int {
	n := 0
	word := 0 // runes in the current ASCII letter/digit run
	digits := 0
	flush := func() {
		if word > 0 {
			n += wordPieces(word, digits)
		}
		word, digits = 0, 0
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			word++
		case r >= '0' && r <= '9':
			word++
			digits++
		case r < utf8.RuneSelf:
			flush()
			if !unicode.IsSpace(r) && r >= ' ' {
				n++
			}
		case unicode.IsSpace(r):
			flush()
		case unicode.IsLetter(r) && r < 0x2E80 && isLatinish(r):
			word++ // accented Latin letters fold to ASCII
		default:
			flush()
			n++
		}
	}
	flush()
	return n
}

// isLatinish reports letters that lower-case and de-accent into ASCII words
// (é, ß, ñ ...).
func isLatinish(r rune) bool { return r < 0x250 }

// wordPieces estimates the pieces of a letter/digit run of n runes, d of them
// digits. Common words up to 7 letters are one piece in the vocabulary;
// longer or rarer ones split into pieces of about 3-4 characters.
func wordPieces(n, d int) int {
	if d*2 >= n { // numbers and ids: about one piece per 2 digits
		return (n + 1) / 2
	}
	if n <= 6 {
		return 1
	}
	return 1 + (n-4)/3
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
// by lines (each piece re-fenced), other text by lines, then words, then runes.
func splitOversized(block string, limit int) []string {
	if estimatePieces(block) <= limit {
		return []string{block}
	}
	lines := strings.Split(block, "\n")
	if c, n, _ := fenceMarker([]byte(lines[0])); n >= 3 && len(lines) >= 2 {
		open := strings.TrimLeft(lines[0], " \t")
		closeLine := strings.Repeat(string(c), n)
		body := lines[1:]
		if last := strings.TrimSpace(body[len(body)-1]); len(body) > 0 && strings.Trim(last, string(c)) == "" && len(last) >= n {
			body = body[:len(body)-1]
		}
		over := estimatePieces(open) + estimatePieces(closeLine)
		if over < limit/2 {
			var out []string
			for _, part := range packLines(body, limit-over) {
				out = append(out, open+"\n"+part+"\n"+closeLine)
			}
			return out
		}
	}
	if len(lines) > 1 {
		return packLines(lines, limit)
	}
	// One long line: pack words.
	words := strings.Fields(block)
	if len(words) > 1 {
		var out []string
		for _, p := range packLines(words, limit) {
			out = append(out, strings.ReplaceAll(p, "\n", " "))
		}
		return out
	}
	// One huge word: cut by runes.
	var out []string
	var b strings.Builder
	for _, r := range block {
		b.WriteRune(r)
		if estimatePieces(b.String()) >= limit {
			out = append(out, b.String())
			b.Reset()
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// packLines joins lines into as few pieces of at most limit pieces as it can,
// splitting any single line that is over by itself.
func packLines(lines []string, limit int) []string {
	var out, cur []string
	size := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur, size = nil, 0
		}
	}
	for _, l := range lines {
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

// chunkStats counts what the chunker did.
type chunkStats struct {
	split, merged int
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
			if byAnchor[s.Parent] == last {
				merged := joinText(last.text, headingLine(s)+"\n\n"+s.Text)
				if estimatePieces(merged)+estimatePieces(strings.Join(last.sec.Breadcrumb, " > ")) <= maxPieces-8 {
					last.text = merged
					byAnchor[s.Anchor] = last
					continue
				}
			}
			if i+1 < len(p.Sections) && p.Sections[i+1].Parent == s.Anchor {
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
			URL:         sectionURL(p.URL, g.sec.Anchor),
			Kind:        p.Kind,
			Product:     p.Product,
			Stack:       g.sec.Stack,
		}
		chunks = append(chunks, splitChunk(base, g.text)...)
	}
	return chunks
}

func sectionURL(pageURL, anchor string) string {
	if anchor == "" {
		return pageURL
	}
	return pageURL + "#" + anchor
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
	if fullHeader := strings.Join(base.Breadcrumb, " > "); whole.header() != fullHeader && !strings.HasPrefix(whole.header(), fullHeader) {
		// The header was truncated: keep its words in the text.
		text = joinText(fullHeader, text)
		whole.Text = text
	}
	if estimatePieces(whole.EmbedText()) <= maxPieces {
		return []Chunk{finish(whole)}
	}
	probe := base
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
			last := cur[len(cur)-1]
			cur, size = nil, 0
			if lt := estimatePieces(last); lt <= overlapPieces && lt+t <= avail && !strings.HasPrefix(last, "```") {
				cur, size = []string{last}, lt
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
