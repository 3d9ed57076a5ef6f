package bert

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// maxSafetensorsHeader bounds the JSON header so a corrupt length cannot make
// us allocate gigabytes.
const maxSafetensorsHeader = 100 << 20

// tensorInfo is one entry of a safetensors header.
type tensorInfo struct {
	DType       string  `json:"dtype"`
	Shape       []int64 `json:"shape"`
	DataOffsets []int64 `json:"data_offsets"`
}

// safetensors is a parsed safetensors file held in memory: an 8-byte
// little-endian header length, a JSON header naming each tensor's dtype,
// shape and byte range, then the tensor bytes.
type safetensors struct {
	tensors  map[string]tensorInfo
	metadata json.RawMessage // the header's __metadata__, nil without one
	data     []byte          // the bytes after the header
}

var dtypeSize = map[string]int64{
	"F64": 8, "F32": 4, "F16": 2, "BF16": 2,
	"I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
}

// parseSafetensors checks the header of a whole safetensors file: every
// tensor's dtype is known, its byte range lies inside the file, matches its
// shape, and no two ranges overlap.
func parseSafetensors(b []byte) (*safetensors, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("safetensors: file is %d bytes, too short for a header", len(b))
	}
	n := binary.LittleEndian.Uint64(b[:8])
	if n > maxSafetensorsHeader {
		return nil, fmt.Errorf("safetensors: header length %d exceeds the %d-byte limit", n, maxSafetensorsHeader)
	}
	if n > uint64(len(b)-8) {
		return nil, fmt.Errorf("safetensors: header length %d runs past the end of the %d-byte file (truncated?)", n, len(b))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &raw); err != nil {
		return nil, fmt.Errorf("safetensors: header: %w", err)
	}
	st := &safetensors{tensors: make(map[string]tensorInfo, len(raw)), data: b[8+n:]}
	type span struct {
		name       string
		begin, end int64
	}
	var spans []span
	for name, msg := range raw {
		if name == "__metadata__" {
			st.metadata = msg
			continue
		}
		var ti tensorInfo
		if err := json.Unmarshal(msg, &ti); err != nil {
			return nil, fmt.Errorf("safetensors: tensor %q: %w", name, err)
		}
		size, ok := dtypeSize[ti.DType]
		if !ok {
			return nil, fmt.Errorf("safetensors: tensor %q: unknown dtype %q", name, ti.DType)
		}
		if len(ti.DataOffsets) != 2 {
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets has %d values, want 2", name, len(ti.DataOffsets))
		}
		begin, end := ti.DataOffsets[0], ti.DataOffsets[1]
		if begin < 0 || end < begin || end > int64(len(st.data)) {
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets [%d, %d] outside the %d data bytes (truncated?)",
				name, begin, end, len(st.data))
		}
		count := int64(1)
		for _, d := range ti.Shape {
			if d < 0 || (d > 0 && count > math.MaxInt64/size/d) {
				return nil, fmt.Errorf("safetensors: tensor %q: bad shape %v", name, ti.Shape)
			}
			count *= d
		}
		if count*size != end-begin {
			return nil, fmt.Errorf("safetensors: tensor %q: shape %v of %s needs %d bytes, data_offsets give %d",
				name, ti.Shape, ti.DType, count*size, end-begin)
		}
		st.tensors[name] = ti
		if begin < end { // an empty tensor holds no bytes, so it overlaps nothing
			spans = append(spans, span{name, begin, end})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].begin < spans[j].begin })
	for i := 1; i < len(spans); i++ {
		if spans[i].begin < spans[i-1].end {
			return nil, fmt.Errorf("safetensors: tensors %q and %q overlap", spans[i-1].name, spans[i].name)
		}
	}
	return st, nil
}

// has reports whether the file holds a tensor called name.
func (st *safetensors) has(name string) bool {
	_, ok := st.tensors[name]
	return ok
}

// float32s decodes tensor name, which must be F32 (F16 and BF16 are widened)
// and have exactly the given shape.
func (st *safetensors) float32s(name string, shape ...int) ([]float32, error) {
	ti, ok := st.tensors[name]
	if !ok {
		return nil, fmt.Errorf("safetensors: no tensor %q", name)
	}
	if len(ti.Shape) != len(shape) {
		return nil, fmt.Errorf("safetensors: tensor %q has shape %v, want %v", name, ti.Shape, shape)
	}
	for i := range shape {
		if ti.Shape[i] != int64(shape[i]) {
			return nil, fmt.Errorf("safetensors: tensor %q has shape %v, want %v", name, ti.Shape, shape)
		}
	}
	b := st.data[ti.DataOffsets[0]:ti.DataOffsets[1]]
	switch ti.DType {
	case "F32":
		out := make([]float32, len(b)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return out, nil
	case "F16":
		out := make([]float32, len(b)/2)
		for i := range out {
			out[i] = halfToFloat32(binary.LittleEndian.Uint16(b[2*i:]))
		}
		return out, nil
	case "BF16":
		out := make([]float32, len(b)/2)
		for i := range out {
			out[i] = math.Float32frombits(uint32(binary.LittleEndian.Uint16(b[2*i:])) << 16)
		}
		return out, nil
	}
	return nil, fmt.Errorf("safetensors: tensor %q has dtype %s, want a float type", name, ti.DType)
}

// halfToFloat32 widens an IEEE 754 binary16 value.
func halfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: value = frac * 2^-24
		v := float32(frac) / (1 << 24)
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
}

// stEntry is one tensor to write: its dtype, shape and little-endian bytes.
type stEntry struct {
	name  string
	dtype string
	shape []int64
	data  []byte
}

// marshalSafetensors writes a safetensors file holding entries, their bytes
// in the given order, and metadata as __metadata__ when it is set. The
// header's keys are sorted, so the output depends only on the input.
//
// WARNING: the bge-small-en-v1.5 weights are pinned by the sha256 of
// ONNXSafetensors' output (embed/models.go, embed/selftest.go), which this
// lays out: a change to the layout means new pins.
func marshalSafetensors(entries []stEntry, metadata json.RawMessage) ([]byte, error) {
	header := make(map[string]any, len(entries)+1)
	if metadata != nil {
		header["__metadata__"] = metadata
	}
	size := 0
	for _, e := range entries {
		size += len(e.data)
	}
	data := make([]byte, 0, size)
	for _, e := range entries {
		begin := int64(len(data))
		data = append(data, e.data...)
		header[e.name] = tensorInfo{DType: e.dtype, Shape: e.shape, DataOffsets: []int64{begin, int64(len(data))}}
	}
	hb, err := json.Marshal(header) // map keys sorted
	if err != nil {
		return nil, err
	}
	// Pad the header with spaces to a multiple of 8 bytes, as the
	// safetensors writers do, so the tensors stay aligned.
	if r := len(hb) % 8; r != 0 {
		hb = append(hb, bytes.Repeat([]byte{' '}, 8-r)...)
	}
	out := make([]byte, 0, 8+len(hb)+len(data))
	out = binary.LittleEndian.AppendUint64(out, uint64(len(hb)))
	out = append(out, hb...)
	return append(out, data...), nil
}

// writeSafetensors writes float32 tensors, in name order.
func writeSafetensors(tensors map[string]tensor) ([]byte, error) {
	names := make([]string, 0, len(tensors))
	for name := range tensors {
		names = append(names, name)
	}
	sort.Strings(names)
	entries := make([]stEntry, 0, len(names))
	for _, name := range names {
		t := tensors[name]
		b := make([]byte, 0, 4*len(t.data))
		for _, f := range t.data {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
		}
		entries = append(entries, stEntry{name: name, dtype: "F32", shape: t.shape, data: b})
	}
	return marshalSafetensors(entries, nil)
}
