// Package realdata finds, for tests, the real data that docseek fetches into
// its data dir: the WorkOS docs (`docseek corpus sync`) and the local model
// (`docseek model fetch`). Such data is never committed, so a test that needs
// it skips when it is absent, except under DOCSEEK_REQUIRE_DATA=1 (as
// `make test` sets after fetching), where a missing piece fails the test.
package realdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dirs returns the data dirs to look in, in order: $DOCSEEK_DATA_DIR, then
// the user cache dir + /docseek (the CLI's default).
func Dirs() []string {
	var dirs []string
	if d := os.Getenv("DOCSEEK_DATA_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	if c, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(c, "docseek"))
	}
	return dirs
}

// Required reports whether missing data must fail tests rather than skip
// them (DOCSEEK_REQUIRE_DATA=1).
func Required() bool { return os.Getenv("DOCSEEK_REQUIRE_DATA") == "1" }

// Find returns the first data dir of Dirs for which has holds. When none
// does, it skips tb, or fails it when Required; what names the missing data
// and how to fetch it.
func Find(tb testing.TB, what string, has func(dataDir string) bool) string {
	tb.Helper()
	dirs := Dirs()
	for _, d := range dirs {
		if has(d) {
			return d
		}
	}
	if Required() {
		tb.Fatalf("DOCSEEK_REQUIRE_DATA=1 but %s is not in %q", what, dirs)
	}
	tb.Skipf("%s is not in %q", what, dirs)
	return ""
}

// CorpusDir returns the folder of a synced WorkOS docs version, skipping or
// failing tb as Find does when it is absent. synced and dir are
// corpus.Synced and corpus.CorpusDir, passed in so that corpus's own tests
// can call this without an import cycle.
func CorpusDir(tb testing.TB, version string, synced func(dataDir, version string) bool, dir func(dataDir, version string) string) string {
	tb.Helper()
	data := Find(tb, "corpus "+version+" (docseek corpus sync --corpus-version "+version+")",
		func(d string) bool { return synced(d, version) })
	return dir(data, version)
}
