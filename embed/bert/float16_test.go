package bert

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// Every finite half survives widening and narrowing bit for bit.
func TestFloat32ToHalfRoundTrip(t *testing.T) {
	for h := range 1 << 16 {
		f := halfToFloat32(uint16(h))
		if math.IsInf(float64(f), 0) || math.IsNaN(float64(f)) {
			continue
		}
		if got, ok := float32ToHalf(f); !ok || got != uint16(h) {
			t.Fatalf("half %#04x -> %g -> %#04x, %v", h, f, got, ok)
		}
	}
}

func TestFloat32ToHalf(t *testing.T) {
	tests := []struct {
		f    float32
		want uint16
		ok   bool
	}{
		{1, 0x3c00, true},
		{1 + 1.0/2048, 0x3c00, true},      // a tie rounds to even (down)
		{1 + 3.0/2048, 0x3c02, true},      // a tie rounds to even (up)
		{1 + 1.5/2048, 0x3c01, true},      // above the tie
		{65504, 0x7bff, true},             // the largest half
		{65519, 0x7bff, true},             // rounds down to it
		{65520, 0, false},                 // rounds to infinity
		{-1e6, 0, false},                  // beyond range
		{0x1p-24, 0x0001, true},           // the smallest subnormal
		{0x1p-25, 0x0000, true},           // a tie between 0 and it: even
		{0x1.8p-25, 0x0001, true},         // above the tie
		{0x1p-14 - 0x1p-26, 0x0400, true}, // carries into the smallest normal
		{1e-40, 0x0000, true},             // a float32 subnormal
		{float32(math.Copysign(0, -1)), 0x8000, true},
		{-2, 0xc000, true},
		{float32(math.Inf(1)), 0, false},
		{float32(math.NaN()), 0, false},
	}
	for _, tt := range tests {
		got, ok := float32ToHalf(tt.f)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("float32ToHalf(%g) = %#04x, %v; want %#04x, %v", tt.f, got, ok, tt.want, tt.ok)
		}
	}
}

// Float16Safetensors halves the F32 tensors, keeps the others byte for byte,
// and writes a file the loader reads back at the rounded values.
func TestFloat16Safetensors(t *testing.T) {
	a := []float32{1, -2.5, 0.1, 1e-3, 3.14159, -65504}
	ints := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	src := encodeSafetensors(t, map[string]fakeTensor{
		"a": f32Tensor([]int64{2, 3}, a),
		"i": {"I64", []int64{1}, ints},
		"z": f32Tensor([]int64{1}, []float32{7}),
	})
	out, err := Float16Safetensors(src)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Float16Safetensors(src); !bytes.Equal(out, again) {
		t.Error("two conversions of one file differ")
	}
	if n := binary.LittleEndian.Uint64(out); n%8 != 0 {
		t.Errorf("header is %d bytes, want a multiple of 8", n)
	}
	st, err := parseSafetensors(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.float32s("a", 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range a {
		h, _ := float32ToHalf(v)
		if got[i] != halfToFloat32(h) || math.Abs(float64(got[i]-v)) > math.Abs(float64(v))/1024 {
			t.Errorf("a[%d] = %g, want %g rounded to half", i, got[i], v)
		}
	}
	if st.tensors["a"].DType != "F16" || st.tensors["i"].DType != "I64" {
		t.Errorf("dtypes = %s, %s; want F16, I64", st.tensors["a"].DType, st.tensors["i"].DType)
	}
	ti := st.tensors["i"]
	if !bytes.Equal(st.data[ti.DataOffsets[0]:ti.DataOffsets[1]], ints) {
		t.Error("the I64 tensor changed")
	}
	if !strings.Contains(string(out[8:8+binary.LittleEndian.Uint64(out)]), `"__metadata__":{"format":"pt"}`) {
		t.Error("metadata lost")
	}
	if len(out) >= len(src) {
		t.Errorf("converted file is %d bytes, the original %d", len(out), len(src))
	}
}

func TestFloat16SafetensorsErrors(t *testing.T) {
	for name, src := range map[string][]byte{
		"too large": encodeSafetensors(t, map[string]fakeTensor{"a": f32Tensor([]int64{2}, []float32{1, 70000})}),
		"NaN":       encodeSafetensors(t, map[string]fakeTensor{"a": f32Tensor([]int64{1}, []float32{float32(math.NaN())})}),
		"truncated": encodeSafetensors(t, map[string]fakeTensor{"a": f32Tensor([]int64{2}, []float32{1, 2})})[:20],
	} {
		if _, err := Float16Safetensors(src); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
