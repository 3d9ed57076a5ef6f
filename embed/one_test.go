package embed

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/embed/embedtest"
)

func TestEmbedOne(t *testing.T) {
	ctx := context.Background()
	for _, query := range []bool{false, true} {
		e := embedtest.New()
		em, err := EmbedOne(ctx, e, "rotate the key", query)
		if err != nil {
			t.Fatal(err)
		}
		want := Embedding{Model: e.ModelID(), Dimensions: e.Dimensions(), Vector: e.Vector("rotate the key")}
		if diff := cmp.Diff(want, em); diff != "" {
			t.Errorf("query=%v (-want +got):\n%s", query, diff)
		}
		if got := e.Queries() == 1 && e.Documents() == 0; got != query {
			t.Errorf("query=%v: embedded as a query = %v", query, got)
		}
		if em.Truncated() {
			t.Errorf("query=%v: truncated without a token count", query)
		}
	}
}

// The local model counts word pieces and says what it reads.
func TestEmbedOneCountsTokens(t *testing.T) {
	l := localModel(t)
	em, err := EmbedOne(t.Context(), l, strings.Repeat("word ", 300), false)
	if err != nil {
		t.Fatal(err)
	}
	if em.Tokens == nil || *em.Tokens != 300 || em.Readable != 254 || !em.Truncated() {
		t.Fatalf("tokens %v, readable %d, truncated %v; want 300, 254, true", em.Tokens, em.Readable, em.Truncated())
	}
}
