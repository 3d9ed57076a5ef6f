package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeStopsWhileLoading: serve --docs over a folder holding the
// reported 1.2 KB page of 30 nested list items (it never finished parsing),
// with an embeddings endpoint that never answers. The keyword index must
// serve (/healthz "degraded", not "loading" forever) and SIGTERM must end
// the process promptly while the semantic load is still waiting.
func TestServeStopsWhileLoading(t *testing.T) {
	bin := buildDocseek(t)
	docs := t.TempDir()
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "%s- item %d\n", strings.Repeat("  ", i), i)
	}
	for name, text := range map[string]string{
		"nested.md": "# Nested\n\n" + b.String(),
		"guide.md":  "# Guide\n\nThe gadget answers on port 8080.\n",
	} {
		if err := os.WriteFile(filepath.Join(docs, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	release := make(chan struct{})
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never answers while the test runs
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer stuck.Close()
	defer close(release)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--docs", docs, "--data-dir", t.TempDir(), "--http", "127.0.0.1:0",
		"--embedder", "openai", "--openai-base-url", stuck.URL, "--openai-model", "fake-32")
	url := startHTTP(t, cmd)
	health := strings.TrimSuffix(url, "/mcp") + "/healthz"
	status := ""
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(health)
		if err != nil {
			continue
		}
		var body map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if status = body["status"]; status != "loading" {
			break
		}
	}
	if status != "degraded" {
		t.Errorf("/healthz status %q after 30 s, want degraded (keyword search while the vectors load)", status)
	}
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("exit took %v after SIGTERM", d)
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatal("still running 60 s after SIGTERM while loading")
	}
}
