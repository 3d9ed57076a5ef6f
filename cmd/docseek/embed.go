package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/docseek/docseek/embed"
)

// runEmbed is `docseek embed [--json] [--query] text`: it prints the model
// id, the dimension and the first values of the vector (all of it with --json).
func runEmbed(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("embed", s)
	asJSON := fs.Bool("json", false, "print model, dimensions and the whole vector as JSON")
	query := fs.Bool("query", false, "embed as a search query (adds the model's query prefix, if any)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: docseek embed [flags] text...")
		fs.PrintDefaults()
	}
	words, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		fs.Usage()
		return usagef("embed: no text given")
	}
	text := strings.Join(words, " ")
	logger := cf.logger(s.err)
	e, err := newEmbedder(ctx, cf, logger)
	if err != nil {
		return err
	}
	em, err := embed.EmbedOne(ctx, e, text, *query)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(s.out, em)
	}
	fmt.Fprintf(s.out, "model       %s\ndimensions  %d\n", em.Model, em.Dimensions)
	if em.Tokens != nil {
		note := ""
		if em.Truncated() {
			note = fmt.Sprintf(" (truncated: the model reads the first %d)", em.Readable)
		}
		fmt.Fprintf(s.out, "tokens      %d%s\n", *em.Tokens, note)
	}
	head := make([]string, 0, 8)
	for _, x := range em.Vector[:min(8, len(em.Vector))] {
		head = append(head, fmt.Sprintf("%.6f", x))
	}
	fmt.Fprintf(s.out, "vector[:%d]  [%s]\n", len(head), strings.Join(head, " "))
	return nil
}
