package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/docseek/docseek/corpus"
)

// Limits of ChangelogQuery.
const (
	DefaultChangelogLimit = 10
	MaxChangelogLimit     = 100
)

// Changelog returns platform changelog entries: newest first, or, with a
// Query, most relevant first (BM25 over titles and changes fused with vector
// similarity of the entries' chunks when the index has vectors). Since keeps
// entries on or after a date.
func (ix *Index) Changelog(ctx context.Context, q ChangelogQuery) ([]corpus.ChangelogEntry, error) {
	switch {
	case q.Limit < 0 || q.Limit > MaxChangelogLimit:
		return nil, fmt.Errorf("changelog: limit = %d; want 1..%d (0 means %d)", q.Limit, MaxChangelogLimit, DefaultChangelogLimit)
	case q.Limit == 0:
		q.Limit = DefaultChangelogLimit
	}
	q.Since = strings.TrimSpace(q.Since)
	if q.Since != "" {
		if _, err := time.Parse(time.DateOnly, q.Since); err != nil {
			return nil, fmt.Errorf("changelog: since %q is not a YYYY-MM-DD date", q.Since)
		}
	}
	q.Query = strings.TrimSpace(q.Query)
	if len(q.Query) > MaxQueryLen {
		return nil, fmt.Errorf("changelog: query is longer than %d characters", MaxQueryLen)
	}

	entries := ix.c.Changelog
	keep := make([]int, 0, len(entries))
	for i, e := range entries {
		if q.Since == "" || e.Date >= q.Since { // ISO dates compare as strings
			keep = append(keep, i)
		}
	}
	// Newest first; the corpus order breaks ties between entries of one day.
	slices.SortStableFunc(keep, func(a, b int) int { return strings.Compare(entries[b].Date, entries[a].Date) })

	if q.Query != "" {
		var err error
		keep, err = ix.rankChangelog(ctx, q.Query, keep)
		if err != nil {
			return nil, err
		}
	}
	out := make([]corpus.ChangelogEntry, 0, min(q.Limit, len(keep)))
	for _, i := range keep[:min(q.Limit, len(keep))] {
		out = append(out, entries[i])
	}
	return out, nil
}

// rankChangelog orders the entries keep (indexes into the corpus changelog)
// by relevance to query, dropping entries that match neither lexically nor
// (when there are vectors) among the nearest changelog chunks. Entries that
// rank equally keep the corpus order (newest first).
func (ix *Index) rankChangelog(ctx context.Context, query string, keep []int) ([]int, error) {
	pos := make(map[int]int, len(keep)) // entry -> position in date order
	for p, i := range keep {
		pos[i] = p
	}
	ids := ix.logIndex.ids // entry order, which is newest first
	allow := func(i int) bool { _, ok := pos[i]; return ok }
	lex := ix.logIndex.search(query, len(ids), allow)

	var vec []scored
	if ix.vecs != nil {
		v, err := ix.queryVector(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("changelog: %w", err)
		}
		chunks, err := ix.vectorSearch(ctx, v, ix.cfg.Depth, func(i int) bool { return ix.c.Chunks[i].Kind == corpus.KindChangelog })
		if err != nil {
			return nil, fmt.Errorf("changelog: %w", err)
		}
		seen := map[int]bool{}
		for _, s := range chunks {
			e, ok := ix.entryOf(s.doc)
			if ok && allow(e) && !seen[e] {
				seen[e] = true
				vec = append(vec, scored{doc: int32(e), score: s.score})
			}
		}
	}
	ranked := fuse(ids, vec, lex, ix.cfg.VectorWeight, ix.cfg.LexicalWeight, ix.cfg.RRFK)
	out := make([]int, len(ranked))
	for i, f := range ranked {
		out[i] = int(f.doc)
	}
	return out, nil
}

// entryOf maps a changelog chunk to its entry by date and title.
func (ix *Index) entryOf(chunk int32) (int, bool) {
	c := &ix.c.Chunks[chunk]
	for i, e := range ix.c.Changelog {
		if e.Date == c.Date && (e.Title == c.Section || e.Title == c.Title) {
			return i, true
		}
	}
	return 0, false
}

// newChangelogIndex indexes entries for BM25: title as the heading, changes
// as the body.
func newChangelogIndex(tok tokenizer, entries []corpus.ChangelogEntry) *bm25 {
	ids := make([]string, len(entries))
	for i := range ids {
		ids[i] = fmt.Sprintf("%06d", i)
	}
	return newBM25(tok, defaultBM25Params, ids, func(i int) [numFields]string {
		e := entries[i]
		var f [numFields]string
		f[fieldHeadings] = e.Title
		f[fieldDescription] = e.Package
		f[fieldBody] = strings.Join(e.Changes, "\n")
		return f
	})
}

// changelogDocument renders the changelog (anchor "") or one entry of it
// (the anchor of its chunks), so every search result can be fetched.
func (ix *Index) changelogDocument(target, anchor string) (*Document, error) {
	entries := ix.c.Changelog
	anchors := make([]string, len(entries)) // entry -> anchor of its chunks
	for i := range ix.c.Chunks {
		c := &ix.c.Chunks[i]
		if c.Kind != corpus.KindChangelog || c.Anchor == "" {
			continue
		}
		if e, ok := ix.entryOf(int32(i)); ok && anchors[e] == "" {
			anchors[e] = c.Anchor
		}
	}
	link := func(i int) NavLink {
		return NavLink{Path: corpus.ChangelogPath, Anchor: anchors[i], Title: entries[i].Date + " " + entries[i].Title, URL: entries[i].URL}
	}
	d := &Document{Path: corpus.ChangelogPath, Title: "Changelog", Kind: corpus.KindChangelog, Breadcrumb: []string{"Changelog"}}
	var b strings.Builder
	if anchor == "" {
		b.WriteString("# Changelog\n")
		for i := range entries {
			writeEntry(&b, entries[i])
			d.Sections = append(d.Sections, link(i))
		}
		d.Markdown = b.String()
		return d, nil
	}
	for i := range entries {
		if anchors[i] != anchor && !strings.EqualFold(anchors[i], anchor) {
			continue
		}
		d.Anchor, d.URL = anchors[i], entries[i].URL
		d.Breadcrumb = []string{"Changelog", entries[i].Title}
		writeEntry(&b, entries[i])
		d.Markdown = strings.TrimLeft(b.String(), "\n")
		d.Parent = &NavLink{Path: corpus.ChangelogPath, Title: "Changelog"}
		for j := max(0, i-2); j < min(len(entries), i+3); j++ { // the neighbouring entries
			if j != i {
				d.Siblings = append(d.Siblings, link(j))
			}
		}
		return d, nil
	}
	var sugg []NavLink
	for i := range entries[:min(maxSuggestions, len(entries))] {
		sugg = append(sugg, link(i))
	}
	return nil, &NotFoundError{Target: strings.TrimSpace(target), Suggestions: sugg}
}

func writeEntry(b *strings.Builder, e corpus.ChangelogEntry) {
	fmt.Fprintf(b, "\n## %s (%s)\n\n", e.Title, e.Date)
	for _, c := range e.Changes {
		b.WriteString(strings.TrimSpace(c))
		b.WriteString("\n\n")
	}
	if e.URL != "" {
		fmt.Fprintf(b, "Source: %s\n", e.URL)
	}
}
