package bert

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randFloats(r *rand.Rand, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(r.NormFloat64())
	}
	return out
}

// TestMatmulPanels checks every kernel (the AVX-512 and AVX2 ones when built
// with GOEXPERIMENT=simd on a CPU that has them, and the portable one)
// against a plain triple loop, on shapes with leftover rows, an odd number
// of panels, strides wider than k, and with and without bias.
func TestMatmulPanels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, rows := range []int{1, 3, 4, 5, 9, 12, 13, 17, 25, 70, 100} {
		for _, k := range []int{1, 7, 32, 100} {
			for _, withBias := range []bool{false, true} {
				const n, extra = 48, 3 // three panels; x rows padded by extra
				ldx, ldo := k+extra, n+extra
				x := randFloats(r, rows*ldx)
				w := randFloats(r, n*k) // [n][k], PyTorch layout
				var bias []float32
				if withBias {
					bias = randFloats(r, n)
				}
				want := make([]float32, rows*ldo)
				for i := range rows {
					for j := range n {
						var s float64
						if bias != nil {
							s = float64(bias[j])
						}
						for kk := range k {
							s += float64(x[i*ldx+kk]) * float64(w[j*k+kk])
						}
						want[i*ldo+j] = float32(s)
					}
				}
				packed := packLinear(w, n, k)
				kernels := matmulVariants()
				if kernels == nil {
					kernels = map[string]func(out []float32, ldo int, x []float32, ldx, rows, k int, b, bias []float32, p0, p1 int){}
				}
				kernels["dispatch"] = matmulPanels
				kernels["generic"] = matmulPanelsGeneric
				for name, f := range kernels {
					got := make([]float32, rows*ldo)
					f(got, ldo, x, ldx, rows, k, packed.data, bias, 0, n/panelWidth)
					for i := range rows {
						for j := range n {
							g, w := got[i*ldo+j], want[i*ldo+j]
							if math.Abs(float64(g-w)) > 1e-4*(1+math.Sqrt(float64(k))) {
								t.Fatalf("%s rows=%d k=%d bias=%v: out[%d][%d] = %v, want %v", name, rows, k, withBias, i, j, g, w)
							}
						}
					}
				}
			}
		}
	}
}

func TestGemmParallelMatchesSerial(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const rows, k, n = 37, 384, 1536
	x := randFloats(r, rows*k)
	w := packLinear(randFloats(r, n*k), n, k)
	bias := randFloats(r, n)
	serial := make([]float32, rows*n)
	parallel := make([]float32, rows*n)
	gemm(nil, serial, x, rows, w, bias, 1)
	gemm(newWorkers(new(int), 2), parallel, x, rows, w, bias, 3)
	for i := range serial {
		if serial[i] != parallel[i] {
			t.Fatalf("out[%d]: serial %v, parallel %v", i, serial[i], parallel[i])
		}
	}
	// With GELU fused in, serial or parallel, it is gemm then gelu.
	gelu(serial)
	for _, par := range []int{1, 3} {
		gemmGELU(newWorkers(new(int), 2), parallel, x, rows, w, bias, par)
		for i := range serial {
			if serial[i] != parallel[i] {
				t.Fatalf("par=%d: out[%d]: gemmGELU %v, gemm then gelu %v", par, i, parallel[i], serial[i])
			}
		}
	}
}

func TestExpAndGELU(t *testing.T) {
	var xs []float32
	for x := -100.0; x <= 100; x += 0.0137 {
		xs = append(xs, float32(x))
	}
	for _, x := range xs {
		got, want := float64(exp32(x)), math.Exp(float64(x))
		if x > expLo && x < expHi && math.Abs(got-want) > 3e-7*want {
			t.Fatalf("exp32(%v) = %v, want %v", x, got, want)
		}
		g := float64(gelu32(x))
		wg := float64(x) / 2 * (1 + math.Erf(float64(x)/math.Sqrt2))
		if math.Abs(g-wg) > 2e-7*(1+math.Abs(float64(x))) {
			t.Fatalf("gelu32(%v) = %v, want %v", x, g, wg)
		}
	}
	// The vector GELU (when built) agrees with the scalar one, at lengths
	// that end in each of its loops (16 lanes, 8 lanes, scalar).
	for _, n := range []int{len(xs), 7, 8, 15, 16, 24, 31, 40} {
		v := append([]float32(nil), xs[len(xs)-n:]...)
		gelu(v)
		for i, x := range xs[len(xs)-n:] {
			if d := math.Abs(float64(v[i] - gelu32(x))); d > 1e-6*(1+math.Abs(float64(x))) {
				t.Fatalf("n=%d: gelu(%v) = %v, gelu32 = %v", n, x, v[i], gelu32(x))
			}
		}
	}
}

func TestSoftmax(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 7, 8, 9, 33, 256} {
		s := randFloats(r, (n+15)/16*16) // padded as attention's score rows are
		s = s[:n]
		for i := range s {
			s[i] *= 20
		}
		want := make([]float64, n)
		m := math.Inf(-1)
		for _, v := range s {
			m = math.Max(m, float64(v))
		}
		var sum float64
		for i, v := range s {
			want[i] = math.Exp((float64(v) - m) * 0.5)
			sum += want[i]
		}
		softmax(s[:cap(s)], n, 0.5)
		for i := range s {
			if math.Abs(float64(s[i])-want[i]/sum) > 1e-6 {
				t.Fatalf("n=%d: softmax[%d] = %v, want %v", n, i, s[i], want[i]/sum)
			}
		}
	}
}

// TestAddLayerNorm checks addLayerNorm (vector when built) against the
// float64 reference, with and without a residual.
func TestAddLayerNorm(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, h := range []int{8, 12, 16, 24, 48, 384} {
		for _, withY := range []bool{false, true} {
			const rows = 5
			x := randFloats(r, rows*h)
			for i := range x {
				x[i] = x[i]*3 + 1 // mean and variance away from 0 and 1
			}
			var y []float32
			if withY {
				y = randFloats(r, rows*h)
			}
			g, b := randFloats(r, h), randFloats(r, h)
			want := append([]float32(nil), x...)
			addLayerNormGeneric(want, y, g, b, h, 1e-12)
			addLayerNorm(x, y, g, b, h, 1e-12)
			for i := range x {
				if math.Abs(float64(x[i]-want[i])) > 1e-5*(1+math.Abs(float64(want[i]))) {
					t.Fatalf("h=%d y=%v: x[%d] = %v, want %v", h, withY, i, x[i], want[i])
				}
			}
		}
	}
}
