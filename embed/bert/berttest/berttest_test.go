package berttest

import (
	"math"
	"testing"
)

func TestReadReference(t *testing.T) {
	ref := ReadReference(t)
	if ref.MaxSeqLength <= 0 {
		t.Errorf("max_seq_length = %d, want > 0", ref.MaxSeqLength)
	}
	for _, c := range ref.Cases {
		// ids are [CLS] pieces [SEP], cut at max_seq_length.
		if c.Name == "" || len(c.Vector) == 0 || len(c.IDs) != min(c.Pieces+2, ref.MaxSeqLength) {
			t.Errorf("case %q: %d ids for %d pieces, %d dimensions", c.Name, len(c.IDs), c.Pieces, len(c.Vector))
		}
		if n := Cosine(c.Vector, c.Vector); math.Abs(n-1) > 1e-6 {
			t.Errorf("case %q: cosine with itself %.9f, want 1", c.Name, n)
		}
	}
}

func TestCosine(t *testing.T) {
	for _, tc := range []struct {
		a, b []float32
		want float64
	}{
		{[]float32{1, 0}, []float32{2, 0}, 1},
		{[]float32{1, 0}, []float32{0, 3}, 0},
		{[]float32{1, 1}, []float32{-1, -1}, -1},
		{[]float32{3, 4}, []float32{4, 3}, 24.0 / 25},
	} {
		if got := Cosine(tc.a, tc.b); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Cosine(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
