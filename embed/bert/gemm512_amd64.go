//go:build goexperiment.simd && amd64

package bert

//go:generate sh -c "cd asmgen && go run . -pkg bert -out ../gemm_amd64.s -stubs ../gemm_amd64.go"

// hasAVX512 is fixed by the CPU, so reading it once is not mutable state.
var hasAVX512 = archsimdAVX512()

// kernel512Rows is the tallest AVX-512 kernel (asmgen's maxRows).
const kernel512Rows = 12

// rowBlock512 is rowBlock for the AVX-512 kernels: a multiple of their 12
// rows, still small enough for the rows to stay in the L2 cache.
const rowBlock512 = 96

// gemm512Kernels[p-1][r-1] is the AVX-512 kernel for r rows and p panels.
var gemm512Kernels = [2][kernel512Rows]func(out *float32, ldo int, x *float32, ldx int, k int, b *float32, bstride int, bias *float32){
	{gemm512r1p1, gemm512r2p1, gemm512r3p1, gemm512r4p1, gemm512r5p1, gemm512r6p1,
		gemm512r7p1, gemm512r8p1, gemm512r9p1, gemm512r10p1, gemm512r11p1, gemm512r12p1},
	{gemm512r1p2, gemm512r2p2, gemm512r3p2, gemm512r4p2, gemm512r5p2, gemm512r6p2,
		gemm512r7p2, gemm512r8p2, gemm512r9p2, gemm512r10p2, gemm512r11p2, gemm512r12p2},
}

// matmulPanels512 is matmulPanelsGeneric on the AVX-512 kernels of
// gemm_amd64.s: panels two at a time (one if odd), rows 12 at a time and a
// kernel of the exact height for the rest, so no row is computed for padding.
func matmulPanels512(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int) {
	if rows <= 0 || k <= 0 || p1 <= p0 {
		return
	}
	// The kernels do not check bounds: these do, once.
	_ = out[(rows-1)*ldo+p1*panelWidth-1]
	_ = x[(rows-1)*ldx+k-1]
	_ = b[p1*k*panelWidth-1]
	if bias != nil {
		_ = bias[p1*panelWidth-1]
	}
	bstride := k * panelWidth * 4
	for r0 := 0; r0 < rows; r0 += rowBlock512 {
		r1 := min(r0+rowBlock512, rows)
		for p := p0; p < p1; {
			np := min(2, p1-p)
			col := p * panelWidth
			var bp *float32
			if bias != nil {
				bp = &bias[col]
			}
			for i := r0; i < r1; i += kernel512Rows {
				n := min(kernel512Rows, r1-i)
				gemm512Kernels[np-1][n-1](&out[i*ldo+col], ldo, &x[i*ldx], ldx, k, &b[p*k*panelWidth], bstride, bp)
			}
			p += np
		}
	}
}
