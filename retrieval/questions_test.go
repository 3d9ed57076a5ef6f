package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/docseek/docseek/corpus"
)

// testCorpusDir finds a synced WorkOS corpus version in the data dir
// ($DOCSEEK_DATA_DIR, else the user cache dir + /docseek). When it is absent
// the test skips, or fails under DOCSEEK_REQUIRE_DATA=1 (make test).
func testCorpusDir(t *testing.T, version string) string {
	t.Helper()
	data := os.Getenv("DOCSEEK_DATA_DIR")
	if data == "" {
		if cache, err := os.UserCacheDir(); err == nil {
			data = filepath.Join(cache, "docseek")
		}
	}
	dir := filepath.Join(data, "corpus", "workos", version) // the layout of corpus sync
	if _, err := os.Stat(filepath.Join(dir, "docs")); err != nil {
		msg := fmt.Sprintf("corpus %s not in %q (run: docseek corpus sync --corpus-version %s)", version, data, version)
		if os.Getenv("DOCSEEK_REQUIRE_DATA") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// TestQuestionFilesMatchCorpus checks the ground truth of our question sets:
// every relevant path is a page of its corpus version and every named
// section is a heading on that page (or a changelog entry title).
func TestQuestionFilesMatchCorpus(t *testing.T) {
	for _, version := range []string{"0.1.0", "0.2.0"} {
		t.Run(version, func(t *testing.T) {
			file := filepath.Join("..", "eval", "workos-"+version+".jsonl")
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			qs, err := ReadQuestions(f)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			c, err := corpus.Load(context.Background(), testCorpusDir(t, version), corpus.Options{Name: "workos", Version: version})
			if err != nil {
				t.Fatal(err)
			}
			for _, err := range CheckQuestions(c, qs) {
				t.Errorf("%s: %v", file, err)
			}
		})
	}
}
