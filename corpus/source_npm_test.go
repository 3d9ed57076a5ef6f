package corpus

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tarEntry is one entry of a test tarball.
type tarEntry struct {
	name     string
	body     string
	typeflag byte
	linkname string
}

// makeTarball builds a gzip'd tar in memory.
func makeTarball(t *testing.T, entries []tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.body)), Typeflag: e.typeflag, Linkname: e.linkname}
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goodEntries is a small package with docs, a changelog and files we skip.
var goodEntries = []tarEntry{
	{name: "package/package.json", body: `{"name":"x"}`},
	{name: "package/.docs/organized/docs/", typeflag: tar.TypeDir},
	{name: "package/.docs/organized/docs/sso/index.mdx", body: "---\ntitle: SSO\n---\n\nSign in once.\n"},
	{name: "package/.docs/organized/docs/guide.mdx", body: "# Guide\n\nRead me.\n"},
	{name: "package/.docs/organized/changelogs/workos-platform.json", body: `[{"version":"New","date":"2025-01-01","changes":["A change."],"url":"https://example.com/c/new"}]`},
	{name: "package/.docs/organized/changelogs/nested/skip.json", body: `[]`},
	{name: "package/.docs/organized/code-examples/x.js", body: "skip me"},
	{name: "package/dist/index.js", body: "skip me"},
}

// fetchBytes is a fake download that writes data as the tarball.
func fetchBytes(data []byte, calls *int) fetchFunc {
	return func(ctx context.Context, dir string) (string, error) {
		*calls++
		p := filepath.Join(dir, "pkg.tgz")
		return p, os.WriteFile(p, data, 0o644)
	}
}

// listTree returns the files under dir, relative and sorted.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestSyncTarball(t *testing.T) {
	data := makeTarball(t, goodEntries)
	want := integrityOf(data)
	dataDir := t.TempDir()
	cfg := NPMConfig{DataDir: dataDir, Version: "9.9.9"}
	calls := 0
	dir, err := syncTarball(context.Background(), cfg, want, fetchBytes(data, &calls))
	if err != nil {
		t.Fatal(err)
	}
	if dir != CorpusDir(dataDir, "9.9.9") {
		t.Errorf("dir = %q", dir)
	}
	wantFiles := []string{markerFile, "changelogs/workos-platform.json", "docs/guide.mdx", "docs/sso/index.mdx"}
	if diff := cmp.Diff(wantFiles, listTree(t, dir)); diff != "" {
		t.Errorf("extracted files (-want +got)\n%s", diff)
	}
	// Nothing but the version directory is left in the parent.
	if diff := cmp.Diff([]string{"9.9.9/" + markerFile, "9.9.9/changelogs/workos-platform.json", "9.9.9/docs/guide.mdx", "9.9.9/docs/sso/index.mdx"},
		listTree(t, filepath.Dir(dir))); diff != "" {
		t.Errorf("leftovers (-want +got)\n%s", diff)
	}
	// Present and verified: no second download.
	if _, err := syncTarball(context.Background(), cfg, want, fetchBytes(data, &calls)); err != nil || calls != 1 {
		t.Errorf("second sync: err %v, downloads %d (want 1)", err, calls)
	}
	c, err := Load(context.Background(), dir, Options{Name: "workos", Version: "9.9.9"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Pages) != 2 || len(c.Changelog) != 1 {
		t.Errorf("loaded %d pages and %d changelog entries", len(c.Pages), len(c.Changelog))
	}
}

func TestSyncReplacesStaleDir(t *testing.T) {
	data := makeTarball(t, goodEntries)
	dataDir := t.TempDir()
	stale := CorpusDir(dataDir, "9.9.9")
	mustWrite(t, filepath.Join(stale, "docs", "old.mdx"), "old")
	mustWrite(t, filepath.Join(stale, markerFile), "sha512-somethingelse")
	calls := 0
	dir, err := syncTarball(context.Background(), NPMConfig{DataDir: dataDir, Version: "9.9.9"}, integrityOf(data), fetchBytes(data, &calls))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "docs", "old.mdx")); !os.IsNotExist(err) {
		t.Error("stale file survived")
	}
}

func TestSyncRejects(t *testing.T) {
	good := makeTarball(t, goodEntries)
	tests := []struct {
		name    string
		data    []byte
		want    string // integrity; "" = that of data
		wantErr string
	}{
		{"integrity mismatch", good, "sha512-AAAA", "integrity mismatch"},
		{"not gzip", []byte("plain text"), "", "read tarball"},
		{"dotdot", makeTarball(t, append(goodEntries[:3:3], tarEntry{name: "package/.docs/organized/docs/../../../../evil.mdx", body: "x"})), "", `".."`},
		{"dotdot outside prefix", makeTarball(t, []tarEntry{{name: "../evil", body: "x"}}), "", `".."`},
		{"absolute", makeTarball(t, []tarEntry{{name: "/etc/evil", body: "x"}}), "", "absolute"},
		{"symlink", makeTarball(t, append(goodEntries[:3:3], tarEntry{name: "package/.docs/organized/docs/link.mdx", typeflag: tar.TypeSymlink, linkname: "/etc/passwd"})), "", "not allowed"},
		{"hardlink", makeTarball(t, append(goodEntries[:3:3], tarEntry{name: "package/.docs/organized/docs/hard.mdx", typeflag: tar.TypeLink, linkname: "package/package.json"})), "", "not allowed"},
		{"no docs", makeTarball(t, []tarEntry{{name: "package/package.json", body: "{}"}}), "", "no docs"},
		{"duplicate entry", makeTarball(t, append(goodEntries[:4:4], goodEntries[3])), "", "extract"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := t.TempDir()
			want := tt.want
			if want == "" {
				want = integrityOf(tt.data)
			}
			calls := 0
			_, err := syncTarball(context.Background(), NPMConfig{DataDir: dataDir, Version: "9.9.9"}, want, fetchBytes(tt.data, &calls))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if left := listTree(t, filepath.Join(dataDir, "corpus")); len(left) > 0 {
				t.Errorf("files left behind: %v", left)
			}
			if entries, _ := os.ReadDir(filepath.Join(dataDir, "corpus", "workos")); len(entries) > 0 {
				t.Errorf("directories left behind: %v", entries)
			}
		})
	}
}

func TestSyncNPMUnknownVersion(t *testing.T) {
	_, err := SyncNPM(context.Background(), NPMConfig{DataDir: t.TempDir(), Version: "0.0.7"})
	if err == nil || !strings.Contains(err.Error(), "0.1.0, 0.2.0") {
		t.Errorf("err = %v, want the supported versions listed", err)
	}
}

func TestSyncNPMFetchError(t *testing.T) {
	dataDir := t.TempDir()
	_, err := syncTarball(context.Background(), NPMConfig{DataDir: dataDir, Version: "9.9.9"}, "sha512-x",
		func(ctx context.Context, dir string) (string, error) { return "", errors.New("registry unreachable") })
	if err == nil || !strings.Contains(err.Error(), "registry unreachable") {
		t.Errorf("err = %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dataDir, "corpus", "workos")); len(entries) > 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestSyncNPMFakeNPM runs SyncNPM end to end against a fake npm script that
// "packs" a tarball whose integrity is not the pinned one: the arguments are
// checked and the mismatch leaves nothing behind.
func TestSyncNPMFakeNPM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell script fake")
	}
	bin := t.TempDir()
	tgz := filepath.Join(bin, "fixture.tgz")
	if err := os.WriteFile(tgz, makeTarball(t, goodEntries), 0o644); err != nil {
		t.Fatal(err)
	}
	argsFile := filepath.Join(bin, "args")
	script := "#!/bin/sh\n" +
		"echo \"$@\" > " + argsFile + "\n" +
		"dest=\"\"\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --pack-destination ]; then dest=\"$2\"; fi; shift; done\n" +
		"cp " + tgz + " \"$dest/workos-mcp-docs-server-0.2.0.tgz\"\n" +
		"echo '[{\"filename\": \"workos-mcp-docs-server-0.2.0.tgz\"}]'\n"
	npm := filepath.Join(bin, "npm")
	if err := os.WriteFile(npm, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	_, err := SyncNPM(context.Background(), NPMConfig{DataDir: dataDir, NPM: npm})
	if err == nil || !strings.Contains(err.Error(), "integrity mismatch") {
		t.Fatalf("err = %v, want an integrity mismatch", err)
	}
	args, _ := os.ReadFile(argsFile)
	if !strings.HasPrefix(string(args), "pack @workos/mcp-docs-server@0.2.0 --json --pack-destination ") {
		t.Errorf("npm args = %q", args)
	}
	if entries, _ := os.ReadDir(filepath.Join(dataDir, "corpus", "workos")); len(entries) > 0 {
		t.Errorf("left behind: %v", entries)
	}
	// A failing npm is a clear error too.
	if err := os.WriteFile(npm, []byte("#!/bin/sh\necho 'npm ERR! 404' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := SyncNPM(context.Background(), NPMConfig{DataDir: dataDir, NPM: npm}); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("failing npm: err = %v", err)
	}
}

func TestSafeEntryName(t *testing.T) {
	for _, bad := range []string{"/abs", "a/../../b", "..", `C:\x`, "a\x00b", `..\x`} {
		if _, err := safeEntryName(bad); err == nil {
			t.Errorf("safeEntryName(%q) accepted", bad)
		}
	}
	for _, ok := range []string{"package/a.mdx", "package/./b/c.mdx", "package/a..b.mdx"} {
		if _, err := safeEntryName(ok); err != nil {
			t.Errorf("safeEntryName(%q): %v", ok, err)
		}
	}
}
