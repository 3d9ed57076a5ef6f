package eval

import (
	"os"
	"path/filepath"
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
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			qs, err := ReadQuestions(f)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			c := corpustest.Real(t, version)
			for _, err := range CheckQuestions(c, qs) {
				t.Errorf("%s: %v", file, err)
			}
		})
	}
}
