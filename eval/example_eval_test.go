package eval_test

import (
	"fmt"
	"strings"

	"github.com/docseek/docseek/eval"
	"github.com/docseek/docseek/retrieval"
)

// A question file is JSON Lines; ScorePage scores one ranked list against a
// question's ground truth.
func ExampleScorePage() {
	qs, err := eval.ReadQuestions(strings.NewReader(
		`{"id":"q1","query":"how do I rotate keys?","relevant":[{"path":"keys/index","section":"Rotation"}],"kind":"howto"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	results := []retrieval.Result{
		{Path: "billing", Anchor: "invoices"},
		{Path: "keys", Anchor: "rotation", Section: "Rotation", Breadcrumb: []string{"Keys", "Rotation"}},
	}
	m := eval.ScorePage(results, qs[0].Relevant)
	fmt.Printf("Recall@1 %.0f, Recall@5 %.0f, MRR@10 %.2f\n", m.Recall1, m.Recall5, m.MRR10)
	// Output: Recall@1 0, Recall@5 1, MRR@10 0.50
}
