package main

import (
	"context"
	"fmt"
)

// runFetch is `docseek fetch [--json] <path|path#anchor|URL>`: one page or
// section with its table of contents and navigation. A known target needs
// no embedding model. For an unknown one the error lists suggestions: by
// meaning when the committed bundle makes that cheap, else lexical
// (catalog.FetchSuggesting).
func runFetch(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("fetch", s)
	asJSON := fs.Bool("json", false, "print the document as JSON")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: docseek fetch [flags] <path | path#anchor | URL>")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usagef("fetch: want exactly one target, got %d", fs.NArg())
	}
	target := fs.Arg(0)
	logger := cf.logger(s.err)
	srv, cat, err := openServerCatalog(ctx, cf, true, logger, s)
	if err != nil {
		return err
	}
	d, err := cat.FetchSuggesting(ctx, target)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(s.out, d.Document)
	}
	return printTool(ctx, srv, "fetch", map[string]any{"target": target}, false, s)
}
