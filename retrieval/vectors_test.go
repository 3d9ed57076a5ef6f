package retrieval

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/philippgille/chromem-go"

	"github.com/docseek/docseek/corpus"
)

// sequentialDot is chromem-go's dotProduct: products rounded to float32,
// summed in order.
func sequentialDot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += float32(a[i] * b[i])
	}
	return s
}

// TestVectorMatrixMatchesSequentialDot checks that every similarity, from the
// vector kernel of this build and from the portable one, equals the
// sequential dot product bit for bit, for chunk counts that fill whole
// blocks, whole groups of blocks, or neither.
func TestVectorMatrixMatchesSequentialDot(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	randVec := func(d int) []float32 {
		v := make([]float32, d)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	for _, tt := range []struct{ n, dims int }{{1, 3}, {7, 16}, {8, 384}, {33, 384}, {64, 5}, {101, 384}} {
		vecs := make([][]float32, tt.n)
		chunks := make([]corpus.Chunk, tt.n)
		coll, err := chromem.NewDB().CreateCollection("t", nil, noEmbedding) // the reference
		if err != nil {
			t.Fatal(err)
		}
		for i := range vecs {
			vecs[i] = randVec(tt.dims)
			chunks[i].ID = strings.Repeat("c", i+1)
			if err := coll.AddDocument(context.Background(), chromem.Document{ID: chunks[i].ID, Embedding: vecs[i]}); err != nil {
				t.Fatal(err)
			}
		}
		m, err := newVectorMatrix(vecs, tt.dims)
		if err != nil {
			t.Fatal(err)
		}
		q := normalized(randVec(tt.dims))
		got := m.similarities(q)
		generic := make([]float32, len(m.data)/tt.dims)
		dotBlocksGeneric(generic, q, m.data)
		for i, g := range got {
			d, _ := coll.GetByID(context.Background(), chunks[i].ID)
			want := sequentialDot(q, d.Embedding)
			if math.Float32bits(g) != math.Float32bits(want) || math.Float32bits(generic[i]) != math.Float32bits(want) {
				t.Errorf("n=%d dims=%d chunk %d: similarity %v (portable %v), want %v", tt.n, tt.dims, i, g, generic[i], want)
			}
		}
	}
}

// TestVectorSearchMatchesChromem checks that vectorSearch ranks as chromem-go's
// own exhaustive query does, with the same similarities, for normalised and
// unnormalised query vectors, with and without a filter.
func TestVectorSearchMatchesChromem(t *testing.T) {
	ix, emb := openFixture(t, Config{})
	ctx := context.Background()
	vecs, err := openCollection(ctx, storeConfig{Embedder: emb}, ix.c.Chunks)
	if err != nil {
		t.Fatal(err)
	}
	coll, err := chromem.NewDB().CreateCollection("t", nil, noEmbedding)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range ix.c.Chunks {
		if err := coll.AddDocument(ctx, chromem.Document{ID: c.ID, Embedding: vecs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	byID := chunkIndexes(ix)
	for _, q := range []string{"rotate the SAML signing certificate", "directory sync webhook", "widgets"} {
		v, err := emb.EmbedQuery(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		scaled := make([]float32, len(v))
		for i, x := range v {
			scaled[i] = 3 * x
		}
		for _, tt := range []struct {
			name  string
			vec   []float32
			allow func(int) bool
		}{
			{"unit", v, nil},
			{"scaled", scaled, nil},
			{"filtered", v, func(i int) bool { return i%3 != 0 }},
		} {
			got, err := ix.vectorSearch(ctx, tt.vec, 10, tt.allow)
			if err != nil {
				t.Fatal(err)
			}
			res, err := coll.QueryEmbedding(ctx, tt.vec, coll.Count(), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			top := newTopK(10, ix.lex.ids)
			for _, r := range res {
				if i := byID[r.ID]; tt.allow == nil || tt.allow(i) {
					top.push(scored{doc: int32(i), score: float64(r.Similarity)})
				}
			}
			if diff := cmp.Diff(top.sorted(), got, cmp.AllowUnexported(scored{})); diff != "" {
				t.Errorf("%q %s: vectorSearch differs from chromem-go (-want +got):\n%s", q, tt.name, diff)
			}
		}
	}
}

func TestVectorSearchWrongDimensions(t *testing.T) {
	ix, _ := openFixture(t, Config{})
	if _, err := ix.vectorSearch(context.Background(), []float32{1, 0, 0}, 10, nil); err == nil || !strings.Contains(err.Error(), "3 dimensions") {
		t.Errorf("vectorSearch with a 3-dimension query: err = %v, want one naming the dimensions", err)
	}
}

// noEmbedding is the embedding function of the reference collections, which
// are given every vector.
func noEmbedding(context.Context, string) ([]float32, error) {
	return nil, errors.New("this collection embeds nothing")
}
