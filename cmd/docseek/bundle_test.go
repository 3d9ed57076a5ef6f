package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/bundles"
)

func writeDocs(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var bundleDocs = map[string]string{
	"widgets/index.md": "---\ntitle: Widgets\ndescription: All about widgets.\n---\n\nWidgets connect to gadgets.\n\n## Install the widget\n\nRun the installer and restart the gadget service.\n\n## Configure the widget\n\nSet `WIDGET_MODE` to `fast` in the configuration file.\n",
	"gadgets/setup.md": "---\ntitle: Gadget setup\n---\n\nA gadget needs a widget first.\n\n## Troubleshooting\n\nIf the gadget does not start, check the widget logs.\n",
}

func TestBundleBuildAndVerify(t *testing.T) {
	srv := embeddingServer(t, sha256Vector)
	docs, data := t.TempDir(), t.TempDir()
	writeDocs(t, docs, bundleDocs)
	out := filepath.Join(t.TempDir(), "docs.dsb")
	common := []string{"--docs", docs, "--data-dir", data, "--embedder", "openai", "--openai-base-url", srv.URL, "--openai-model", "fake-embed"}
	docseek := func(args ...string) (string, error) {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append(args, common...), strings.NewReader(""), &stdout, &stderr)
		return stdout.String() + stderr.String(), err
	}

	for i, enc := range []string{"float16", "int8"} {
		before := srv.Texts()
		if msg, err := docseek("bundle", "build", "--out", out, "--encoding", enc); err != nil {
			t.Fatalf("bundle build --encoding %s: %v\n%s", enc, err, msg)
		}
		// The second build reuses the first one's vectors: only the
		// embedder's start-up probe reaches the endpoint.
		if i == 1 && srv.Texts()-before > 1 {
			t.Errorf("rebuild embedded %d texts, want the vectors reused", srv.Texts()-before-1)
		}
	}
	b, err := bundles.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if b.Manifest.Model != "fake-embed" || b.Manifest.Dimensions != 8 || b.Manifest.Encoding != bundles.EncodingInt8 || b.Len() == 0 {
		t.Errorf("manifest %+v, %d vectors", b.Manifest, b.Len())
	}
	if srv.Texts() == 0 {
		t.Error("the embeddings endpoint was not called")
	}

	msg, err := docseek("bundle", "verify", "--file", out)
	if err != nil || !strings.Contains(msg, "covers all") {
		t.Fatalf("verify: %v\n%s", err, msg)
	}

	// A changed page: the bundle no longer covers the corpus.
	writeDocs(t, docs, map[string]string{"gadgets/setup.md": strings.Replace(bundleDocs["gadgets/setup.md"], "check the widget logs", "check the gadget logs", 1)})
	if msg, err := docseek("bundle", "verify", "--file", out); err == nil || !strings.Contains(err.Error(), "lacks vectors for 1 of") {
		t.Errorf("verify after a change: err = %v, want it to say a chunk lacks a vector\n%s", err, msg)
	}

	// Another model.
	var stdout, stderr bytes.Buffer
	args := append([]string{"bundle", "verify", "--file", out}, common...)
	args = append(args, "--openai-model", "other-embed")
	if err := run(context.Background(), args, nil, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), `bundle built with model "fake-embed"`) {
		t.Errorf("verify for another model: err = %v", err)
	}

	// A damaged file.
	raw, _ := os.ReadFile(out)
	if err := os.WriteFile(out, raw[:len(raw)-5], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := docseek("bundle", "verify", "--file", out); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("verify of a truncated bundle: err = %v", err)
	}

	// No committed bundle for a --docs folder.
	if _, err := docseek("bundle", "verify"); err == nil || !strings.Contains(err.Error(), "no committed bundle") {
		t.Errorf("verify without a committed bundle: err = %v", err)
	}
}

func TestBundleUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"bundle"}, "no subcommand"},
		{[]string{"bundle", "shrink"}, `unknown subcommand "shrink"`},
		{[]string{"bundle", "build", "--encoding", "int4"}, `--encoding "int4"`},
		{[]string{"bundle", "build", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tt.args, nil, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2 {
			t.Errorf("%v: err = %v (exit %d), want a usage error mentioning %q", tt.args, err, exitCode(err), tt.want)
		}
	}
}
