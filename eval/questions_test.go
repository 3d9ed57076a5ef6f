package eval

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
)

// TestQuestionFilesMatchCorpus checks the ground truth of our question sets:
// every relevant path is a page of its corpus version and every named
// section is a heading on that page (or a changelog entry title).
func TestQuestionFilesMatchCorpus(t *testing.T) {
	for _, version := range corpus.SupportedVersions() {
		t.Run(version, func(t *testing.T) {
			file := filepath.Join("..", "eval", "workos-"+version+".jsonl")
			qs, err := ReadQuestionsFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := corpustest.Real(t, version)
			for _, err := range CheckQuestions(c, qs) {
				t.Errorf("%s: %v", file, err)
			}
		})
	}
}

func TestReadQuestionsFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"id":"a"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadQuestionsFile(bad); err == nil || !strings.Contains(err.Error(), `read "`+bad+`": line 1`) {
		t.Errorf("a bad file: err = %v, want it named with the line", err)
	}
	if _, err := ReadQuestionsFile(filepath.Join(dir, "missing.jsonl")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: err = %v, want fs.ErrNotExist", err)
	}
}
