package main

import (
	"context"
	"fmt"
	"io"

	"github.com/docseek/docseek/server"
)

// runList is `docseek list [prefix]`: the docs tree under a folder or page
// (or, when several libraries are served and no prefix is given, the
// libraries), printed as the MCP list tool answers an agent; --json prints
// the listing itself.
func runList(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("list", s)
	asJSON := fs.Bool("json", false, "print the listing as JSON")
	depth := fs.Int("depth", 0, "levels to show below the prefix (0 = all)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: docseek list [flags] [prefix | library:prefix]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("list: want at most one prefix, got %q", fs.Args())
	}
	if *depth < 0 {
		return usagef("list: --depth %d: want 0 (all) or more", *depth)
	}
	srv, err := openServer(ctx, cf, true, cf.logger(s.err), s)
	if err != nil {
		return err
	}
	l, err := srv.List(ctx, server.ListInput{Prefix: fs.Arg(0)})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(s.out, l.Down(*depth))
	}
	_, err = io.WriteString(s.out, srv.RenderList(l, *depth))
	return err
}
