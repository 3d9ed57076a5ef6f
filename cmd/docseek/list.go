package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// runList is `docseek list [prefix]`: the docs tree under a folder or page.
func runList(ctx context.Context, args []string, s stdio) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(s.err)
	var cf commonFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print the tree as JSON")
	depth := fs.Int("depth", 0, "levels to show below the prefix (0 = all)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: docseek list [flags] [prefix]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("list: want at most one prefix, got %q", fs.Args())
	}
	cc, err := cf.catalogConfig(cf.logger(io.Discard), nil)
	if err != nil {
		return err
	}
	if len(cc.Libraries) > 1 || strings.Contains(fs.Arg(0), ":") {
		// Several libraries: the list tool's answer (the libraries, or one
		// library's tree under library:prefix), as an agent reads it.
		srv, err := openServer(ctx, &cf, true, cf.logger(s.err), s)
		if err != nil {
			return err
		}
		return printTool(ctx, srv, "list", map[string]any{"prefix": fs.Arg(0)}, false, s)
	}
	c, err := loadCorpus(ctx, &cf, cf.logger(s.err))
	if err != nil {
		return err
	}
	prefix := strings.Trim(fs.Arg(0), "/")
	node := c.Nav.Find(prefix)
	if node == nil {
		if p, ok := c.Page(prefix); ok {
			node = c.Nav.Find(p.Path)
		}
	}
	if node == nil {
		return fmt.Errorf("list: %q: %w", prefix, corpus.ErrNotFound)
	}
	if *asJSON {
		return writeJSON(s.out, pruneNav(node, *depth))
	}
	printNav(s.out, node, 0, *depth)
	return nil
}

// pruneNav copies a tree keeping depth levels below n (0 = all).
func pruneNav(n *corpus.NavNode, depth int) *corpus.NavNode {
	cp := *n
	cp.Children = nil
	for _, c := range n.Children {
		if depth == 1 {
			leaf := *c
			leaf.Children = nil
			cp.Children = append(cp.Children, &leaf)
			continue
		}
		cp.Children = append(cp.Children, pruneNav(c, max(depth-1, 0)))
	}
	return &cp
}

func printNav(w io.Writer, n *corpus.NavNode, level, depth int) {
	for _, c := range n.Children {
		kind := "/"
		if c.IsPage {
			kind = ""
		}
		line := fmt.Sprintf("%s%s%s  %s", strings.Repeat("  ", level), c.Path, kind, c.Title)
		if c.Description != "" {
			line += " — " + c.Description
		}
		fmt.Fprintln(w, line)
		if !c.IsPage && (depth == 0 || level+1 < depth) {
			printNav(w, c, level+1, depth)
		}
	}
}
