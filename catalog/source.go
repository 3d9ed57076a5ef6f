package catalog

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
)

const bundleExt = bundles.Ext

func bundleName(name, version, model string) string { return bundles.Name(name, version, model) }

// npmFileTime is the modification time npm gives every file it packs or
// installs (so that tarballs are reproducible): it says nothing about when
// the docs changed.
var npmFileTime = time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)

// docsDate is when a library's docs were published or last changed: the
// newest changelog entry of a docs package that ships one (the WorkOS
// package's files carry no dates), else the newest modification time of
// the folder's Markdown files, except npm's fixed one: docs installed from
// an npm package (node_modules/ai/docs) have no date.
func docsDate(c *corpus.Corpus, lc LibraryConfig) string {
	newest := ""
	for _, e := range c.Changelog {
		if e.Date > newest {
			newest = e.Date
		}
	}
	if newest != "" || lc.Dir == "" {
		return newest
	}
	var latest time.Time
	_ = filepath.WalkDir(lc.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != lc.Dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		ext := strings.ToLower(filepath.Ext(p))
		if d.Type().IsRegular() && (ext == ".md" || ext == ".mdx") {
			if fi, err := os.Stat(p); err == nil && fi.ModTime().After(latest) && !fi.ModTime().Equal(npmFileTime) {
				latest = fi.ModTime()
			}
		}
		return nil
	})
	if latest.IsZero() {
		return ""
	}
	return latest.UTC().Format(time.DateOnly)
}
