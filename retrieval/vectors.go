package retrieval

import (
	"fmt"
	"math"
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
// those of chromem-go, which docseek searched with before (it stays the
// reference in TestVectorSearchMatchesChromem), while the lanes run side by
// side (in four vector registers with GOEXPERIMENT=simd, as separate scalar
// sums otherwise).
//
// A query scans it on the calling goroutine with no allocation besides the
// scores: chromem-go's QueryEmbedding copied the document map, started a
// goroutine per core and returned every document's metadata, and took ~2 ms
// on 3,300 chunks; see BenchmarkVectorScan. It is immutable after
// newVectorMatrix and safe for concurrent use.
type vectorMatrix struct {
	n, dims int
	data    []float32
}

// newVectorMatrix lays out vecs (chunk i's vector at i) for queries, each
// scaled to unit length as chromem-go scaled them on insertion (see
// normalized). Every vector must have dims values.
func newVectorMatrix(vecs [][]float32, dims int) (*vectorMatrix, error) {
	if len(vecs) > 0 && dims <= 0 {
		return nil, fmt.Errorf("vectors of %d dimensions", dims)
	}
	m := &vectorMatrix{n: len(vecs), dims: dims}
	m.data = make([]float32, (len(vecs)+lanes-1)/lanes*lanes*dims)
	for i, v := range vecs {
		if len(v) != dims {
			return nil, fmt.Errorf("vector %d has %d dimensions, want %d", i, len(v), dims)
		}
		block := m.data[i/lanes*lanes*dims:]
		for j, x := range normalized(v) {
			block[j*lanes+i%lanes] = x
		}
	}
	return m, nil
}

// similarities returns the dot product of q with every chunk's vector, in
// chunk order (len m.n). q must have m.dims values and be normalised (see
// normalized).
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

// normalized returns v scaled to unit length exactly as chromem-go scales
// documents and queries (a float32 sum of squares, one division per value),
// or v itself when its length is within isNormalizedTolerance of 1.
func normalized(v []float32) []float32 {
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
