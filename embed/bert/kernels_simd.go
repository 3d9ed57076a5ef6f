//go:build goexperiment.simd && amd64

package bert

import "simd/archsimd"

// hasAVX2FMA is fixed by the CPU, so reading it once is not mutable state.
var hasAVX2FMA = archsimd.X86.AVX2() && archsimd.X86.FMA()

// simdEnabled reports whether the AVX2/FMA kernels are in use.
func simdEnabled() bool { return hasAVX2FMA }

func gemmPanels(out, x []float32, rows int, w *packedMatrix, bias []float32, p0, p1 int) {
	if !hasAVX2FMA {
		gemmPanelsGeneric(out, x, rows, w, bias, p0, p1)
		return
	}
	k, n := w.k, w.n
	for p := p0; p < p1; p++ {
		panel := w.data[p*k*panelWidth : (p+1)*k*panelWidth]
		col := p * panelWidth
		bias0 := archsimd.LoadFloat32x8Slice(bias[col:])
		bias1 := archsimd.LoadFloat32x8Slice(bias[col+8:])
		i := 0
		for ; i+4 <= rows; i += 4 {
			kernel4x16(out[i*n+col:], n, x[i*k:], k, panel, bias0, bias1)
		}
		for ; i < rows; i++ {
			kernel1x16(out[i*n+col:], x[i*k:(i+1)*k], panel, bias0, bias1)
		}
	}
}

// kernel4x16 computes a 4×16 block of out (row stride ldo) from four rows of
// x (row stride k) and one packed panel, as a sum of outer products held in
// eight AVX registers.
func kernel4x16(out []float32, ldo int, x []float32, k int, panel []float32, bias0, bias1 archsimd.Float32x8) {
	c00, c01 := bias0, bias1
	c10, c11 := bias0, bias1
	c20, c21 := bias0, bias1
	c30, c31 := bias0, bias1
	x0 := x[0:k]
	x1 := x[k : 2*k]
	x2 := x[2*k : 3*k]
	x3 := x[3*k : 4*k]
	panel = panel[:k*panelWidth]
	for kk := 0; kk < k; kk++ {
		b := panel[kk*panelWidth : kk*panelWidth+panelWidth]
		b0 := archsimd.LoadFloat32x8Slice(b)
		b1 := archsimd.LoadFloat32x8Slice(b[8:])
		a := archsimd.BroadcastFloat32x8(x0[kk])
		c00 = a.MulAdd(b0, c00)
		c01 = a.MulAdd(b1, c01)
		a = archsimd.BroadcastFloat32x8(x1[kk])
		c10 = a.MulAdd(b0, c10)
		c11 = a.MulAdd(b1, c11)
		a = archsimd.BroadcastFloat32x8(x2[kk])
		c20 = a.MulAdd(b0, c20)
		c21 = a.MulAdd(b1, c21)
		a = archsimd.BroadcastFloat32x8(x3[kk])
		c30 = a.MulAdd(b0, c30)
		c31 = a.MulAdd(b1, c31)
	}
	c00.StoreSlice(out[0:])
	c01.StoreSlice(out[8:])
	c10.StoreSlice(out[ldo:])
	c11.StoreSlice(out[ldo+8:])
	c20.StoreSlice(out[2*ldo:])
	c21.StoreSlice(out[2*ldo+8:])
	c30.StoreSlice(out[3*ldo:])
	c31.StoreSlice(out[3*ldo+8:])
}

// kernel1x16 is kernel4x16 for one leftover row.
func kernel1x16(out []float32, x []float32, panel []float32, bias0, bias1 archsimd.Float32x8) {
	c0, c1 := bias0, bias1
	panel = panel[:len(x)*panelWidth]
	for kk, v := range x {
		b := panel[kk*panelWidth : kk*panelWidth+panelWidth]
		a := archsimd.BroadcastFloat32x8(v)
		c0 = a.MulAdd(archsimd.LoadFloat32x8Slice(b), c0)
		c1 = a.MulAdd(archsimd.LoadFloat32x8Slice(b[8:]), c1)
	}
	c0.StoreSlice(out[0:])
	c1.StoreSlice(out[8:])
}

// axpy computes y += a·x over len(y) elements.
func axpy(a float32, x, y []float32) {
	if !hasAVX2FMA {
		axpyGeneric(a, x, y)
		return
	}
	x = x[:len(y)]
	va := archsimd.BroadcastFloat32x8(a)
	i := 0
	for ; i+8 <= len(y); i += 8 {
		vy := archsimd.LoadFloat32x8Slice(y[i:])
		va.MulAdd(archsimd.LoadFloat32x8Slice(x[i:]), vy).StoreSlice(y[i:])
	}
	for ; i < len(y); i++ {
		y[i] += a * x[i]
	}
}
