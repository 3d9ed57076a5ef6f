package bert

import (
	"sync"
)

// panelWidth is the number of output columns a packed weight panel holds:
// two 8-wide AVX registers.
const panelWidth = 16

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
	for p := 0; p < n/panelWidth; p++ {
		panel := pm.data[p*k*panelWidth : (p+1)*k*panelWidth]
		for j := 0; j < panelWidth; j++ {
			row := w[(p*panelWidth+j)*k : (p*panelWidth+j+1)*k]
			for kk, v := range row {
				panel[kk*panelWidth+j] = v
			}
		}
	}
	return pm
}

// minParallelWork is the multiply-add count below which gemm stays on one
// goroutine: splitting smaller jobs costs more than it saves.
const minParallelWork = 1 << 20

// gemm computes out[rows×n] = x[rows×k]·W + bias, splitting W's panels over
// up to par goroutines.
func gemm(out, x []float32, rows int, w *packedMatrix, bias []float32, par int) {
	panels := w.n / panelWidth
	if par > panels {
		par = panels
	}
	if par <= 1 || rows*w.n*w.k < minParallelWork {
		gemmPanels(out, x, rows, w, bias, 0, panels)
		return
	}
	var wg sync.WaitGroup
	for g := range par {
		p0, p1 := g*panels/par, (g+1)*panels/par
		wg.Go(func() { gemmPanels(out, x, rows, w, bias, p0, p1) })
	}
	wg.Wait()
}

// gemmPanelsGeneric is the portable kernel: out[i][16p:16p+16] for panels
// p0..p1-1, four rows at a time.
func gemmPanelsGeneric(out, x []float32, rows int, w *packedMatrix, bias []float32, p0, p1 int) {
	k, n := w.k, w.n
	for p := p0; p < p1; p++ {
		panel := w.data[p*k*panelWidth : (p+1)*k*panelWidth]
		col := p * panelWidth
		for i := 0; i < rows; i++ {
			var acc [panelWidth]float32
			copy(acc[:], bias[col:col+panelWidth])
			xr := x[i*k : (i+1)*k]
			for kk, a := range xr {
				b := panel[kk*panelWidth : kk*panelWidth+panelWidth]
				for j := range acc {
					acc[j] += a * b[j]
				}
			}
			copy(out[i*n+col:i*n+col+panelWidth], acc[:])
		}
	}
}

// axpyGeneric computes y += a·x over len(y) elements.
func axpyGeneric(a float32, x, y []float32) {
	x = x[:len(y)]
	for i := range y {
		y[i] += a * x[i]
	}
}
