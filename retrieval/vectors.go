package retrieval

import (
	"context"
	"fmt"
	"math"

	"github.com/philippgille/chromem-go"

	"github.com/docseek/docseek/corpus"
)

// lanes is how many chunks one block of a vectorMatrix holds: four AVX2
// registers of float32s, so that four independent sums keep the vector
// adder busy.
const lanes = 32

// vectorMatrix holds the chunk vectors for queries: chunk i's vector in
// lane i%lanes of block i/lanes, stored dimension by dimension (block b,
// dimension j, lane l at ((b*dims)+j)*lanes+l), zero-padded to whole
// blocks. Each lane then accumulates its chunk's dot product in dimension
// order, as chromem-go's dotProduct does, so similarities are bit for bit
// chromem-go's, while the lanes run side by side (in four vector registers
// with GOEXPERIMENT=simd, as separate scalar sums otherwise).
//
// A query scans it on the calling goroutine with no allocation besides the
// scores: chromem-go's QueryEmbedding copied the document map, started a
// goroutine per core and returned every document's metadata, and took ~2 ms
// on 3,300 chunks; see BenchmarkVectorSearch. It is immutable after
// newVectorMatrix and safe for concurrent use.
type vectorMatrix struct {
	n, dims int
	data    []float32
}

// newVectorMatrix reads the vectors of chunks from coll, as chromem-go
// stored them (normalised on insertion). Every chunk must be in coll with
// vectors of one length.
func newVectorMatrix(ctx context.Context, coll *chromem.Collection, chunks []corpus.Chunk) (*vectorMatrix, error) {
	m := &vectorMatrix{n: len(chunks)}
	for i := range chunks {
		d, err := coll.GetByID(ctx, chunks[i].ID)
		if err != nil {
			return nil, fmt.Errorf("vector of chunk %q: %w", chunks[i].ID, err)
		}
		if i == 0 {
			m.dims = len(d.Embedding)
			m.data = make([]float32, (len(chunks)+lanes-1)/lanes*lanes*m.dims)
		}
		if len(d.Embedding) != m.dims || m.dims == 0 {
			return nil, fmt.Errorf("vector of chunk %q has %d dimensions, want %d", chunks[i].ID, len(d.Embedding), m.dims)
		}
		block := m.data[i/lanes*lanes*m.dims:]
		for j, x := range d.Embedding {
			block[j*lanes+i%lanes] = x
		}
	}
	return m, nil
}

// similarities returns the dot product of q with every chunk's vector, in
// chunk order (len m.n). q must have m.dims values and be normalised (see
// normalizedQuery).
func (m *vectorMatrix) similarities(q []float32) []float32 {
	out := make([]float32, (m.n+lanes-1)/lanes*lanes)
	dotBlocks(out, q, m.data)
	return out[:m.n]
}

// dotBlocksGeneric is dotBlockGeneric over consecutive blocks: len(out)
// values, a multiple of lanes.
func dotBlocksGeneric(out, q, blocks []float32) {
	bl := len(q) * lanes
	for b := range len(out) / lanes {
		dotBlockGeneric(out[b*lanes:(b+1)*lanes], q, blocks[b*bl:(b+1)*bl])
	}
}

// dotBlockGeneric writes to out[l] the dot product of q with lane l of a
// block, summed in dimension order with each product rounded to float32
// before it is added (the explicit conversion forbids fused multiply-add),
// which is what chromem-go's dotProduct computes. It is the reference for
// the vector kernel.
func dotBlockGeneric(out, q, block []float32) {
	var s [lanes]float32
	block = block[:len(q)*lanes]
	for j, x := range q {
		r := (*[lanes]float32)(block[j*lanes:])
		for l := range s {
			s[l] += float32(x * r[l])
		}
	}
	copy(out[:lanes], s[:])
}

// isNormalizedTolerance is chromem-go's: a vector whose length is within it
// of 1 is used as it is.
const isNormalizedTolerance = 1e-6

// normalizedQuery returns v scaled to unit length exactly as chromem-go
// does before a query (a float32 sum of squares, one division per value),
// or v itself when its length is within isNormalizedTolerance of 1.
func normalizedQuery(v []float32) []float32 {
	var sq float64
	for _, x := range v {
		sq += float64(x) * float64(x)
	}
	if math.Abs(math.Sqrt(sq)-1) < isNormalizedTolerance {
		return v
	}
	var norm float32
	for _, x := range v {
		norm += float32(x * x)
	}
	norm = float32(math.Sqrt(float64(norm)))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x / norm
	}
	return out
}
