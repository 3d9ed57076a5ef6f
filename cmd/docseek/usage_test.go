package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestUsageErrorsExit2: one rule for every subcommand: an unknown flag, a
// bad flag value or a missing subcommand is a usage error (exit status 2),
// found before any data is touched.
func TestUsageErrorsExit2(t *testing.T) {
	var cmds [][]string
	for _, c := range commands() {
		switch c.name {
		case "bundle":
			cmds = append(cmds, []string{"bundle", "build"}, []string{"bundle", "verify"})
		case "corpus":
			cmds = append(cmds, []string{"corpus", "sync"}, []string{"corpus", "stats"})
		case "model":
			cmds = append(cmds, []string{"model", "fetch"}, []string{"model", "info"})
		default:
			cmds = append(cmds, []string{c.name})
		}
	}
	for _, cmd := range cmds {
		for _, bad := range [][]string{{"--no-such-flag"}, {"--k", "many"}} {
			if bad[0] == "--k" && cmd[0] != "ask" && cmd[0] != "eval" {
				continue
			}
			args := append(append([]string{}, cmd...), bad...)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				var out, errOut bytes.Buffer
				err := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
				if err == nil || exitCode(err) != 2 {
					t.Errorf("err = %v (exit %d), want a usage error (exit 2)", err, exitCode(err))
				}
				if out.Len() != 0 {
					t.Errorf("stdout %q, want nothing", out.String())
				}
			})
		}
	}
	for _, args := range [][]string{{}, {"nope"}, {"bundle"}, {"corpus"}, {"model"}} {
		err := run(context.Background(), args, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
		if exitCode(err) != 2 {
			t.Errorf("docseek %q: err = %v (exit %d), want exit 2", args, err, exitCode(err))
		}
	}
}

// TestJSONOneStyle: --json output is one value, indented by two spaces, with
// "<", ">" and "&" unescaped, whatever the subcommand.
func TestJSONOneStyle(t *testing.T) {
	var b bytes.Buffer
	if err := writeJSON(&b, map[string]any{"a": "x < y & z", "n": []int{1}}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"a\": \"x < y & z\",\n  \"n\": [\n    1\n  ]\n}\n"; b.String() != want {
		t.Errorf("writeJSON = %q, want %q", b.String(), want)
	}
	docs := []string{"--docs", "testdata/retrieval-docs", "--data-dir", t.TempDir()}
	for _, args := range [][]string{
		append([]string{"list", "--json"}, docs...),
		append([]string{"corpus", "stats", "--json"}, docs...),
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, strings.NewReader(""), &out, &errOut); err != nil {
			t.Fatalf("%q: %v\n%s", args, err, errOut.String())
		}
		var v any
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Fatalf("%q: stdout is not one JSON value: %v", args, err)
		}
		if !strings.HasPrefix(out.String(), "{\n  \"") && !strings.HasPrefix(out.String(), "[\n  ") {
			t.Errorf("%q: not indented by two spaces: %.40q", args, out.String())
		}
	}
}
