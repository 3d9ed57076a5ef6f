package bert_test

import (
	"fmt"
	"path/filepath"

	"github.com/docseek/docseek/embed/bert"
)

func ExampleTokenizer_Encode() {
	// testdata/tiny holds a hand-made 43-piece vocabulary; a real model
	// folder (all-MiniLM-L6-v2) works the same way. The colon is not in
	// the tiny vocabulary, so it becomes [UNK].
	tok, err := bert.LoadTokenizer(filepath.Join("testdata", "tiny"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range tok.Encode("Café: dsync.user.created", 16) {
		fmt.Print(tok.Token(id), " ")
	}
	fmt.Println()
	// Output: [CLS] cafe [UNK] ds ##ync . user . created [SEP]
}
