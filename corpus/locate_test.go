package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakePackage writes an installed @workos/mcp-docs-server folder at
// root/node_modules/@workos/mcp-docs-server with one doc page, and, when
// integrity is not "", npm's hidden lockfile recording it. It returns the
// package folder.
func fakePackage(t *testing.T, root, name, version, integrity string) string {
	t.Helper()
	nm := filepath.Join(root, "node_modules")
	dir := filepath.Join(nm, filepath.FromSlash(name))
	docs := filepath.Join(dir, ".docs", "organized", "docs", "sso")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeJSON(t, filepath.Join(dir, "package.json"), map[string]string{"name": name, "version": version})
	if err := os.WriteFile(filepath.Join(docs, "index.mdx"), []byte("---\ntitle: SSO\n---\n\n# SSO\n\nSingle sign-on.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if integrity != "" {
		writeJSON(t, filepath.Join(nm, ".package-lock.json"), map[string]any{
			"name": "x", "lockfileVersion": 3,
			"packages": map[string]any{"node_modules/" + name: map[string]string{"version": version, "integrity": integrity}},
		})
	}
	return dir
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeSynced writes a synced layout of version under dataDir, as SyncNPM
// leaves it.
func fakeSynced(t *testing.T, dataDir, version string) string {
	t.Helper()
	dir := CorpusDir(dataDir, version)
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, markerFile), []byte(npmIntegrity[version]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFindDocs(t *testing.T) {
	pin := npmIntegrity["0.2.0"]
	root := t.TempDir()
	pkg := fakePackage(t, filepath.Join(root, "a"), NPMPackage, "0.2.0", pin)
	unrecorded := fakePackage(t, filepath.Join(root, "b"), NPMPackage, "0.2.0", "")
	old := fakePackage(t, filepath.Join(root, "c"), NPMPackage, "0.1.0", npmIntegrity["0.1.0"])
	tampered := fakePackage(t, filepath.Join(root, "d"), NPMPackage, "0.2.0", "sha512-AAAA")
	otherName := fakePackage(t, filepath.Join(root, "e"), "@workos/other", "0.2.0", "")
	bin, data, empty := filepath.Join(root, "bin"), filepath.Join(root, "data"), t.TempDir()
	inBin := fakeSynced(t, bin, "0.2.0")
	inData := fakeSynced(t, data, "0.2.0")
	content := func(p string) string { return filepath.Join(p, ".docs", "organized") }

	tests := []struct {
		name    string
		search  DocsSearch
		want    DocsLocation
		wantErr string
	}{
		{"flag first", DocsSearch{Flag: pkg, Env: unrecorded, BinaryDir: bin, DataDir: data},
			DocsLocation{Version: "0.2.0", Dir: content(pkg), Source: FromFlag, Integrity: pin}, ""},
		{"env, no npm record", DocsSearch{Env: unrecorded, BinaryDir: bin, DataDir: data},
			DocsLocation{Version: "0.2.0", Dir: content(unrecorded), Source: FromEnv}, ""},
		{"env of another version is passed over", DocsSearch{Env: old, BinaryDir: bin, DataDir: data},
			DocsLocation{Version: "0.2.0", Dir: inBin, Source: FromBinary, Integrity: pin, Skipped: old + " holds " + NPMPackage + " 0.1.0, not 0.2.0"}, ""},
		{"env of the asked version", DocsSearch{Version: "0.1.0", Env: old, DataDir: empty},
			DocsLocation{Version: "0.1.0", Dir: content(old), Source: FromEnv, Integrity: npmIntegrity["0.1.0"]}, ""},
		{"data dir", DocsSearch{BinaryDir: empty, DataDir: data},
			DocsLocation{Version: "0.2.0", Dir: inData, Source: FromDataDir, Integrity: pin}, ""},
		{"not found: fetch", DocsSearch{Version: "0.1.0", BinaryDir: bin, DataDir: data},
			DocsLocation{Version: "0.1.0"}, ""},
		{"flag of another version is an error", DocsSearch{Flag: old, DataDir: data}, DocsLocation{}, "holds @workos/mcp-docs-server 0.1.0, want 0.2.0"},
		{"flag of another package", DocsSearch{Flag: otherName, DataDir: data}, DocsLocation{}, `is "@workos/other"`},
		{"flag without package.json", DocsSearch{Flag: empty, DataDir: data}, DocsLocation{}, "package.json"},
		{"integrity npm recorded differs from the pin", DocsSearch{Env: tampered, DataDir: data}, DocsLocation{}, "refusing"},
		{"unsupported version", DocsSearch{Version: "9.9.9", DataDir: data}, DocsLocation{}, "unsupported corpus version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindDocs(tt.search)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("FindDocs = %+v, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("FindDocs =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

func TestPackageContentLoads(t *testing.T) {
	pkg := fakePackage(t, t.TempDir(), NPMPackage, "0.2.0", "")
	p, err := ReadPackage(pkg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(t.Context(), p.ContentDir(), Options{Name: "workos", Version: p.Version})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Pages) != 1 || c.Pages[0].Path != "sso/index" {
		t.Errorf("pages = %d, first %+v", len(c.Pages), c.Pages)
	}
}

func TestReadPackageWithoutDocs(t *testing.T) {
	pkg := fakePackage(t, t.TempDir(), NPMPackage, "0.2.0", "")
	if err := os.RemoveAll(filepath.Join(pkg, ".docs")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPackage(pkg); err == nil || !strings.Contains(err.Error(), "incomplete install") {
		t.Errorf("err = %v, want an incomplete install", err)
	}
}

func TestGivenFolders(t *testing.T) {
	tests := []struct {
		name      string
		flag, env string
		want      []Given
	}{
		{"none", "", "", nil},
		{"flag before env", "f", "e", []Given{{"f", FromFlag}, {"e", FromEnv}}},
		{"env alone", "", "e", []Given{{"e", FromEnv}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, GivenFolders(tt.flag, tt.env)); diff != "" {
				t.Errorf("GivenFolders(%q, %q) (-want +got):\n%s", tt.flag, tt.env, diff)
			}
		})
	}
}
