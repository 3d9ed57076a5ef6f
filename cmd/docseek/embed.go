package main

import (
	"context"
	"fmt"
	"strings"
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
	var vec []float32
	if *query {
		vec, err = e.EmbedQuery(ctx, text)
	} else {
		var vecs [][]float32
		if vecs, err = e.EmbedDocuments(ctx, []string{text}); err == nil {
			vec = vecs[0]
		}
	}
	if err != nil {
		return err
	}
	tokens, readable := -1, -1
	if tc, ok := e.(interface{ CountTokens(string) int }); ok {
		tokens = tc.CountTokens(text)
	}
	if mt, ok := e.(interface{ MaxTokens() int }); ok {
		readable = mt.MaxTokens() - 2 // [CLS] and [SEP]
	}
	if *asJSON {
		out := struct {
			Model      string    `json:"model"`
			Dimensions int       `json:"dimensions"`
			Tokens     *int      `json:"tokens,omitempty"`
			Vector     []float32 `json:"vector"`
		}{Model: e.ModelID(), Dimensions: len(vec), Vector: vec}
		if tokens >= 0 {
			out.Tokens = &tokens
		}
		return writeJSON(s.out, out)
	}
	fmt.Fprintf(s.out, "model       %s\ndimensions  %d\n", e.ModelID(), len(vec))
	if tokens >= 0 {
		note := ""
		if readable >= 0 && tokens > readable {
			note = fmt.Sprintf(" (truncated: the model reads the first %d)", readable)
		}
		fmt.Fprintf(s.out, "tokens      %d%s\n", tokens, note)
	}
	head := make([]string, 0, 8)
	for _, x := range vec[:min(8, len(vec))] {
		head = append(head, fmt.Sprintf("%.6f", x))
	}
	fmt.Fprintf(s.out, "vector[:%d]  [%s]\n", len(head), strings.Join(head, " "))
	return nil
}
