package eval

import (
	"fmt"
	"os"
)

// ReadQuestionsFile reads a question file (see ReadQuestions). An error
// opening it is returned as is; a bad file's error names the file.
func ReadQuestionsFile(path string) ([]Question, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	qs, err := ReadQuestions(f)
	if err != nil {
		return nil, fmt.Errorf("read %q: %w", path, err)
	}
	return qs, nil
}
