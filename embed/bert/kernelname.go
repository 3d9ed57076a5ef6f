package bert

// Kernels names the matrix kernels this build runs on this CPU: "simd"
// (AVX2/FMA, built with GOEXPERIMENT=simd on amd64 and supported by the
// CPU) or "portable" (pure Go; same results).
func Kernels() string {
	if simdEnabled() {
		return "simd"
	}
	return "portable"
}
