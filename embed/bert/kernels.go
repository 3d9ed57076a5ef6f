package bert

import "math"

// panelWidth is the number of output columns a packed panel holds: two
// 8-wide AVX registers.
const panelWidth = 16

// rowBlock is how many rows of x a kernel sweep covers before moving to the
// next panel, so that those rows stay in the L2 cache while the weights
// stream past.
const rowBlock = 64

// packedMatrix is a K×N weight matrix W (used as y = x·W) stored as N/16
// panels; panel p holds W[k][16p:16p+16] for k = 0..K-1, contiguously, so the
// matrix-multiply kernels stream through it in order.
type packedMatrix struct {
	k, n int
	data []float32
}

// packLinear packs a PyTorch linear weight w, stored [n][k] (out × in), for
// y = x·wᵀ. n must be a multiple of panelWidth.
func packLinear(w []float32, n, k int) *packedMatrix {
	pm := &packedMatrix{k: k, n: n, data: make([]float32, n*k)}
	packRows(pm.data, w, n, k, k)
	return pm
}

// packRows packs n rows of length k (row stride ld) of src as the columns of
// ceil(n/16) panels in dst, zero-filling the columns past n.
func packRows(dst, src []float32, n, k, ld int) {
	panels := (n + panelWidth - 1) / panelWidth
	for p := range panels {
		panel := dst[p*k*panelWidth : (p+1)*k*panelWidth]
		for j := range panelWidth {
			r := p*panelWidth + j
			if r >= n {
				for kk := range k {
					panel[kk*panelWidth+j] = 0
				}
				continue
			}
			for kk, v := range src[r*ld : r*ld+k] {
				panel[kk*panelWidth+j] = v
			}
		}
	}
}

// packCols packs the first 16·panels columns of a k-row matrix src (row
// stride ld) into panels in dst: panel p holds src[kk][16p:16p+16].
func packCols(dst, src []float32, k, ld, panels int) {
	for p := range panels {
		panel := dst[p*k*panelWidth : (p+1)*k*panelWidth]
		for kk := range k {
			copy(panel[kk*panelWidth:(kk+1)*panelWidth], src[kk*ld+p*panelWidth:])
		}
	}
}

// minParallelWork is the multiply-add count below which gemm stays on one
// goroutine: splitting smaller jobs costs more than it saves.
const minParallelWork = 1 << 18

// gemm computes out[rows×n] = x[rows×k]·W + bias, splitting W's panels over
// up to par parts run by wk (nil: all on this goroutine).
func gemm(wk *workers, out, x []float32, rows int, w *packedMatrix, bias []float32, par int) {
	var job gemmJob
	var s sharedJob
	job.gemm(wk, &s, out, x, rows, w, bias, par)
}

// gemmGELU is gemm followed by GELU on out, each part applying it to the
// columns it has just computed: in parallel, while they are in cache.
func gemmGELU(wk *workers, out, x []float32, rows int, w *packedMatrix, bias []float32, par int) {
	var job gemmJob
	var s sharedJob
	job.act = true
	job.gemm(wk, &s, out, x, rows, w, bias, par)
}

// gemmJob is one gemm as a parallelJob; a forward pass keeps one in its
// workspace so that running it allocates nothing.
type gemmJob struct {
	out, x, bias []float32
	rows         int
	w            *packedMatrix
	act          bool // GELU on the result
}

func (j *gemmJob) gemm(wk *workers, s *sharedJob, out, x []float32, rows int, w *packedMatrix, bias []float32, par int) {
	*j = gemmJob{out: out, x: x, bias: bias, rows: rows, w: w, act: j.act}
	panels := w.n / panelWidth
	pairs := panels / 2
	if par <= 1 || pairs < 2 || rows*w.n*w.k < minParallelWork {
		j.runPart(0, 1)
	} else {
		// Chunks of whole panel pairs (what the AVX-512 kernels take),
		// several per goroutine, claimed as they go.
		wk.share(s, j, min(pairs, 8*par))
	}
	*j = gemmJob{} // hold no buffers between calls
}

// runPart computes chunk part of parts: whole pairs of panels, the last
// chunk taking an odd panel if there is one.
func (j *gemmJob) runPart(part, parts int) {
	panels := j.w.n / panelWidth
	pairs := panels / 2
	p0, p1 := 2*(part*pairs/parts), 2*((part+1)*pairs/parts)
	if part == parts-1 {
		p1 = panels
	}
	n := j.w.n
	matmulPanels(j.out, n, j.x, j.w.k, j.rows, j.w.k, j.w.data, j.bias, p0, p1)
	if j.act {
		for i := range j.rows {
			gelu(j.out[i*n+p0*panelWidth : i*n+p1*panelWidth])
		}
	}
}

// matmulPanelsGeneric is the portable matrix kernel:
//
//	out[i·ldo + 16p + j] = bias[16p+j] + Σ_kk x[i·ldx + kk] · b[p·16k + 16kk + j]
//
// for rows i < rows and panels p0 <= p < p1; bias may be nil (zero).
func matmulPanelsGeneric(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int) {
	var zero [panelWidth]float32
	for r0 := 0; r0 < rows; r0 += rowBlock {
		r1 := min(r0+rowBlock, rows)
		for p := p0; p < p1; p++ {
			panel := b[p*k*panelWidth : (p+1)*k*panelWidth]
			col := p * panelWidth
			bp := zero[:]
			if bias != nil {
				bp = bias[col : col+panelWidth]
			}
			i := r0
			for ; i+2 <= r1; i += 2 {
				for j := 0; j < panelWidth; j += 4 {
					block2x4(out[i*ldo+col+j:], ldo, x[i*ldx:], ldx, k, panel[j:], bp[j:j+4])
				}
			}
			for ; i < r1; i++ {
				for j := 0; j < panelWidth; j += 4 {
					block1x4(out[i*ldo+col+j:], x[i*ldx:i*ldx+k], panel[j:], bp[j:j+4])
				}
			}
		}
	}
}

// block2x4 computes a 2×4 block of out from two rows of x and four columns
// of a panel, in eight scalar accumulators that stay in registers.
func block2x4(out []float32, ldo int, x []float32, ldx, k int, panel, bias []float32) {
	c00, c01, c02, c03 := bias[0], bias[1], bias[2], bias[3]
	c10, c11, c12, c13 := c00, c01, c02, c03
	x0 := x[:k]
	x1 := x[ldx : ldx+k]
	for kk := range x0 {
		bk := panel[kk*panelWidth : kk*panelWidth+4]
		a0, a1 := x0[kk], x1[kk]
		c00 += a0 * bk[0]
		c01 += a0 * bk[1]
		c02 += a0 * bk[2]
		c03 += a0 * bk[3]
		c10 += a1 * bk[0]
		c11 += a1 * bk[1]
		c12 += a1 * bk[2]
		c13 += a1 * bk[3]
	}
	o := out[:4]
	o[0], o[1], o[2], o[3] = c00, c01, c02, c03
	o = out[ldo : ldo+4]
	o[0], o[1], o[2], o[3] = c10, c11, c12, c13
}

// block1x4 is block2x4 for one leftover row.
func block1x4(out []float32, x []float32, panel, bias []float32) {
	c0, c1, c2, c3 := bias[0], bias[1], bias[2], bias[3]
	for kk, a := range x {
		bk := panel[kk*panelWidth : kk*panelWidth+4]
		c0 += a * bk[0]
		c1 += a * bk[1]
		c2 += a * bk[2]
		c3 += a * bk[3]
	}
	o := out[:4]
	o[0], o[1], o[2], o[3] = c0, c1, c2, c3
}

// Constants of the single-precision exp: Cody–Waite reduction by ln 2 and
// Cephes' degree-5 polynomial, accurate to about 1 ulp. Inputs are clamped
// to [expLo, expHi]: e^-80 is far below anything that matters next to a
// softmax sum of at least 1, and keeps even a softmax over 512 tokens out of
// denormal numbers, which slow the FMA units down.
const (
	expHi   = 88.3762626647949
	expLo   = -80
	log2e   = 1.44269504088896341
	ln2Hi   = 0.693359375
	ln2Lo   = -2.12194440e-4
	expP0   = 1.9875691500e-4
	expP1   = 1.3981999507e-3
	expP2   = 8.3334519073e-3
	expP3   = 4.1665795894e-2
	expP4   = 1.6666665459e-1
	expP5   = 5.0000001201e-1
	geluMin = -10       // GELU is below 1e-22 in magnitude here: flushed to 0 (no denormals)
	geluP   = 0.3275911 // Abramowitz & Stegun 7.1.26 for erfc
	geluA1  = 0.254829592
	geluA2  = -0.284496736
	geluA3  = 1.421413741
	geluA4  = -1.453152027
	geluA5  = 1.061405429
)

// exp32 is the scalar twin of the vector exp: the same steps in the same
// order, so both paths agree to rounding.
func exp32(x float32) float32 {
	x = min(max(x, expLo), expHi)
	n := float32(math.RoundToEven(float64(x * log2e)))
	r := x - n*ln2Hi
	r = r - n*ln2Lo
	p := expP0*r + expP1
	p = p*r + expP2
	p = p*r + expP3
	p = p*r + expP4
	p = p*r + expP5
	y := p*(r*r) + r + 1
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

// gelu32 is BERT's exact GELU, x·Φ(x) = x/2·(1+erf(x/√2)), with erfc from
// Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7), and 0 below
// geluMin.
func gelu32(x float32) float32 {
	if x < geluMin {
		return 0
	}
	z := x * (1 / math.Sqrt2)
	az := max(z, -z)
	t := 1 / (1 + geluP*az)
	q := geluA5*t + geluA4
	q = q*t + geluA3
	q = q*t + geluA2
	q = q*t + geluA1
	q = q * t * exp32(-(az * az)) // erfc(|z|)
	if x < 0 {
		return 0.5 * x * q
	}
	return 0.5 * x * (2 - q)
}

func geluGeneric(x []float32) {
	for i, v := range x {
		x[i] = gelu32(v)
	}
}

// softmaxGeneric turns s into softmax(scale·s) in place.
func softmaxGeneric(s []float32, scale float32) {
	m := s[0]
	for _, v := range s[1:] {
		m = max(m, v)
	}
	var sum float32
	for i, v := range s {
		e := exp32((v - m) * scale)
		s[i] = e
		sum += e
	}
	inv := 1 / sum
	for i := range s {
		s[i] *= inv
	}
}
