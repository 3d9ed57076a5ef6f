package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/embed/embedtest"
	"github.com/docseek/docseek/internal/realdata"
)

// embedCLI runs docseek with args and returns stdout, stderr and the error.
func embedCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

// tenDims answers every input with the vector 1, 2, ..., 10 (before
// normalisation).
func tenDims(string) []float32 {
	v := make([]float32, 10)
	for j := range v {
		v[j] = float32(j + 1)
	}
	return v
}

func TestEmbedCommandOpenAI(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	srv := embedtest.NewServerFunc(t, tenDims)
	common := []string{"--data-dir", t.TempDir(), "--embedder", "openai",
		"--openai-base-url", srv.URL + "/v1", "--openai-model", "fake-embed"}

	out, _, err := embedCLI(t, append(append([]string{"embed"}, common...), "how", "do", "I", "rotate", "keys")...)
	if err != nil {
		t.Fatal(err)
	}
	// 1..10 normalised: i / sqrt(385).
	want := "model       fake-embed\ndimensions  10\n" +
		"vector[:8]  [0.050965 0.101929 0.152894 0.203859 0.254824 0.305788 0.356753 0.407718]\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}

	// Flags after the text, and --json with the whole vector.
	out, _, err = embedCLI(t, append(append([]string{"embed", "--query", "rotate keys"}, common...), "--json")...)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Model      string
		Dimensions int
		Tokens     *int
		Vector     []float32
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if got.Model != "fake-embed" || got.Dimensions != 10 || len(got.Vector) != 10 || got.Tokens != nil {
		t.Errorf("JSON = %+v", got)
	}
	// The probe, then each text as given.
	if diff := cmp.Diff([]string{"dimension probe", "how do I rotate keys", "dimension probe", "rotate keys"}, slices.Concat(srv.Inputs()...)); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
}

func TestEmbedCommandErrors(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	data := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		wantUsage bool
		wantIs    error
		wantErr   []string
	}{
		{name: "no text", args: []string{"embed", "--data-dir", data}, wantUsage: true, wantErr: []string{"no text"}},
		{name: "model missing", args: []string{"embed", "--data-dir", data, "hello"}, wantIs: embed.ErrModelMissing,
			wantErr: []string{"does not exist", "docseek model fetch --model all-MiniLM-L6-v2 --data-dir " + data}},
		{name: "bge missing", args: []string{"embed", "--data-dir", data, "--model", "bge-small-en-v1.5", "hello"},
			wantIs: embed.ErrModelMissing, wantErr: []string{"docseek model fetch --model bge-small-en-v1.5 --data-dir " + data}},
		{name: "unknown model", args: []string{"embed", "--data-dir", data, "--model", "nope", "hello"},
			wantUsage: true, wantErr: []string{`unknown model "nope"`}},
		{name: "unknown embedder", args: []string{"embed", "--data-dir", data, "--embedder", "magic", "hello"},
			wantUsage: true, wantErr: []string{`--embedder "magic"`}},
		{name: "openai without key", args: []string{"embed", "--data-dir", data, "--embedder", "openai",
			"--openai-base-url", "https://api.openai.com/v1", "hello"}, wantErr: []string{"OPENAI_API_KEY is not set"}},
		{name: "unknown flag", args: []string{"embed", "--bogus", "hello"}, wantUsage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := embedCLI(t, tt.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if got := exitCode(err) == 2; got != tt.wantUsage {
				t.Errorf("usage error = %v, want %v (err %v)", got, tt.wantUsage, err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want errors.Is %v", err, tt.wantIs)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestEmbedCommandOpenAIDown(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"model \"nope\" not found"}}`, http.StatusNotFound)
	}))
	defer srv.Close()
	_, _, err := embedCLI(t, "embed", "--embedder", "openai", "--openai-base-url", srv.URL+"/v1", "--openai-model", "nope", "hi")
	for _, w := range []string{srv.URL + "/v1/embeddings", `model "nope"`, "404"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("err = %v, want it to contain %q", err, w)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args     []string
		wantPos  []string
		wantJSON bool
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, false},
		{[]string{"--json", "a"}, []string{"a"}, true},
		{[]string{"a", "--json", "b"}, []string{"a", "b"}, true},
		{[]string{"a", "--", "--json"}, []string{"a", "--json"}, false},
		{[]string{"--", "-x"}, []string{"-x"}, false},
		{[]string{""}, []string{""}, false},
		{nil, nil, false},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		asJSON := fs.Bool("json", false, "")
		pos, err := parseInterspersed(fs, tt.args)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.wantPos, pos); diff != "" || *asJSON != tt.wantJSON {
			t.Errorf("%q: json %v, positional (-want +got):\n%s", tt.args, *asJSON, diff)
		}
	}
}

// modelDataDir finds a data dir holding the fetched MiniLM; the test skips
// when there is none (fails under make test).
func modelDataDir(t *testing.T) string {
	t.Helper()
	return realdata.Find(t, "the model (docseek model fetch)", func(d string) bool {
		_, err := embed.ReadModelInfo(embed.ModelDir(d, embed.DefaultModel))
		return err == nil
	})
}

// TestEmbedCommandLocal runs `docseek embed` on the real model.
func TestEmbedCommandLocal(t *testing.T) {
	data := modelDataDir(t)
	out, _, err := embedCLI(t, "embed", "--data-dir", data, "--json", "dsync.user.created")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Model      string
		Dimensions int
		Tokens     int
		Vector     []float32
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// dsync . user . created: 7 word pieces (see embed/bert/testdata/reference.json).
	if got.Model != "sentence-transformers/all-MiniLM-L6-v2" || got.Dimensions != 384 || len(got.Vector) != 384 || got.Tokens != 7 {
		t.Errorf("got model %q, dims %d, %d values, %d tokens", got.Model, got.Dimensions, len(got.Vector), got.Tokens)
	}
	out, _, err = embedCLI(t, "embed", "--data-dir", data, strings.Repeat("word ", 300))
	if err != nil {
		t.Fatal(err)
	}
	if want := "tokens      300 (truncated: the model reads the first 254)\n"; !strings.Contains(out, want) {
		t.Errorf("stdout lacks %q:\n%s", want, out)
	}
}
