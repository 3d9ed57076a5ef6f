package bert

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

// fakeTensor is a tensor to write with encodeSafetensors.
type fakeTensor struct {
	dtype string
	shape []int64
	data  []byte
}

func f32Tensor(shape []int64, vals []float32) fakeTensor {
	b := make([]byte, 4*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return fakeTensor{"F32", shape, b}
}

// encodeSafetensors lays tensors out in name order after the header.
func encodeSafetensors(t testing.TB, tensors map[string]fakeTensor) []byte {
	t.Helper()
	names := make([]string, 0, len(tensors))
	for n := range tensors {
		names = append(names, n)
	}
	slices.Sort(names)
	header := map[string]any{"__metadata__": map[string]string{"format": "pt"}}
	var data []byte
	for _, n := range names {
		ft := tensors[n]
		header[n] = tensorInfo{DType: ft.dtype, Shape: ft.shape, DataOffsets: []int64{int64(len(data)), int64(len(data) + len(ft.data))}}
		data = append(data, ft.data...)
	}
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	return append(append(out, h...), data...)
}

// rawSafetensors builds a file from a literal header and n data bytes.
func rawSafetensors(header string, n int) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(out, header...), make([]byte, n)...)
}

func TestParseSafetensors(t *testing.T) {
	good := encodeSafetensors(t, map[string]fakeTensor{
		"a": f32Tensor([]int64{2, 3}, []float32{1, 2, 3, 4, 5, 6}),
		"b": f32Tensor([]int64{2}, []float32{-1, 0.5}),
	})
	st, err := parseSafetensors(good)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.float32s("a", 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float32{1, 2, 3, 4, 5, 6}; !slices.Equal(a, want) {
		t.Errorf("a = %v, want %v", a, want)
	}
	for _, tc := range []struct {
		name    string
		tensor  string
		shape   []int
		wantErr string
	}{
		{"missing", "c", []int{2}, `no tensor "c"`},
		{"wrong rank", "a", []int{6}, "has shape [2 3], want [6]"},
		{"wrong dims", "a", []int{3, 2}, "has shape [2 3], want [3 2]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := st.float32s(tc.tensor, tc.shape...); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("float32s error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// An empty tensor holds no bytes, so it overlaps nothing: at the offset
// where another tensor starts, or inside another's range (the ONNX
// conversion writes one for an empty bias, which fuzzing found).
func TestParseSafetensorsEmptyTensors(t *testing.T) {
	for _, header := range []string{
		`{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`,
		`{"a":{"dtype":"F32","shape":[2,0],"data_offsets":[4,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`,
		`{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`,
	} {
		st, err := parseSafetensors(rawSafetensors(header, 8))
		if err != nil {
			t.Errorf("%s: %v", header, err)
			continue
		}
		if !st.has("a") || !st.has("b") {
			t.Errorf("%s: tensors %v, want a and b", header, st.tensors)
		}
	}
}

func TestParseSafetensorsErrors(t *testing.T) {
	good := encodeSafetensors(t, map[string]fakeTensor{"a": f32Tensor([]int64{4}, []float32{1, 2, 3, 4})})
	tests := []struct {
		name    string
		file    []byte
		wantErr string
	}{
		{"empty", nil, "too short"},
		{"huge header length", binary.LittleEndian.AppendUint64(nil, 1<<40), "exceeds"},
		{"header past end", binary.LittleEndian.AppendUint64(nil, 64), "runs past the end"},
		{"truncated data", good[:len(good)-1], "outside the 15 data bytes"},
		{"bad json", rawSafetensors(`{"a":`, 0), "header"},
		{"not an object", rawSafetensors(`[1,2]`, 0), "header"},
		{"unknown dtype", rawSafetensors(`{"a":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}}`, 1), `unknown dtype "F8"`},
		{"one offset", rawSafetensors(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}`, 4), "data_offsets has 1 values"},
		{"negative offset", rawSafetensors(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}`, 4), "outside"},
		{"end before begin", rawSafetensors(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}`, 4), "outside"},
		{"shape and size disagree", rawSafetensors(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, 4), "needs 8 bytes"},
		{"negative dim", rawSafetensors(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, 4), "bad shape"},
		{"overflowing shape", rawSafetensors(`{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}`, 4), "bad shape"},
		{"overlap", rawSafetensors(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, 8), "overlap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSafetensors(tc.file)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseSafetensors error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestHalfFloats(t *testing.T) {
	f16 := []uint16{0x3c00, 0xc000, 0x0000, 0x8000, 0x7bff, 0x0001, 0x7c00, 0x3555}
	want := []float32{1, -2, 0, float32(math.Copysign(0, -1)), 65504, 5.9604645e-08, float32(math.Inf(1)), 0.33325195}
	bf16 := []uint16{0x3f80, 0xc000, 0x4049}
	bfWant := []float32{1, -2, 3.140625}
	enc := func(v []uint16) []byte {
		b := make([]byte, 2*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint16(b[2*i:], x)
		}
		return b
	}
	st, err := parseSafetensors(encodeSafetensors(t, map[string]fakeTensor{
		"h":  {"F16", []int64{int64(len(f16))}, enc(f16)},
		"bf": {"BF16", []int64{int64(len(bf16))}, enc(bf16)},
		"i":  {"I64", []int64{1}, make([]byte, 8)},
	}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.float32s("h", len(f16))
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("F16 = %v, %v; want %v", got, err, want)
	}
	got, err = st.float32s("bf", len(bf16))
	if err != nil || !slices.Equal(got, bfWant) {
		t.Errorf("BF16 = %v, %v; want %v", got, err, bfWant)
	}
	if _, err := st.float32s("i", 1); err == nil || !strings.Contains(err.Error(), "want a float type") {
		t.Errorf("I64 as floats: error = %v", err)
	}
}

// FuzzParseSafetensors: any bytes give a parsed file or an error, never a
// panic, and every tensor of a parsed file decodes at its declared shape.
func FuzzParseSafetensors(f *testing.F) {
	f.Add(encodeSafetensors(f, map[string]fakeTensor{
		"a": f32Tensor([]int64{2, 2}, []float32{1, 2, 3, 4}),
		"b": {"F16", []int64{1}, []byte{0, 0x3c}},
	}))
	f.Add(rawSafetensors(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, 8))
	f.Add(rawSafetensors(`{"__metadata__":{"format":"pt"},"x":{"dtype":"I64","shape":[1,1],"data_offsets":[0,8]}}`, 8))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := parseSafetensors(b)
		if err != nil {
			return
		}
		for name, ti := range st.tensors {
			shape := make([]int, len(ti.Shape))
			for i, d := range ti.Shape {
				shape[i] = int(d)
			}
			v, err := st.float32s(name, shape...)
			switch ti.DType {
			case "F32", "F16", "BF16":
				if err != nil {
					t.Fatalf("tensor %q: %v", name, err)
				}
				if int64(len(v))*dtypeSize[ti.DType] != ti.DataOffsets[1]-ti.DataOffsets[0] {
					t.Fatalf("tensor %q decoded to %d values", name, len(v))
				}
			default:
				if err == nil {
					t.Fatalf("tensor %q of dtype %s decoded as floats", name, ti.DType)
				}
			}
		}
	})
}
