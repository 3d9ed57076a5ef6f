// Package berttest is the encoder's test kit: the sentence-transformers
// reference vectors that every local embedding is checked against
// (embed/bert/testdata/reference.json, written by
// scripts/reference_vectors.py) and the cosine that compares them. It
// imports nothing of docseek's, so the bert package's own tests and the
// embed package's tests share it without an import cycle.
package berttest

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Case is one reference text: its word-piece ids and count, and the
// normalised vector sentence-transformers gives it.
type Case struct {
	Name   string    `json:"name"`
	Text   string    `json:"text"`
	IDs    []int32   `json:"ids"`
	Pieces int       `json:"pieces"`
	Vector []float32 `json:"vector"`
}

// Reference is the reference file.
type Reference struct {
	Comment      string `json:"comment"`
	Reference    string `json:"reference"`
	MaxSeqLength int    `json:"max_seq_length"`
	Cases        []Case `json:"cases"`
}

// MinCases is the fewest cases a usable reference file holds.
const MinCases = 30

// ReadReference reads the reference file, failing t when it is missing,
// malformed or holds fewer than MinCases cases.
func ReadReference(t testing.TB) Reference {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("berttest: cannot locate the reference file")
	}
	path := filepath.Join(filepath.Dir(here), "..", "testdata", "reference.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ref Reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(ref.Cases) < MinCases {
		t.Fatalf("%s has %d cases, want at least %d", path, len(ref.Cases), MinCases)
	}
	return ref
}

// Cosine is the cosine similarity of a and b, summed in float64 so that
// differences near 1e-7 are not rounding noise. It is NaN when either is
// all zeros.
func Cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}
