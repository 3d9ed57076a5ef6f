package catalog

import (
	"time"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
)

const bundleExt = bundles.Ext

func bundleName(name, version, model string) string { return bundles.Name(name, version, model) }

// docsDate is when a library's docs were published or last changed: the
// newest changelog entry of a docs package that ships one (the WorkOS
// package's files carry no dates), else the newest modification time of
// the files Load read (corpus.Corpus.Modified), which docs installed from an
// npm package (node_modules/ai/docs) do not have.
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
	if c.Modified.IsZero() {
		return ""
	}
	return c.Modified.UTC().Format(time.DateOnly)
}
