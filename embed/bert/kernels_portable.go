//go:build !(goexperiment.simd && amd64)

package bert

// simdEnabled reports whether the AVX2/FMA kernels are in use.
func simdEnabled() bool { return false }

func matmulPanels(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int) {
	matmulPanelsGeneric(out, ldo, x, ldx, rows, k, b, bias, p0, p1)
}

func gelu(x []float32) { geluGeneric(x) }

func softmax(s []float32, n int, scale float32) { softmaxGeneric(s[:n], scale) }

// matmulVariants are the matrix kernels this build can run besides the
// portable one: none.
func matmulVariants() map[string]func(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int) {
	return nil
}

func addLayerNorm(x, y, g, b []float32, h int, eps float64) { addLayerNormGeneric(x, y, g, b, h, eps) }
