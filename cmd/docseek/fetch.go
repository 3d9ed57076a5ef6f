package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

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
	ix, err := openLexicalIndex(ctx, &cf, logger)
	if err != nil {
		return err
	}
	d, err := ix.Fetch(ctx, target)
	if _, ok := isNotFound(err); ok {
		err = betterSuggestions(ctx, ix, &cf, target, err, s)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(s.out, d)
	}
	writeDocument(s.out, d)
	return nil
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

// writeDocument prints a document as markdown followed by its navigation.
func writeDocument(w io.Writer, d *retrieval.Document) {
	fmt.Fprintf(w, "<!-- %s · %s -->\n\n", d.URL, strings.Join(d.Breadcrumb, " › "))
	fmt.Fprint(w, strings.TrimRight(d.Markdown, "\n")+"\n")
	section := func(title string, ls []retrieval.NavLink) {
		if len(ls) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, l := range ls {
			fmt.Fprintf(w, "- %s\n", linkText(l))
		}
	}
	if d.Parent != nil || len(d.Sections)+len(d.Siblings)+len(d.Children) > 0 {
		fmt.Fprintln(w, "\n---")
	}
	if d.Parent != nil {
		fmt.Fprintf(w, "\nParent: %s\n", linkText(*d.Parent))
	}
	section("Sections (fetch path#anchor for one)", d.Sections)
	section("Children", d.Children)
	section("Siblings", d.Siblings)
}
