package bert

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Float16Safetensors converts a safetensors file's F32 tensors to F16 (IEEE
// 754 binary16, rounded to nearest even) and keeps every other tensor and
// the __metadata__ as they are. The loader widens F16 back to float32, so
// the result loads like the original at half the size; for all-MiniLM-L6-v2
// the vectors keep a cosine above 0.9999 with the float32 model's (the
// parity test checks it).
//
// The output depends only on the input: tensors keep their order in the
// data, and the header's keys are sorted. A value that float16 cannot hold
// (beyond ±65504, or not finite) is an error, never an infinity.
func Float16Safetensors(src []byte) ([]byte, error) {
	st, err := parseSafetensors(src)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(st.tensors))
	for name := range st.tensors {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if c := st.tensors[a].DataOffsets[0] - st.tensors[b].DataOffsets[0]; c != 0 {
			if c < 0 {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	entries := make([]stEntry, 0, len(names))
	for _, name := range names {
		ti := st.tensors[name]
		b := st.data[ti.DataOffsets[0]:ti.DataOffsets[1]]
		if ti.DType == "F32" {
			half := make([]byte, 0, len(b)/2)
			for i := 0; i < len(b); i += 4 {
				f := math.Float32frombits(binary.LittleEndian.Uint32(b[i:]))
				h, ok := float32ToHalf(f)
				if !ok {
					return nil, fmt.Errorf("safetensors: tensor %q: value %g does not fit in float16", name, f)
				}
				half = binary.LittleEndian.AppendUint16(half, h)
			}
			ti.DType, b = "F16", half
		}
		entries = append(entries, stEntry{name: name, dtype: ti.DType, shape: ti.Shape, data: b})
	}
	return marshalSafetensors(entries, st.metadata)
}

// float32ToHalf narrows f to IEEE 754 binary16, rounding to nearest even;
// ok is false when f is not finite or its magnitude rounds beyond the
// largest half (65504). Values below the smallest half subnormal become
// (signed) zero.
func float32ToHalf(f float32) (h uint16, ok bool) {
	bits := math.Float32bits(f)
	sign := uint16(bits>>16) & 0x8000
	exp := int(bits>>23) & 0xff
	mant := bits & 0x7fffff
	if exp == 0xff {
		return 0, false
	}
	if exp == 0 { // zero or a float32 subnormal: far below half's range
		return sign, true
	}
	e := exp - 127 + 15
	if e >= 31 {
		return 0, false
	}
	if e <= 0 { // a half subnormal: frac * 2^-24
		if e < -10 {
			return sign, true
		}
		m := mant | 0x800000
		shift := uint(14 - e)
		v := m >> shift
		rem, half := m&(1<<shift-1), uint32(1)<<(shift-1)
		if rem > half || rem == half && v&1 == 1 {
			v++ // may carry into the smallest normal, which is right
		}
		return sign | uint16(v), true
	}
	v := uint32(e)<<10 | mant>>13
	if rem := mant & 0x1fff; rem > 0x1000 || rem == 0x1000 && v&1 == 1 {
		v++ // may carry into the exponent
	}
	if v >= 0x7c00 {
		return 0, false
	}
	return sign | uint16(v), true
}
