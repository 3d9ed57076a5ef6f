package bundles

import (
	"math"
	"testing"
)

func TestFloat16(t *testing.T) {
	// Every half value except NaNs survives a trip through float32.
	for h := range 1 << 16 {
		f := halfToFloat32(uint16(h))
		if math.IsNaN(float64(f)) {
			continue
		}
		if got := float32ToHalf(f); got != uint16(h) {
			t.Fatalf("half %#04x -> %v -> %#04x", h, f, got)
		}
	}
	tests := []struct {
		in   float32
		want uint16
	}{
		{0, 0},
		{float32(math.Copysign(0, -1)), 0x8000},
		{1, 0x3c00},
		{-2, 0xc000},
		{65504, 0x7bff}, // largest half
		{65520, 0x7c00}, // rounds up to infinity
		{1e10, 0x7c00},  // overflow
		{float32(math.Inf(-1)), 0xfc00},
		{1 + 1.0/2048, 0x3c00},          // tie rounds to even (down)
		{1 + 3.0/2048, 0x3c02},          // tie rounds to even (up)
		{5.960464477539063e-08, 0x0001}, // smallest subnormal
		{2.9e-08, 0x0000},               // below half of it
		{6.097555160522461e-05, 0x03ff}, // largest subnormal
	}
	for _, tt := range tests {
		if got := float32ToHalf(tt.in); got != tt.want {
			t.Errorf("float32ToHalf(%v) = %#04x, want %#04x", tt.in, got, tt.want)
		}
	}
	if got := float32ToHalf(float32(math.NaN())); got&0x7c00 != 0x7c00 || got&0x3ff == 0 {
		t.Errorf("float32ToHalf(NaN) = %#04x, want a NaN", got)
	}
}
