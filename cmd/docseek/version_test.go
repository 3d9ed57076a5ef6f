package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// fakeModelDir writes a model folder whose marker checks out (FindModel
// reads only the marker and sizes) and returns it.
func fakeModelDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), defaultModel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "model.safetensors"), []byte("weights"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(embed.ModelInfo{Model: defaultModel, ID: "x/" + defaultModel, Files: []embed.FileInfo{{Name: "model.safetensors", Size: 7}}})
	if err := os.WriteFile(filepath.Join(dir, embed.MarkerFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fakeDocsPackage writes an installed @workos/mcp-docs-server folder of
// version (no npm record of it) and returns it.
func fakeDocsPackage(t *testing.T, version string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mcp-docs-server")
	if err := os.MkdirAll(filepath.Join(dir, ".docs", "organized", "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]string{"name": corpus.NPMPackage, "version": version})
	if err := os.WriteFile(filepath.Join(dir, "package.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestVersionShowsWhereThingsAreFound(t *testing.T) {
	model := fakeModelDir(t)
	docs := fakeDocsPackage(t, "0.2.0")
	data := t.TempDir()
	t.Setenv("DOCSEEK_DOCS_PACKAGE", docs)
	out, _, err := embedCLI(t, "version", "--json", "--data-dir", data, "--model-dir", model)
	if err != nil {
		t.Fatal(err)
	}
	var r versionReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if r.Version == "" || r.Go == "" || (r.Kernels != "simd" && r.Kernels != "portable") {
		t.Errorf("version, go, kernels = %q, %q, %q", r.Version, r.Go, r.Kernels)
	}
	if r.Model.Dir != model || r.Model.Source != embed.FromFlag || !r.Model.Present {
		t.Errorf("model = %+v, want %s from the flag", r.Model, model)
	}
	byVersion := map[string]catalog.DocsFound{}
	for _, d := range r.Docs {
		byVersion[d.Version] = d
	}
	if d := byVersion["0.2.0"]; d.Source != corpus.FromEnv || d.Dir != filepath.Join(docs, ".docs", "organized") {
		t.Errorf("docs 0.2.0 = %+v, want the package from the environment", d)
	}
	if d := byVersion["0.1.0"]; d.Dir != "" || !strings.Contains(d.Skipped, "0.2.0") {
		t.Errorf("docs 0.1.0 = %+v, want not found, the 0.2.0 package passed over", d)
	}
	if len(r.Bundles) == 0 || len(r.Bundles[0].SHA256) != 64 {
		t.Errorf("bundles = %+v", r.Bundles)
	}

	text, _, err := embedCLI(t, "version", "--data-dir", data, "--model-dir", model)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"model    " + defaultModel + " at " + model + " (flag)", "0.2.0 at " + docs, "(environment)"} {
		if !strings.Contains(text, want) {
			t.Errorf("version output lacks %q:\n%s", want, text)
		}
	}
}

func TestServeRefusesABrokenModel(t *testing.T) {
	model := fakeModelDir(t)
	if err := os.Truncate(filepath.Join(model, "model.safetensors"), 3); err != nil {
		t.Fatal(err)
	}
	// stdin stays open: a server that started would block here.
	r, w, _ := os.Pipe()
	defer w.Close()
	defer r.Close()
	var out, errOut strings.Builder
	err := run(t.Context(), []string{"serve", "--data-dir", t.TempDir(), "--model-dir", model}, r, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "model.safetensors") || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("serve with a truncated model: err = %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout = %q, want nothing (no MCP server started)", out.String())
	}
}
