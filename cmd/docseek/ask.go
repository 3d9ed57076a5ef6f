package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// askConfig is what `docseek ask` was asked.
type askConfig struct {
	Query retrieval.Query
	JSON  bool
}

// runAsk is `docseek ask [flags] "question"`: the best doc sections for a
// question, as markdown with breadcrumbs and source links, or as JSON.
// Lexical and grep modes need no embedding model.
func runAsk(ctx context.Context, args []string, s stdio) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(s.err)
	var cf commonFlags
	cf.register(fs)
	var cfg askConfig
	fs.IntVar(&cfg.Query.K, "k", retrieval.DefaultK, fmt.Sprintf("number of results (1..%d)", retrieval.MaxK))
	mode := fs.String("mode", string(retrieval.ModeHybrid), "search mode: hybrid, vector, lexical or grep")
	fs.StringVar(&cfg.Query.Product, "product", "", `only this product (top-level folder, e.g. "sso"; includes its reference pages)`)
	fs.StringVar(&cfg.Query.Kind, "kind", "", "only this kind: doc, reference or changelog")
	fs.BoolVar(&cfg.JSON, "json", false, "print the results as JSON")
	fs.Usage = func() {
		fmt.Fprintln(s.err, `usage: docseek ask [flags] "question"`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg.Query.Text = strings.TrimSpace(strings.Join(fs.Args(), " "))
	if cfg.Query.Text == "" {
		fs.Usage()
		return usagef("ask: no question given")
	}
	m, err := checkMode(*mode)
	if err != nil {
		return err
	}
	cfg.Query.Mode = m

	logger := cf.logger(s.err)
	start := time.Now()
	var ix *retrieval.Index
	if needsVectors(m) {
		ix, err = openIndex(ctx, &cf, logger, s)
	} else {
		ix, err = openLexicalIndex(ctx, &cf, logger)
	}
	if err != nil {
		return err
	}
	logger.Debug("index open", "took", time.Since(start).Round(time.Millisecond).String())
	start = time.Now()
	rs, err := ix.Search(ctx, cfg.Query)
	if err != nil {
		return err
	}
	logger.Debug("searched", "took", time.Since(start).String(), "results", len(rs))
	if cfg.JSON {
		return writeJSON(s.out, struct {
			Query   string             `json:"query"`
			Mode    retrieval.Mode     `json:"mode"`
			Results []retrieval.Result `json:"results"`
		}{cfg.Query.Text, m, nonNil(rs)})
	}
	writeResults(s.out, cfg.Query.Text, rs)
	return nil
}

// writeResults prints results as markdown: a heading per result with its
// breadcrumb, the source link and ranks, then the chunk text.
func writeResults(w io.Writer, question string, rs []retrieval.Result) {
	if len(rs) == 0 {
		fmt.Fprintf(w, "No results for %q.\n", question)
		return
	}
	for i, r := range rs {
		if i > 0 {
			fmt.Fprintln(w, "\n---")
		}
		crumb := strings.Join(r.Breadcrumb, " › ")
		if crumb == "" {
			crumb = r.Title
		}
		fmt.Fprintf(w, "\n## %d. %s\n\n", i+1, crumb)
		target := corpus.Target(r.Path, r.Anchor)
		fmt.Fprintf(w, "Source: <%s> · `%s` · %s", r.URL, target, r.Kind)
		if r.Date != "" {
			fmt.Fprintf(w, " · %s", r.Date)
		}
		fmt.Fprintf(w, " · score %.4f%s\n\n", r.Score, ranks(r))
		fmt.Fprintln(w, strings.TrimSpace(r.Text))
	}
}

// ranks renders a result's rank in each list, e.g. " (vector #1, lexical #4)".
func ranks(r retrieval.Result) string {
	var parts []string
	if r.VectorRank > 0 {
		parts = append(parts, fmt.Sprintf("vector #%d", r.VectorRank))
	}
	if r.LexicalRank > 0 {
		parts = append(parts, fmt.Sprintf("lexical #%d", r.LexicalRank))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
