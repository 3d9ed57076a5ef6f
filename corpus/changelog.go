package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ChangelogPath is the page path of changelog chunks and entries.
const ChangelogPath = "changelog"

// rawEntry is one entry of a changelogs/*.json file.
type rawEntry struct {
	Package string   `json:"package"`
	Version string   `json:"version"` // the entry title
	Title   string   `json:"title"`
	Date    string   `json:"date"`
	Changes []string `json:"changes"`
	URL     string   `json:"url"`
}

// loadChangelogs reads every changelogs/*.json (a missing folder is fine)
// into c.Changelog, newest first, and adds one chunk per entry.
func (c *Corpus) loadChangelogs(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return fmt.Errorf("list changelogs: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read changelog: %w", err)
		}
		entries, err := parseChangelog(b)
		if err != nil {
			return fmt.Errorf("changelog %q: %w", filepath.Base(name), err)
		}
		c.Changelog = append(c.Changelog, entries...)
	}
	sort.SliceStable(c.Changelog, func(i, j int) bool { return c.Changelog[i].Date > c.Changelog[j].Date })
	c.Chunks = append(c.Chunks, changelogChunks(c.Changelog)...)
	return nil
}

// parseChangelog decodes a JSON array of changelog entries.
func parseChangelog(b []byte) ([]ChangelogEntry, error) {
	var raw []rawEntry
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	out := make([]ChangelogEntry, 0, len(raw))
	for _, r := range raw {
		title := strings.TrimSpace(r.Title)
		if title == "" {
			title = strings.TrimSpace(r.Version)
		}
		date := r.Date
		if len(date) > 10 {
			date = date[:10]
		}
		out = append(out, ChangelogEntry{Title: title, Date: date, URL: r.URL, Changes: r.Changes, Package: r.Package})
	}
	return out, nil
}

// changelogChunks makes one chunk (or several parts) per entry, anchored by
// the slug of its title.
func changelogChunks(entries []ChangelogEntry) []Chunk {
	slugs := newSlugger()
	var out []Chunk
	for _, e := range entries {
		anchor := slugs.unique(slugify(e.Title))
		base := Chunk{
			Path:       ChangelogPath,
			Anchor:     anchor,
			Section:    e.Title,
			Breadcrumb: []string{"Changelog", e.Title},
			Title:      "Changelog",
			URL:        e.URL,
			Kind:       KindChangelog,
			Product:    ChangelogPath,
			Date:       e.Date,
		}
		out = append(out, splitChunk(base, strings.Join(e.Changes, "\n\n"))...)
	}
	return out
}
