package bundles

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// RecallK is how many neighbours EncodingRecall compares.
const RecallK = 10

// EncodingStudy is what EncodingRecall measured for one compact encoding.
type EncodingStudy struct {
	Encoding Encoding
	// Overlap is the mean share of the float32 top-RecallK chunks that the
	// encoding's top-RecallK also holds.
	Overlap float64
	// SameTop1 is the share of queries whose best chunk is the same.
	SameTop1 float64
}

// RecallStudy is the result of EncodingRecall.
type RecallStudy struct {
	Queries int // title queries asked
	Vectors int // vectors searched
	Results []EncodingStudy
}

// WriteText writes the study as `docseek bundle build --measure-recall`
// prints it: a line per encoding.
func (s *RecallStudy) WriteText(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "top-%d neighbour overlap with float32 over %d title queries, %d vectors:\n", RecallK, s.Queries, s.Vectors); err != nil {
		return err
	}
	for _, r := range s.Results {
		if _, err := fmt.Fprintf(w, "  %-8s overlap@%d %.4f  same top-1 %.4f\n", r.Encoding, RecallK, r.Overlap, r.SameTop1); err != nil {
			return err
		}
	}
	return nil
}

// EncodingRecall measures how much each compact encoding (int8, float16)
// changes nearest-neighbour search: for up to n queries drawn from the
// section titles of c it compares the top-RecallK chunks by cosine under the
// encoding with those under the exact vectors of ref (a float32 bundle).
func EncodingRecall(ctx context.Context, c *corpus.Corpus, e embed.Embedder, ref *Bundle, n int) (*RecallStudy, error) {
	queries := titleQueries(c, n)
	qvecs := make([][]float32, len(queries))
	for i, q := range queries {
		v, err := e.EmbedQuery(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("embed query %q: %w", q, err)
		}
		qvecs[i] = v
	}
	hashes := ref.Hashes()
	exact := vectorsOf(ref, hashes)
	study := &RecallStudy{Queries: len(queries), Vectors: len(hashes)}
	for _, enc := range []Encoding{EncodingInt8, EncodingFloat16} {
		b, err := ref.Encode(enc)
		if err != nil {
			return nil, err
		}
		approx := vectorsOf(b, hashes)
		var overlap, top1 float64
		for _, q := range qvecs {
			want, got := topK(exact, q, RecallK), topK(approx, q, RecallK)
			common := 0
			for _, i := range got {
				if slices.Contains(want, i) {
					common++
				}
			}
			overlap += float64(common) / float64(len(want))
			if len(want) > 0 && len(got) > 0 && want[0] == got[0] {
				top1++
			}
		}
		r := EncodingStudy{Encoding: enc}
		if len(qvecs) > 0 {
			r.Overlap, r.SameTop1 = overlap/float64(len(qvecs)), top1/float64(len(qvecs))
		}
		study.Results = append(study.Results, r)
	}
	return study, nil
}

// titleQueries returns up to n distinct section (or page) titles, spread
// evenly over the corpus.
func titleQueries(c *corpus.Corpus, n int) []string {
	var all []string
	seen := map[string]bool{}
	for _, ch := range c.Chunks {
		t := ch.Section
		if t == "" {
			t = ch.Title
		}
		if t != "" && !seen[t] {
			seen[t] = true
			all = append(all, t)
		}
	}
	if len(all) <= n {
		return all
	}
	out := make([]string, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out
}

func vectorsOf(b *Bundle, hashes []string) [][]float32 {
	out := make([][]float32, len(hashes))
	for i, h := range hashes {
		out[i], _ = b.Vector(h)
	}
	return out
}

// topK returns the indexes of the k vectors most similar to q, best first
// (ties by index).
func topK(vecs [][]float32, q []float32, k int) []int {
	type scored struct {
		i int
		s float32
	}
	all := make([]scored, len(vecs))
	for i, v := range vecs {
		var dot float32
		for j := range v {
			dot += v[j] * q[j]
		}
		all[i] = scored{i, dot}
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.s != b.s {
			if a.s > b.s {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	out := make([]int, 0, k)
	for _, s := range all[:min(k, len(all))] {
		out = append(out, s.i)
	}
	return out
}
