package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		name, spec string
		want       LibraryConfig
		err        string
	}{
		{"folder", "react=DIR", LibraryConfig{Name: "react", Dir: "DIR"}, ""},
		{"every key", " react = DIR ,base=https://react.dev,version=19,include=learn/**,include=reference/**,exclude=blog/**",
			LibraryConfig{Name: "react", Dir: "DIR", BaseURL: "https://react.dev", Version: "19",
				Include: []string{"learn/**", "reference/**"}, Exclude: []string{"blog/**"}}, ""},
		{"base_url spelling", "a=d,base_url=https://a.dev", LibraryConfig{Name: "a", Dir: "d", BaseURL: "https://a.dev"}, ""},
		{"no dir", "react", LibraryConfig{}, `"react": want NAME=DIR`},
		{"empty name", "=DIR", LibraryConfig{}, `want NAME=DIR`},
		{"not key=value", "a=d,base", LibraryConfig{}, `"base" is not KEY=VALUE`},
		{"unknown key", "a=d,color=red", LibraryConfig{}, `unknown key "color"`},
		{"keep number prefixes", "a=d,keep_number_prefixes=true", LibraryConfig{Name: "a", Dir: "d", KeepNumberPrefixes: true}, ""},
		{"keep number prefixes, not a bool", "a=d,keep_number_prefixes=yes please", LibraryConfig{}, "want true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSpec(tt.spec)
			if tt.err != "" {
				if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseSpec(%q) err = %v, want ErrConfig with %q", tt.spec, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSpec(%q) (-want +got):\n%s", tt.spec, diff)
			}
		})
	}
}

func TestReadFileAndSelect(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ConfigFileName)
	yaml := "data_dir: data\nlibraries:\n  - name: guide\n    dir: docs/guide\n    version: \"2\"\n    base_url: https://guide.example\n    exclude: [\"blog/**\"]\n    keep_number_prefixes: true\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := File{DataDir: filepath.Join(dir, "data"), Libraries: []LibraryConfig{{Name: "guide", Version: "2",
		Dir: filepath.Join(dir, "docs/guide"), BaseURL: "https://guide.example", Exclude: []string{"blog/**"}, KeepNumberPrefixes: true}}}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("ReadFile (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		v    string
		want LibraryConfig
		err  bool
	}{
		{"guide", want.Libraries[0], false},
		{"guide@2", want.Libraries[0], false},
		{"workos@0.1.0", LibraryConfig{Name: WorkOS, Version: "0.1.0"}, false},
		{"guide@3", LibraryConfig{}, true},
		{"react", LibraryConfig{}, true},
	} {
		got, err := f.Select(tt.v)
		if (err != nil) != tt.err || (err != nil && !errors.Is(err, ErrConfig)) {
			t.Errorf("Select(%q) err = %v, want error %v (ErrConfig)", tt.v, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Select(%q) (-want +got):\n%s", tt.v, diff)
		}
	}

	if err := os.WriteFile(path, []byte("libraries:\n  - nme: guide\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "nme") {
		t.Errorf("a misspelt key: err = %v, want ErrConfig naming it", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.yaml")); err == nil || errors.Is(err, ErrConfig) {
		t.Errorf("a missing file: err = %v, want an I/O error", err)
	}
}

func TestFolderName(t *testing.T) {
	app := filepath.Join(t.TempDir(), "My App")
	if err := os.Mkdir(app, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(app) // relative folders are taken from here
	for in, want := range map[string]string{
		"/home/me/My Docs/":        "my-docs",
		"react.dev":                "react.dev",
		"Vite_Docs":                "vite_docs",
		"/":                        "docs",
		"/docs":                    "docs",
		"node_modules/ai/docs/":    "ai",
		"/srv/React/Documentation": "react",
		"docs":                     "my-app",
		"./.docs":                  "my-app",
		"./doc":                    "my-app",
		".":                        "my-app",
		strings.Repeat("x", 80):    strings.Repeat("x", 64),
	} {
		got := FolderName(in)
		if got != want || !ValidName(got) {
			t.Errorf("FolderName(%q) = %q (valid %v), want %q", in, got, ValidName(got), want)
		}
	}
}

func TestChoose(t *testing.T) {
	guide := LibraryConfig{Name: "guide", Version: "2", Dir: "docs/guide"}
	notes := LibraryConfig{Name: "notes", Dir: "docs/notes"}
	f := File{Libraries: []LibraryConfig{guide, notes}}
	react := LibraryConfig{Name: "react", Dir: "r", BaseURL: "https://react.example"}
	tests := []struct {
		name string
		file File
		ch   Choice
		want []LibraryConfig
		err  string
	}{
		{"nothing named: WorkOS", File{}, Choice{WorkOSVersion: "0.1.0"}, []LibraryConfig{{Name: WorkOS, Version: "0.1.0"}}, ""},
		{"the file's libraries", f, Choice{}, []LibraryConfig{guide, notes}, ""},
		{"selected only", f, Choice{Specs: []string{"notes"}}, []LibraryConfig{notes}, ""},
		{"selected WorkOS version", f, Choice{Specs: []string{"workos@0.1.0"}}, []LibraryConfig{{Name: WorkOS, Version: "0.1.0"}}, ""},
		{"defined adds to the file", f, Choice{Specs: []string{"react=r,base=https://react.example"}}, []LibraryConfig{guide, notes, react}, ""},
		{"selected, docs, then defined", f, Choice{Specs: []string{"react=r,base=https://react.example", "guide"}, Docs: "my/Docs", BaseURL: "https://d.example"},
			[]LibraryConfig{guide, {Name: "my", Dir: "my/Docs", BaseURL: "https://d.example"}, react}, ""},
		{"unknown selection", f, Choice{Specs: []string{"vue"}}, nil, `"vue": no library of that name`},
		{"bad spec", f, Choice{Specs: []string{"react=r,colour=red"}}, nil, `unknown key "colour"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.file.Choose(tt.ch)
			if tt.err != "" {
				if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want ErrConfig with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Choose (-want +got):\n%s", diff)
			}
		})
	}
}

// A folder's version defaults to that of the public npm package it is or
// is in; a private package.json (a project's own) or none gives "local".
func TestPackageVersion(t *testing.T) {
	write := func(t *testing.T, p, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name, file, json, want string
	}{
		{"parent is the package", "package.json", `{"name":"ai","version":"6.0.333"}`, "6.0.333"},
		{"folder is the package", "docs/package.json", `{"name":"guide","version":"2.1.0-beta.1"}`, "2.1.0-beta.1"},
		{"private project", "package.json", `{"name":"app","version":"1.0.0","private":true}`, LocalVersion},
		{"version with build metadata", "package.json", `{"version":"1.0.0+abc"}`, LocalVersion},
		{"not JSON", "package.json", `{"version":`, LocalVersion},
		{"no package.json", "README.md", "# Hi", LocalVersion},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, filepath.Join(root, "docs", "a.md"), "# A\n")
			write(t, filepath.Join(root, tt.file), tt.json)
			l := LibraryConfig{Name: "x", Dir: filepath.Join(root, "docs")}
			if err := l.resolve(); err != nil {
				t.Fatal(err)
			}
			if l.Version != tt.want {
				t.Errorf("version = %q, want %q", l.Version, tt.want)
			}
		})
	}
	l := LibraryConfig{Name: "x", Dir: t.TempDir(), Version: "9"}
	if err := l.resolve(); err != nil || l.Version != "9" {
		t.Errorf("a given version: %q, %v; want it kept", l.Version, err)
	}
}
