package bert

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// modelDir finds all-MiniLM-L6-v2 where docseek keeps it. Without it the
// test skips, unless DOCSEEK_REQUIRE_DATA=1 (as `make test` sets), when it
// fails.
func modelDir(t testing.TB) string {
	t.Helper()
	var dirs []string
	if d := os.Getenv("DOCSEEK_DATA_DIR"); d != "" {
		dirs = append(dirs, filepath.Join(d, "models", "all-MiniLM-L6-v2"))
	}
	if c, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(c, "docseek", "models", "all-MiniLM-L6-v2"))
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "model.safetensors")); err == nil {
			return d
		}
	}
	if os.Getenv("DOCSEEK_REQUIRE_DATA") == "1" {
		t.Fatalf("model all-MiniLM-L6-v2 not found in %q; run `docseek model fetch`", dirs)
	}
	t.Skipf("model all-MiniLM-L6-v2 not found in %q; run `docseek model fetch`", dirs)
	return ""
}

var (
	sharedOnce  sync.Once
	sharedModel *Model
	sharedErr   error
)

// testModel loads the model once for all tests and benchmarks of the run.
func testModel(t testing.TB) *Model {
	t.Helper()
	dir := modelDir(t)
	sharedOnce.Do(func() { sharedModel, sharedErr = Load(dir) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedModel
}

// referenceFile is testdata/reference.json, written by
// scripts/reference_vectors.py.
type referenceFile struct {
	Comment      string `json:"comment"`
	Reference    string `json:"reference"`
	MaxSeqLength int    `json:"max_seq_length"`
	Cases        []struct {
		Name   string    `json:"name"`
		Text   string    `json:"text"`
		IDs    []int32   `json:"ids"`
		Pieces int       `json:"pieces"`
		Vector []float32 `json:"vector"`
	} `json:"cases"`
}

func readReference(t testing.TB) referenceFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref referenceFile
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) < 30 {
		t.Fatalf("reference.json has %d cases, want at least 30", len(ref.Cases))
	}
	return ref
}

// benchTexts is testdata/bench_texts.json, shared with
// scripts/bench_reference.py.
type benchTexts struct {
	Query string   `json:"query"`
	Bulk  []string `json:"bulk"`
}

func readBenchTexts(t testing.TB) benchTexts {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "bench_texts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var bt benchTexts
	if err := json.Unmarshal(b, &bt); err != nil {
		t.Fatal(err)
	}
	return bt
}
