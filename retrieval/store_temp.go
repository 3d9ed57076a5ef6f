package retrieval

// TEMPORARY: an in-memory stand-in for the persisted collection of store.go.
// Delete this file when store.go (openCollection) lands.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/philippgille/chromem-go"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// tempOpenCollection embeds every chunk live with emb into an in-memory
// chromem-go collection: one document per chunk, ID = chunk ID.
func tempOpenCollection(ctx context.Context, emb embed.Embedder, chunks []corpus.Chunk) (*chromem.Collection, error) {
	db := chromem.NewDB()
	// Never nil: chromem would silently fall back to OpenAI.
	refuse := func(context.Context, string) ([]float32, error) {
		return nil, errors.New("retrieval: collection embeds nothing itself; pass vectors")
	}
	coll, err := db.CreateCollection("chunks", nil, refuse)
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	const batch = 64
	for start := 0; start < len(chunks); start += batch {
		end := min(start+batch, len(chunks))
		texts := make([]string, 0, end-start)
		ids := make([]string, 0, end-start)
		metas := make([]map[string]string, 0, end-start)
		contents := make([]string, 0, end-start)
		for i := start; i < end; i++ {
			c := &chunks[i]
			texts = append(texts, strings.Join(c.Breadcrumb, " > ")+"\n\n"+c.Text)
			ids = append(ids, c.ID)
			metas = append(metas, map[string]string{"path": c.Path, "anchor": c.Anchor, "kind": c.Kind, "product": c.Product})
			contents = append(contents, c.Text)
		}
		vecs, err := emb.EmbedDocuments(ctx, texts)
		if err != nil {
			return nil, fmt.Errorf("embed chunks: %w", err)
		}
		if err := coll.Add(ctx, ids, vecs, metas, contents); err != nil {
			return nil, fmt.Errorf("add chunks: %w", err)
		}
	}
	return coll, nil
}
