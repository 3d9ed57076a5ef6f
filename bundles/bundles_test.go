package bundles

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"strings"
	"testing"
)

func TestName(t *testing.T) {
	tests := []struct {
		corpus, version, model, want string
	}{
		{"workos", "0.2.0", "all-MiniLM-L6-v2", "workos-0.2.0-all-MiniLM-L6-v2.dsb"},
		{"workos", "0.1.0", "sentence-transformers/all-MiniLM-L6-v2", "workos-0.1.0-sentence-transformers_all-MiniLM-L6-v2.dsb"},
		{"my docs", "local", "../x", "my_docs-local-.._x.dsb"},
	}
	for _, tt := range tests {
		if got := Name(tt.corpus, tt.version, tt.model); got != tt.want {
			t.Errorf("Name(%q, %q, %q) = %q, want %q", tt.corpus, tt.version, tt.model, got, tt.want)
		}
	}
}

func TestOpenRefusesNonBundles(t *testing.T) {
	for _, name := range []string{"bundles.go", "README.md", "missing.dsb", "../bundles/x.dsb", ""} {
		if _, err := Open(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q): err = %v, want fs.ErrNotExist", name, err)
		}
	}
}

func TestList(t *testing.T) {
	for _, name := range List() {
		if !strings.HasSuffix(name, Ext) {
			t.Errorf("List has %q", name)
		}
		data, err := Open(name)
		if err != nil || len(data) == 0 {
			t.Errorf("Open(%q): %d bytes, %v", name, len(data), err)
		}
	}
}

func TestSums(t *testing.T) {
	sums := Sums()
	if len(sums) != len(List()) {
		t.Fatalf("Sums has %d entries, List %d", len(sums), len(List()))
	}
	for i, s := range sums {
		data, _ := Open(s.Name)
		want := sha256.Sum256(data)
		if s.Name != List()[i] || s.SHA256 != hex.EncodeToString(want[:]) {
			t.Errorf("Sums()[%d] = %+v, want %s with the sha256 of its %d bytes", i, s, List()[i], len(data))
		}
	}
}
