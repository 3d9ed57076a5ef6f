// Package golden is docseek's one golden-file helper for tests: Check
// compares output with a file under testdata/, and `go test ./PKG -run TEST
// -update` rewrites the file instead. Each golden file opens with a line
// saying what it pins and how to regenerate it; that line is part of the
// output the test builds, so it is compared like the rest.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/ instead of comparing with them")

// Updating reports whether the test run was asked to rewrite golden files.
func Updating() bool { return *update }

// Check compares got with the golden file at path (usually
// testdata/NAME.golden), failing t with a (-want +got) diff; under -update it
// writes got to path (creating its folder) and passes.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run go test -run '%s' -update to create it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); if intended, run go test -run '%s' -update:\n%s", path, t.Name(), diff)
	}
}
