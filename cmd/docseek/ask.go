package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/retrieval"
	"github.com/docseek/docseek/server"
)

// askConfig is what `docseek ask` was asked.
type askConfig struct {
	Query     retrieval.Query
	MaxTokens int
	JSON      bool
}

// runAsk is `docseek ask [flags] "question"`: the best doc sections for a
// question across the libraries the flags name, printed exactly as the MCP
// ask tool answers an agent (--json: its structured output). Lexical and
// grep modes need no embedding model.
func runAsk(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("ask", s)
	var cfg askConfig
	fs.IntVar(&cfg.Query.K, "k", retrieval.DefaultK, fmt.Sprintf("number of results (1..%d)", retrieval.MaxK))
	mode := fs.String("mode", string(retrieval.ModeHybrid), "search mode: hybrid, vector, lexical or grep")
	fs.StringVar(&cfg.Query.Product, "product", "", `only this product (top-level folder, e.g. "sso"; includes its reference pages)`)
	fs.IntVar(&cfg.MaxTokens, "max-tokens", 0, "upper bound on the answer's size in tokens (0 = the server's default)")
	fs.BoolVar(&cfg.JSON, "json", false, "print the ask tool's structured output as JSON")
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
	if cfg.Query.K < 1 || cfg.Query.K > retrieval.MaxK {
		return usagef("--k %d: want 1..%d", cfg.Query.K, retrieval.MaxK)
	}

	logger := cf.logger(s.err)
	start := time.Now()
	srv, err := openServer(ctx, cf, !m.UsesVectors(), logger, s)
	if err != nil {
		return err
	}
	logger.Debug("index open", "took", time.Since(start).Round(time.Millisecond).String())
	in := map[string]any{"question": cfg.Query.Text, "k": cfg.Query.K, "mode": string(m)}
	if cfg.Query.Product != "" {
		in["product"] = cfg.Query.Product
	}
	if cfg.MaxTokens != 0 {
		in["max_tokens"] = cfg.MaxTokens
	}
	return printTool(ctx, srv, "ask", in, cfg.JSON, s)
}

// openServer opens the catalog the flags name and returns an MCP server
// over it, for commands that print what the tools answer.
func openServer(ctx context.Context, cf *commonFlags, lexicalOnly bool, logger *slog.Logger, s stdio) (*server.Server, error) {
	srv, _, err := openServerCatalog(ctx, cf, lexicalOnly, logger, s)
	return srv, err
}

// openServerCatalog is openServer that also returns the catalog.
func openServerCatalog(ctx context.Context, cf *commonFlags, lexicalOnly bool, logger *slog.Logger, s stdio) (*server.Server, *catalog.Catalog, error) {
	cat, err := openCatalog(ctx, cf, lexicalOnly, logger, s)
	if err != nil {
		return nil, nil, err
	}
	ix, err := cat.Primary().Wait(ctx)
	if err != nil {
		return nil, nil, err
	}
	return server.New(ix, server.Config{Name: "docseek", Version: buildVersion(), Catalog: cat, Logger: logger}), cat, nil
}

// printTool calls a tool in process and prints its answer: the text an
// agent reads, or with asJSON the structured output. A tool error is
// returned as the command's error.
func printTool(ctx context.Context, srv *server.Server, tool string, in map[string]any, asJSON bool, s stdio) error {
	res, err := srv.CallTool(ctx, tool, in)
	if err != nil {
		return err
	}
	if res.IsError {
		return fmt.Errorf("%s: %s", tool, server.Text(res))
	}
	if asJSON {
		return writeJSON(s.out, res.StructuredContent)
	}
	_, err = io.WriteString(s.out, server.Text(res))
	return err
}
