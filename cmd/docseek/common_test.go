package main

import (
	"flag"
	"io"
	"slices"
	"testing"
)

func TestParseFlagsAfterPositional(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantJSON bool
		wantK    int
		wantArgs []string
	}{
		{"flags first", []string{"--json", "--k", "3", "sso/index"}, true, 3, []string{"sso/index"}},
		{"flags after", []string{"sso/index", "--json", "--k=3"}, true, 3, []string{"sso/index"}},
		{"flags between", []string{"how", "--k", "2", "do", "I"}, false, 2, []string{"how", "do", "I"}},
		{"double dash ends flags", []string{"--json", "--", "--k", "x"}, true, 8, []string{"--k", "x"}},
		{"no flags", []string{"a", "b"}, false, 8, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			jsonOut := fs.Bool("json", false, "")
			k := fs.Int("k", 8, "")
			if err := parseFlags(fs, tt.args); err != nil {
				t.Fatal(err)
			}
			if *jsonOut != tt.wantJSON || *k != tt.wantK || !slices.Equal(fs.Args(), tt.wantArgs) {
				t.Errorf("parseFlags(%q): json=%v k=%d args=%q, want json=%v k=%d args=%q",
					tt.args, *jsonOut, *k, fs.Args(), tt.wantJSON, tt.wantK, tt.wantArgs)
			}
		})
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := parseFlags(fs, []string{"x", "--nope"}); err == nil {
		t.Error("an unknown flag after a positional argument parsed without error")
	}
}
