// Command docseek is a semantic retrieval server for developer documentation.
//
// Usage:
//
//	docseek <command> [flags] [args]
//
// Run "docseek help" for the list of commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(os.Stderr, "docseek: %v\n", err)
		}
		os.Exit(exitCode(err))
	}
}

// exitCode maps an error to the process exit status: 2 for usage errors, 1 otherwise.
func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// usageError marks an error in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand of docseek.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, io stdio) error
}

// stdio carries the process streams so tests can capture them.
type stdio struct {
	in  io.Reader
	out io.Writer // stdout: MCP stdio and --json output only
	err io.Writer // stderr: logs and human messages
}

func commands() []command {
	return []command{
		{"serve", "serve the docs over MCP (stdio, or streamable HTTP with --http)", runServe},
		{"ask", "answer a question with the best doc sections", runAsk},
		{"fetch", "print a page or one section: path, path#anchor or URL", runFetch},
		{"list", "list the docs tree under a prefix", runList},
		{"eval", "measure retrieval quality on a question file", runEval},
		{"bundle", "build or verify precomputed embedding bundles", runBundle},
		{"corpus", "fetch the docs (sync) and show statistics (stats)", runCorpus},
		{"model", "fetch or inspect the local embedding model", runModel},
		{"embed", "embed a text and print the vector", runEmbed},
		{"version", "show the version, kernels, and where the model and docs are found", runVersion},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	s := stdio{in: stdin, out: stdout, err: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stderr)
		if len(args) == 0 {
			return usagef("no command given")
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s)
		}
	}
	printUsage(stderr)
	return usagef("unknown command %q", args[0])
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: docseek <command> [flags] [args]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"docseek <command> -h\" for a command's flags.")
}
