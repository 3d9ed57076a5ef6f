package embedtest_test

import (
	"context"
	"testing"

	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/embed/embedtest"
)

var _ embed.Embedder = (*embedtest.Embedder)(nil)

func TestEmbedder(t *testing.T) {
	e := &embedtest.Embedder{Dims: 16}
	ctx := context.Background()
	docs, err := e.EmbedDocuments(ctx, []string{"reset a password", "list users", ""})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := e.EmbedQuery(ctx, "Reset the password")
	dot := func(a, b []float32) (s float32) {
		for i := range a {
			s += a[i] * b[i]
		}
		return s
	}
	if dot(q, docs[0]) <= dot(q, docs[1]) {
		t.Error("a query is not nearer the text sharing its words")
	}
	if docs[2][0] != 1 || e.Documents() != 3 || e.Queries() != 1 || len(docs[0]) != 16 {
		t.Errorf("empty text %v, counts %d/%d, dims %d", docs[2][:2], e.Documents(), e.Queries(), len(docs[0]))
	}
	e.Fail(context.DeadlineExceeded)
	if _, err := e.EmbedQuery(ctx, "x"); err != context.DeadlineExceeded {
		t.Errorf("after Fail: err = %v", err)
	}
}
