package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/docseek/docseek/retrieval"
)

// runFetch is `docseek fetch [--json] <path|path#anchor|URL>`: one page or
// section with its table of contents and navigation. A known target needs
// no embedding model. For an unknown one the error lists suggestions: by
// meaning when the committed bundle makes that cheap, else lexical.
func runFetch(ctx context.Context, args []string, s stdio) error {
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	fs.SetOutput(s.err)
	var cf commonFlags
	cf.register(fs)
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
	srv, cat, err := openServerCatalog(ctx, &cf, true, logger, s)
	if err != nil {
		return err
	}
	d, err := cat.Fetch(ctx, target)
	if _, ok := isNotFound(err); ok && len(cat.Libraries()) == 1 {
		ix, _ := cat.Libraries()[0].Index()
		err = betterSuggestions(ctx, ix, &cf, target, err, s)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(s.out, d.Document)
	}
	return printTool(ctx, srv, "fetch", map[string]any{"target": target}, false, s)
}

// betterSuggestions retries an unknown target with a vector index, for
// suggestions by meaning, when a committed bundle makes opening one cheap
// (no live embedding). Otherwise, or on any failure, it keeps err, whose
// suggestions are lexical.
func betterSuggestions(ctx context.Context, lex *retrieval.Index, cf *commonFlags, target string, err error, s stdio) error {
	c := lex.Corpus()
	if b, berr := committedBundle(c, cf); berr != nil || b == nil {
		return err
	}
	quiet := cf.logger(io.Discard)
	full, oerr := openIndex(ctx, cf, quiet, stdio{in: s.in, out: s.out, err: io.Discard})
	if oerr != nil {
		cf.logger(s.err).Debug("suggestions stay lexical", "err", oerr)
		return err
	}
	_, ferr := full.Fetch(ctx, target)
	if _, ok := isNotFound(ferr); ok {
		return ferr
	}
	return err
}
