//go:build goexperiment.simd && amd64

package bert

import (
	"math"
	"simd/archsimd"
)

// hasAVX2FMA is fixed by the CPU, so reading it once is not mutable state.
var hasAVX2FMA = archsimd.X86.AVX2() && archsimd.X86.FMA()

// simdEnabled reports whether the AVX2/FMA kernels are in use.
func simdEnabled() bool { return hasAVX2FMA }

func archsimdAVX512() bool { return archsimd.X86.AVX512() }

// matmulVariants are the matrix kernels this CPU can run besides the
// portable one, by name, for the tests to compare.
func matmulVariants() map[string]func(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int) {
	v := map[string]func(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int){}
	if hasAVX2FMA {
		v["avx2"] = matmulPanelsAVX2
	}
	if hasAVX512 {
		v["avx512"] = matmulPanels512
	}
	return v
}

// matmulPanels is matmulPanelsGeneric on the AVX-512 kernels where the CPU
// has them, else with a 4×16 AVX2/FMA micro-kernel.
func matmulPanels(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int) {
	if hasAVX512 {
		matmulPanels512(out, ldo, x, ldx, rows, k, b, bias, p0, p1)
		return
	}
	matmulPanelsAVX2(out, ldo, x, ldx, rows, k, b, bias, p0, p1)
}

// matmulPanelsAVX2 is matmulPanelsGeneric with a 4×16 AVX2/FMA micro-kernel.
func matmulPanelsAVX2(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int) {
	if !hasAVX2FMA {
		matmulPanelsGeneric(out, ldo, x, ldx, rows, k, b, bias, p0, p1)
		return
	}
	for r0 := 0; r0 < rows; r0 += rowBlock {
		r1 := min(r0+rowBlock, rows)
		for p := p0; p < p1; p++ {
			panel := b[p*k*panelWidth : (p+1)*k*panelWidth]
			col := p * panelWidth
			var bias0, bias1 archsimd.Float32x8
			if bias != nil {
				bias0 = archsimd.LoadFloat32x8Slice(bias[col:])
				bias1 = archsimd.LoadFloat32x8Slice(bias[col+8:])
			}
			i := r0
			for ; i+4 <= r1; i += 4 {
				kernel4x16(out[i*ldo+col:], ldo, x[i*ldx:], ldx, k, panel, bias0, bias1)
			}
			for ; i < r1; i++ {
				kernel1x16(out[i*ldo+col:], x[i*ldx:i*ldx+k], panel, bias0, bias1)
			}
		}
	}
	archsimd.ClearAVXUpperBits() // before scalar code: see softmax
}

// kernel4x16 computes a 4×16 block of out (row stride ldo) from four rows of
// x (row stride ldx) and one packed panel, as a sum of outer products held
// in eight AVX registers.
func kernel4x16(out []float32, ldo int, x []float32, ldx, k int, panel []float32, bias0, bias1 archsimd.Float32x8) {
	c00, c01 := bias0, bias1
	c10, c11 := bias0, bias1
	c20, c21 := bias0, bias1
	c30, c31 := bias0, bias1
	x0 := x[0:k]
	x1 := x[ldx : ldx+k]
	x2 := x[2*ldx : 2*ldx+k]
	x3 := x[3*ldx : 3*ldx+k]
	panel = panel[:k*panelWidth]
	for kk := range x0 {
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

// exp8 is exp32 on eight lanes.
func exp8(x archsimd.Float32x8) archsimd.Float32x8 {
	x = x.Max(archsimd.BroadcastFloat32x8(expLo)).Min(archsimd.BroadcastFloat32x8(expHi))
	n := x.Mul(archsimd.BroadcastFloat32x8(log2e)).RoundToEven()
	r := x.Sub(n.Mul(archsimd.BroadcastFloat32x8(ln2Hi)))
	r = r.Sub(n.Mul(archsimd.BroadcastFloat32x8(ln2Lo)))
	p := archsimd.BroadcastFloat32x8(expP0).MulAdd(r, archsimd.BroadcastFloat32x8(expP1))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x8(expP2))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x8(expP3))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x8(expP4))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x8(expP5))
	y := p.MulAdd(r.Mul(r), r).Add(archsimd.BroadcastFloat32x8(1))
	pow := n.ConvertToInt32().Add(archsimd.BroadcastInt32x8(127)).ShiftAllLeft(23).AsFloat32x8()
	return y.Mul(pow)
}

// exp16 is exp32 on sixteen lanes (AVX-512).
func exp16(x archsimd.Float32x16) archsimd.Float32x16 {
	x = x.Max(archsimd.BroadcastFloat32x16(expLo)).Min(archsimd.BroadcastFloat32x16(expHi))
	n := x.Mul(archsimd.BroadcastFloat32x16(log2e)).RoundToEvenScaled(0)
	r := x.Sub(n.Mul(archsimd.BroadcastFloat32x16(ln2Hi)))
	r = r.Sub(n.Mul(archsimd.BroadcastFloat32x16(ln2Lo)))
	p := archsimd.BroadcastFloat32x16(expP0).MulAdd(r, archsimd.BroadcastFloat32x16(expP1))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x16(expP2))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x16(expP3))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x16(expP4))
	p = p.MulAdd(r, archsimd.BroadcastFloat32x16(expP5))
	y := p.MulAdd(r.Mul(r), r).Add(archsimd.BroadcastFloat32x16(1))
	pow := n.ConvertToInt32().Add(archsimd.BroadcastInt32x16(127)).ShiftAllLeft(23).AsFloat32x16()
	return y.Mul(pow)
}

// gelu16 is gelu's loop on sixteen lanes (AVX-512); it returns how many
// leading elements it did, a multiple of 16.
func gelu16(x []float32) int {
	zero := archsimd.BroadcastFloat32x16(0)
	two := archsimd.BroadcastFloat32x16(2)
	half := archsimd.BroadcastFloat32x16(0.5)
	one := archsimd.BroadcastFloat32x16(1)
	i := 0
	for ; i+16 <= len(x); i += 16 {
		v := archsimd.LoadFloat32x16Slice(x[i:])
		z := v.Mul(archsimd.BroadcastFloat32x16(1 / math.Sqrt2))
		az := z.Max(zero.Sub(z))
		// t = 1/den: VRCP14PS and one Newton step (about 28 bits), much
		// cheaper than a division.
		den := archsimd.BroadcastFloat32x16(geluP).MulAdd(az, one)
		t := den.Reciprocal()
		t = t.MulAdd(zero.Sub(den).MulAdd(t, one), t)
		q := archsimd.BroadcastFloat32x16(geluA5).MulAdd(t, archsimd.BroadcastFloat32x16(geluA4))
		q = q.MulAdd(t, archsimd.BroadcastFloat32x16(geluA3))
		q = q.MulAdd(t, archsimd.BroadcastFloat32x16(geluA2))
		q = q.MulAdd(t, archsimd.BroadcastFloat32x16(geluA1))
		q = q.Mul(t).Mul(exp16(zero.Sub(az.Mul(az))))
		phi2 := q.Merge(two.Sub(q), v.Less(zero)) // 1+erf(z): q below zero, 2-q above
		g := half.Mul(v).Mul(phi2)
		g.Merge(zero, v.GreaterEqual(archsimd.BroadcastFloat32x16(geluMin))).StoreSlice(x[i:])
	}
	return i
}

// gelu applies gelu32 in place, sixteen lanes at a time with AVX-512, else
// eight.
func gelu(x []float32) {
	if !hasAVX2FMA {
		geluGeneric(x)
		return
	}
	i := 0
	if hasAVX512 {
		i = gelu16(x)
		// Go's scalar code, and the XORPS it builds a zero vector with,
		// are legacy SSE: after 512-bit code they ran several times slower
		// (a quarter of a query's GELU time) until the upper halves are
		// cleared.
		archsimd.ClearAVXUpperBits()
		if i == len(x) {
			return
		}
	}
	zero := archsimd.BroadcastFloat32x8(0)
	two := archsimd.BroadcastFloat32x8(2)
	half := archsimd.BroadcastFloat32x8(0.5)
	for ; i+8 <= len(x); i += 8 {
		v := archsimd.LoadFloat32x8Slice(x[i:])
		z := v.Mul(archsimd.BroadcastFloat32x8(1 / math.Sqrt2))
		az := z.Max(zero.Sub(z))
		t := archsimd.BroadcastFloat32x8(1).Div(archsimd.BroadcastFloat32x8(geluP).MulAdd(az, archsimd.BroadcastFloat32x8(1)))
		q := archsimd.BroadcastFloat32x8(geluA5).MulAdd(t, archsimd.BroadcastFloat32x8(geluA4))
		q = q.MulAdd(t, archsimd.BroadcastFloat32x8(geluA3))
		q = q.MulAdd(t, archsimd.BroadcastFloat32x8(geluA2))
		q = q.MulAdd(t, archsimd.BroadcastFloat32x8(geluA1))
		q = q.Mul(t).Mul(exp8(zero.Sub(az.Mul(az))))
		phi2 := q.Merge(two.Sub(q), v.Less(zero)) // 1+erf(z): q below zero, 2-q above
		g := half.Mul(v).Mul(phi2)
		g.Merge(zero, v.GreaterEqual(archsimd.BroadcastFloat32x8(geluMin))).StoreSlice(x[i:])
	}
	archsimd.ClearAVXUpperBits() // before scalar code: see softmax
	geluGeneric(x[i:])
}

// softmax turns s[:n] into softmax(scale·s[:n]) in place, eight lanes at a
// time; s reaches at least to n rounded up to 8, and its entries past n are
// overwritten (the padded columns of an attention score row, never read).
func softmax(s []float32, n int, scale float32) {
	if !hasAVX2FMA || n < 8 {
		softmaxGeneric(s[:n], scale)
		return
	}
	n8 := (n + 7) &^ 7
	s = s[:n8]
	for j := n; j < n8; j++ {
		s[j] = -1e30 // exp8 flushes it to e^-80, nothing next to a sum >= 1
	}
	vm := archsimd.LoadFloat32x8Slice(s)
	for i := 8; i < n8; i += 8 {
		vm = vm.Max(archsimd.LoadFloat32x8Slice(s[i:]))
	}
	// The row's maximum and sum are spread to every lane by permutes, not
	// taken out to scalar code and broadcast back: Go's scalar code and
	// the XORPS it builds a zero vector with are legacy SSE, and right
	// after the 512-bit matrix kernels they cost about as much as the rest
	// of the row (measured: a sixth of a query's attention time).
	vmax := allMax8(vm)
	vscale := archsimd.BroadcastFloat32x8(scale)
	vsum := exp8(archsimd.LoadFloat32x8Slice(s).Sub(vmax).Mul(vscale))
	vsum.StoreSlice(s)
	for i := 8; i < n8; i += 8 {
		e := exp8(archsimd.LoadFloat32x8Slice(s[i:]).Sub(vmax).Mul(vscale))
		e.StoreSlice(s[i:])
		vsum = vsum.Add(e)
	}
	inv := archsimd.BroadcastFloat32x8(1).Div(allSum8(vsum))
	for i := 0; i < n8; i += 8 {
		archsimd.LoadFloat32x8Slice(s[i:]).Mul(inv).StoreSlice(s[i:])
	}
	archsimd.ClearAVXUpperBits()
}

// Lane permutations for the reductions of allMax8 and allSum8: swap the
// 128-bit halves, then neighbouring pairs, then neighbouring lanes.
var (
	swapHalves = [8]uint32{4, 5, 6, 7, 0, 1, 2, 3}
	swapPairs  = [8]uint32{2, 3, 0, 1, 6, 7, 4, 5}
	swapLanes  = [8]uint32{1, 0, 3, 2, 5, 4, 7, 6}
)

// allMax8 is the maximum of v's lanes, in every lane.
func allMax8(v archsimd.Float32x8) archsimd.Float32x8 {
	v = v.Max(v.Permute(archsimd.LoadUint32x8(&swapHalves)))
	v = v.Max(v.Permute(archsimd.LoadUint32x8(&swapPairs)))
	return v.Max(v.Permute(archsimd.LoadUint32x8(&swapLanes)))
}

// allSum8 is the sum of v's lanes, in every lane.
func allSum8(v archsimd.Float32x8) archsimd.Float32x8 {
	v = v.Add(v.Permute(archsimd.LoadUint32x8(&swapHalves)))
	v = v.Add(v.Permute(archsimd.LoadUint32x8(&swapPairs)))
	return v.Add(v.Permute(archsimd.LoadUint32x8(&swapLanes)))
}

// addLayerNorm sets x = LayerNorm(x + y) row by row (y may be nil), eight
// lanes at a time, summing in float32 lanes where addLayerNormGeneric sums
// in float64.
func addLayerNorm(x, y, g, b []float32, h int, eps float64) {
	if !hasAVX2FMA || h%8 != 0 {
		addLayerNormGeneric(x, y, g, b, h, eps)
		return
	}
	if hasAVX512 && h%16 == 0 {
		addLayerNorm16(x, y, g, b, h, eps)
		return
	}
	g, b = g[:h], b[:h]
	var lanes [8]float32
	for r := 0; r+h <= len(x); r += h {
		row := x[r : r+h]
		vs := archsimd.BroadcastFloat32x8(0)
		if y != nil {
			yr := y[r : r+h]
			for j := 0; j < h; j += 8 {
				v := archsimd.LoadFloat32x8Slice(row[j:]).Add(archsimd.LoadFloat32x8Slice(yr[j:]))
				v.StoreSlice(row[j:])
				vs = vs.Add(v)
			}
		} else {
			for j := 0; j < h; j += 8 {
				vs = vs.Add(archsimd.LoadFloat32x8Slice(row[j:]))
			}
		}
		vs.Store(&lanes)
		archsimd.ClearAVXUpperBits() // before scalar code: see softmax
		mean := (lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7]) / float32(h)
		vmean := archsimd.BroadcastFloat32x8(mean)
		vss := archsimd.BroadcastFloat32x8(0)
		for j := 0; j < h; j += 8 {
			d := archsimd.LoadFloat32x8Slice(row[j:]).Sub(vmean)
			vss = d.MulAdd(d, vss)
		}
		vss.Store(&lanes)
		archsimd.ClearAVXUpperBits()
		ss := (lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7])
		inv := archsimd.BroadcastFloat32x8(float32(1 / math.Sqrt(float64(ss)/float64(h)+eps)))
		for j := 0; j < h; j += 8 {
			d := archsimd.LoadFloat32x8Slice(row[j:]).Sub(vmean).Mul(inv)
			d.MulAdd(archsimd.LoadFloat32x8Slice(g[j:]), archsimd.LoadFloat32x8Slice(b[j:])).StoreSlice(row[j:])
		}
	}
	archsimd.ClearAVXUpperBits()
}

// addLayerNorm16 is addLayerNorm on sixteen AVX-512 lanes, for h a multiple
// of 16.
func addLayerNorm16(x, y, g, b []float32, h int, eps float64) {
	g, b = g[:h], b[:h]
	var lanes [16]float32
	sum := func(v archsimd.Float32x16) float32 {
		v.Store(&lanes)
		archsimd.ClearAVXUpperBits() // before scalar code: see softmax
		var s float32
		for _, l := range lanes {
			s += l
		}
		return s
	}
	for r := 0; r+h <= len(x); r += h {
		row := x[r : r+h]
		vs := archsimd.BroadcastFloat32x16(0)
		if y != nil {
			yr := y[r : r+h]
			for j := 0; j < h; j += 16 {
				v := archsimd.LoadFloat32x16Slice(row[j:]).Add(archsimd.LoadFloat32x16Slice(yr[j:]))
				v.StoreSlice(row[j:])
				vs = vs.Add(v)
			}
		} else {
			for j := 0; j < h; j += 16 {
				vs = vs.Add(archsimd.LoadFloat32x16Slice(row[j:]))
			}
		}
		mean := sum(vs) / float32(h)
		vmean := archsimd.BroadcastFloat32x16(mean)
		vss := archsimd.BroadcastFloat32x16(0)
		for j := 0; j < h; j += 16 {
			d := archsimd.LoadFloat32x16Slice(row[j:]).Sub(vmean)
			vss = d.MulAdd(d, vss)
		}
		ss := sum(vss)
		inv := archsimd.BroadcastFloat32x16(float32(1 / math.Sqrt(float64(ss)/float64(h)+eps)))
		for j := 0; j < h; j += 16 {
			d := archsimd.LoadFloat32x16Slice(row[j:]).Sub(vmean).Mul(inv)
			d.MulAdd(archsimd.LoadFloat32x16Slice(g[j:]), archsimd.LoadFloat32x16Slice(b[j:])).StoreSlice(row[j:])
		}
	}
	archsimd.ClearAVXUpperBits() // before scalar code: see softmax
}
