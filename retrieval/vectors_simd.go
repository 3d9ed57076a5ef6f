//go:build goexperiment.simd && amd64

package retrieval

import "simd/archsimd"

// hasAVX2 is fixed by the CPU, so reading it once is not mutable state.
var hasAVX2 = archsimd.X86.AVX2()

// dotBlocks is dotBlocksGeneric with each block's lanes in four AVX2
// registers: a multiply, then an add, each rounded, never fused, so each
// lane's sum is dotBlockGeneric's bit for bit.
func dotBlocks(out, q, blocks []float32) {
	if !hasAVX2 {
		dotBlocksGeneric(out, q, blocks)
		return
	}
	bl := len(q) * lanes
	for b := range len(out) / lanes {
		block := blocks[b*bl : (b+1)*bl]
		var s0, s1, s2, s3 archsimd.Float32x8
		for _, x := range q {
			r := (*[lanes]float32)(block)
			xv := archsimd.BroadcastFloat32x8(x)
			s0 = s0.Add(xv.Mul(archsimd.LoadFloat32x8((*[8]float32)(r[0:8]))))
			s1 = s1.Add(xv.Mul(archsimd.LoadFloat32x8((*[8]float32)(r[8:16]))))
			s2 = s2.Add(xv.Mul(archsimd.LoadFloat32x8((*[8]float32)(r[16:24]))))
			s3 = s3.Add(xv.Mul(archsimd.LoadFloat32x8((*[8]float32)(r[24:32]))))
			block = block[lanes:]
		}
		o := out[b*lanes : (b+1)*lanes]
		s0.StoreSlice(o[0:8])
		s1.StoreSlice(o[8:16])
		s2.StoreSlice(o[16:24])
		s3.StoreSlice(o[24:32])
	}
}
