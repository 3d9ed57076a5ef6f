package retrieval

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestFuse(t *testing.T) {
	ids := []string{"a", "b", "c", "d"}
	list := func(docs ...int32) []scored {
		out := make([]scored, len(docs))
		for i, d := range docs {
			out[i] = scored{doc: d, score: float64(10 - i)}
		}
		return out
	}
	tests := []struct {
		name     string
		vec, lex []scored
		wv, wl   float64
		want     []fused
	}{
		{
			name: "agreement wins", vec: list(0, 1, 2), lex: list(1, 0, 3), wv: 1, wl: 1,
			want: []fused{
				{doc: 0, score: 1.0/61 + 1.0/62, vecRank: 1, lexRank: 2, vecScore: 10, lexScore: 9},
				{doc: 1, score: 1.0/62 + 1.0/61, vecRank: 2, lexRank: 1, vecScore: 9, lexScore: 10},
				{doc: 2, score: 1.0 / 63, vecRank: 3, vecScore: 8},
				{doc: 3, score: 1.0 / 63, lexRank: 3, lexScore: 8},
			},
		},
		{
			name: "weights", vec: list(2), lex: list(3), wv: 1, wl: 2,
			want: []fused{{doc: 3, score: 2.0 / 61, lexRank: 1, lexScore: 10}, {doc: 2, score: 1.0 / 61, vecRank: 1, vecScore: 10}},
		},
		{
			name: "ties by id", vec: list(3), lex: list(1), wv: 1, wl: 1,
			want: []fused{{doc: 1, score: 1.0 / 61, lexRank: 1, lexScore: 10}, {doc: 3, score: 1.0 / 61, vecRank: 1, vecScore: 10}},
		},
		{name: "empty", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fuse(ids, tt.vec, tt.lex, tt.wv, tt.wl, 60)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(fused{}), cmpopts.EquateApprox(0, 1e-12), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("fuse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTopK(t *testing.T) {
	ids := []string{"e", "d", "c", "b", "a"}
	top := newTopK(3, ids)
	for i, s := range []float64{1, 3, 3, 2, 3} {
		top.push(scored{doc: int32(i), score: s})
	}
	got := top.sorted()
	want := []scored{{doc: 4, score: 3}, {doc: 2, score: 3}, {doc: 1, score: 3}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(scored{})); diff != "" {
		t.Errorf("topK (-want +got):\n%s", diff)
	}
}
