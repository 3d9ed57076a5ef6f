//go:build !(goexperiment.simd && amd64)

package bert

// simdEnabled reports whether the AVX2/FMA kernels are in use.
func simdEnabled() bool { return false }

func gemmPanels(out, x []float32, rows int, w *packedMatrix, bias []float32, p0, p1 int) {
	gemmPanelsGeneric(out, x, rows, w, bias, p0, p1)
}

func axpy(a float32, x, y []float32) { axpyGeneric(a, x, y) }
