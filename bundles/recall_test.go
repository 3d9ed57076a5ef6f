package bundles

import (
	"context"
	"strings"
	"testing"
)

func TestEncodingRecall(t *testing.T) {
	chunks := makeStoreChunks(40)
	e := newVecEmbedder()
	ref := buildTestBundle(t, chunks, e, EncodingFloat32)
	study, err := EncodingRecall(context.Background(), testCorpus(chunks), e, ref, 3)
	if err != nil {
		t.Fatal(err)
	}
	// makeStoreChunks has four distinct section titles; 3 are asked for.
	if study.Queries != 3 || study.Vectors != 40 {
		t.Errorf("queries %d, vectors %d; want 3 and 40", study.Queries, study.Vectors)
	}
	if len(study.Results) != 2 || study.Results[0].Encoding != EncodingInt8 || study.Results[1].Encoding != EncodingFloat16 {
		t.Fatalf("results %+v, want int8 then float16", study.Results)
	}
	for _, r := range study.Results {
		// Compact encodings keep most neighbours of the exact vectors; a
		// broken encoder or comparison would score near 0.
		if r.Overlap < 0.8 || r.Overlap > 1 || r.SameTop1 < 0.5 || r.SameTop1 > 1 {
			t.Errorf("%s: overlap %.3f, same top-1 %.3f; want >= 0.8 and >= 0.5", r.Encoding, r.Overlap, r.SameTop1)
		}
	}

	var text strings.Builder
	if err := study.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(text.String()), "\n"); len(lines) != 3 ||
		lines[0] != "top-10 neighbour overlap with float32 over 3 title queries, 40 vectors:" || !strings.HasPrefix(lines[1], "  int8     overlap@10 ") {
		t.Errorf("WriteText:\n%s", text.String())
	}

	// topK ranks by dot product, best first; titleQueries dedups titles.
	if got := topK([][]float32{{1, 0}, {0, 1}, {0.6, 0.8}}, []float32{0, 1}, 2); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("topK = %v, want [1 2]", got)
	}
	if got := titleQueries(testCorpus(chunks), 100); len(got) != 4 {
		t.Errorf("titleQueries gave %d titles, want the 4 distinct ones", len(got))
	}
}
