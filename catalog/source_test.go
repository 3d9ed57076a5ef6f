package catalog

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docseek/docseek/corpus"
)

// A folder's docs date is its newest Markdown file's, except that npm's
// fixed file time (every file of an installed or packed package) is no
// date at all.
func TestDocsDateOfFolder(t *testing.T) {
	for _, tt := range []struct {
		name  string
		times []time.Time
		want  string
	}{
		{"newest file", []time.Time{time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), time.Date(2026, 5, 2, 23, 0, 0, 0, time.UTC)}, "2026-05-02"},
		{"npm package", []time.Time{corpus.NPMFileTime, corpus.NPMFileTime}, ""},
		{"npm package, one file edited", []time.Time{corpus.NPMFileTime, time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)}, "2026-01-09"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, mt := range tt.times {
				p := filepath.Join(dir, string(rune('a'+i))+".md")
				if err := os.WriteFile(p, []byte("# Page\n\nText.\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(p, mt, mt); err != nil {
					t.Fatal(err)
				}
			}
			c, err := corpus.Load(context.Background(), dir, corpus.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := docsDate(c, LibraryConfig{Name: "x", Dir: dir}); got != tt.want {
				t.Errorf("docsDate = %q, want %q", got, tt.want)
			}
		})
	}
}
