package bert

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/docseek/docseek/internal/realdata"
)

// modelDir finds all-MiniLM-L6-v2 where docseek keeps it; the test skips
// when it is absent (fails under make test).
func modelDir(t testing.TB) string {
	t.Helper()
	rel := filepath.Join("models", "all-MiniLM-L6-v2")
	data := realdata.Find(t, "model all-MiniLM-L6-v2 (docseek model fetch)", func(d string) bool {
		_, err := os.Stat(filepath.Join(d, rel, "model.safetensors"))
		return err == nil
	})
	return filepath.Join(data, rel)
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
