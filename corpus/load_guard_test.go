package corpus

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeDoc(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLoadSymlinkedRoot: --docs given as a symlink to a folder loads the
// folder (WalkDir does not follow a symlinked root: it loaded 0 pages).
func TestLoadSymlinkedRoot(t *testing.T) {
	base := t.TempDir()
	writeDoc(t, filepath.Join(base, "real", "guide.md"), "# Guide\n\nSome text.\n")
	link := filepath.Join(base, "link")
	if err := os.Symlink(filepath.Join(base, "real"), link); err != nil {
		t.Fatal(err)
	}
	c, err := Load(context.Background(), link, Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Pages) != 1 || c.Name != "link" {
		t.Errorf("%d pages, name %q; want 1 page named link", len(c.Pages), c.Name)
	}
}

// TestLoadNoPages: a folder with no Markdown is an error, not an empty
// corpus that answers "No sections found" to everything.
func TestLoadNoPages(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, filepath.Join(dir, "notes.txt"), "not markdown")
	_, err := Load(context.Background(), dir, Options{})
	if !errors.Is(err, ErrNoPages) {
		t.Errorf("Load of a folder without .md/.mdx = %v, want ErrNoPages", err)
	}
}

// TestLoadSkipsOversizedAndBinary: a file over MaxFileBytes or with binary
// content is skipped with a warning (a 4 MB table took 1.5 GB; 1 MB of
// random bytes became 4,608 garbage chunks); the rest loads.
func TestLoadSkipsOversizedAndBinary(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, filepath.Join(dir, "good.md"), "# Good\n\nReal text.\n")
	writeDoc(t, filepath.Join(dir, "huge.md"), "| a |\n|---|\n"+strings.Repeat("| x |\n", MaxFileBytes/6+1))
	r := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 64<<10)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	writeDoc(t, filepath.Join(dir, "noise.md"), string(noise))
	writeDoc(t, filepath.Join(dir, "nul.mdx"), "# Title\n\ntext\x00with a NUL\n")
	c, err := Load(context.Background(), dir, Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Pages) != 1 || c.Pages[0].Path != "good" {
		var paths []string
		for _, p := range c.Pages {
			paths = append(paths, p.Path)
		}
		t.Errorf("pages %q, want only good", paths)
	}
	warn := strings.Join(c.Warnings, "\n")
	for _, f := range []string{"huge", "noise", "nul"} {
		if !strings.Contains(warn, f) {
			t.Errorf("no warning names %s: %q", f, warn)
		}
	}
}

// TestLoadCanceled: loading stops when its context ends, between files.
func TestLoadCanceled(t *testing.T) {
	dir := t.TempDir()
	for i := range 50 {
		writeDoc(t, filepath.Join(dir, "p"+strings.Repeat("x", i)+".md"), "# P\n\ntext\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if _, err := Load(ctx, dir, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a canceled context = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
