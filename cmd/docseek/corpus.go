package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/docseek/docseek/corpus"
)

// runCorpus is `docseek corpus sync|stats`.
func runCorpus(ctx context.Context, args []string, s stdio) error {
	if len(args) == 0 {
		fmt.Fprintln(s.err, "usage: docseek corpus sync [--corpus-version V]   fetch the WorkOS docs when absent\n       docseek corpus stats [--json]               pages, chunks and chunk sizes")
		return usagef("corpus: want a subcommand: sync or stats")
	}
	switch args[0] {
	case "sync":
		return runCorpusSync(ctx, args[1:], s)
	case "stats":
		return runCorpusStats(ctx, args[1:], s)
	default:
		return usagef("corpus: unknown subcommand %q (want sync or stats)", args[0])
	}
}

func runCorpusSync(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("corpus sync", s)
	npm := fs.String("npm", "npm", "npm binary")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	dataDir, err := cf.dataDir()
	if err != nil {
		return err
	}
	dir, err := corpus.SyncNPM(ctx, corpus.NPMConfig{DataDir: dataDir, Version: cf.CorpusVersion, NPM: *npm, Logger: cf.logger(s.err)})
	if err != nil {
		return err
	}
	fmt.Fprintln(s.out, dir)
	return nil
}

func runCorpusStats(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("corpus stats", s)
	asJSON := fs.Bool("json", false, "print the statistics as JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	c, err := loadCorpus(ctx, cf, cf.logger(s.err))
	if err != nil {
		return err
	}
	st := c.Stats()
	if *asJSON {
		return writeJSON(s.out, st)
	}
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "corpus\t%s %s\n", st.Name, st.Version)
	fmt.Fprintf(tw, "pages\t%d (%d doc, %d reference)\n", st.Pages, st.DocPages, st.ReferencePages)
	fmt.Fprintf(tw, "sections\t%d\n", st.Sections)
	fmt.Fprintf(tw, "chunks\t%d (%d changelog)\n", st.Chunks, st.ChangelogChunks)
	fmt.Fprintf(tw, "tokens/chunk\tmin %d  median %d  p95 %d  max %d  (budget %d)\n", st.TokensMin, st.TokensMedian, st.TokensP95, st.TokensMax, corpus.ChunkBudget)
	fmt.Fprintf(tw, "split\t%d sections into %d parts\n", st.SplitSections, st.SplitParts)
	fmt.Fprintf(tw, "merged\t%d tiny sections into their parent or first child\n", st.MergedSections)
	fmt.Fprintf(tw, "changelog\t%d entries\n", st.ChangelogEntries)
	return tw.Flush()
}
