package bert

import (
	"slices"
	"strings"
	"testing"

	"github.com/docseek/docseek/embed/bert/berttest"
)

func TestONNXSafetensors(t *testing.T) {
	// W is [in=2, out=3]; safetensors wants [out=3, in=2].
	w := []float32{1, 2, 3, 4, 5, 6}
	for _, packed := range []bool{false, true} {
		nodes, inits := berttest.ONNXProjection(berttest.ONNXTensor("onnx::MatMul_7", []int64{2, 3}, w, packed), "encoder.layer.0.attention.self.query.bias")
		inits = append(inits,
			berttest.ONNXTensor("embeddings.LayerNorm.weight", []int64{2}, []float32{1, 1}, packed),
			berttest.ONNXTensor("/some/Constant_output_0", []int64{1}, []float32{9}, packed),                                           // not the encoder's: dropped
			berttest.PBBytes(berttest.PBVarint(berttest.PBVarint(nil, tensorDims, 1), tensorDataType, 7), tensorName, []byte("shape")), // int64: skipped
		)
		out, err := ONNXSafetensors(berttest.ONNXModel(nodes, inits))
		if err != nil {
			t.Fatalf("packed=%v: %v", packed, err)
		}
		st, err := parseSafetensors(out)
		if err != nil {
			t.Fatalf("packed=%v: output: %v", packed, err)
		}
		var names []string
		for n := range st.tensors {
			names = append(names, n)
		}
		slices.Sort(names)
		want := []string{"embeddings.LayerNorm.weight", "encoder.layer.0.attention.self.query.bias", "encoder.layer.0.attention.self.query.weight"}
		if !slices.Equal(names, want) {
			t.Errorf("packed=%v: tensors %v, want %v", packed, names, want)
		}
		got, err := st.float32s("encoder.layer.0.attention.self.query.weight", 3, 2)
		if err != nil {
			t.Fatal(err)
		}
		if wantT := []float32{1, 4, 2, 5, 3, 6}; !slices.Equal(got, wantT) {
			t.Errorf("packed=%v: weight %v, want the transpose %v", packed, got, wantT)
		}
		if bias, _ := st.float32s("encoder.layer.0.attention.self.query.bias", 3); !slices.Equal(bias, []float32{0.5, 0.25, 0.125}) {
			t.Errorf("packed=%v: bias %v", packed, bias)
		}
		again, _ := ONNXSafetensors(berttest.ONNXModel(nodes, inits))
		if !slices.Equal(out, again) {
			t.Errorf("packed=%v: two conversions differ", packed)
		}
	}
}

func TestONNXSafetensorsErrors(t *testing.T) {
	w := berttest.ONNXTensor("onnx::MatMul_7", []int64{2, 3}, []float32{1, 2, 3, 4, 5, 6}, false)
	noBias := [][]byte{berttest.ONNXNode("MatMul", []string{"hidden", "onnx::MatMul_7"}, []string{"out"})}
	nodes, inits := berttest.ONNXProjection(w, "encoder.layer.0.attention.self.query.bias")
	external := berttest.PBBytes(berttest.PBBytes(berttest.PBVarint(berttest.PBVarint(nil, tensorDims, 1), tensorDataType, onnxFloat), tensorName, []byte("embeddings.x")),
		tensorExternal, berttest.PBBytes(nil, 1, []byte("location")))
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "no graph"},
		{"not protobuf", []byte("\xff\xff\xff"), "protobuf"},
		{"truncated", berttest.ONNXModel(nodes, inits)[:40], "protobuf"},
		{"one weight fed to two MatMuls", berttest.ONNXModel(append(nodes,
			berttest.ONNXNode("MatMul", []string{"hidden", "onnx::MatMul_7"}, []string{"/k/MatMul_output_0"}),
			berttest.ONNXNode("Add", []string{"encoder.layer.0.attention.self.key.bias", "/k/MatMul_output_0"}, []string{"/k/Add_output_0"})),
			append(inits, berttest.ONNXTensor("encoder.layer.0.attention.self.key.bias", []int64{3}, []float32{1, 2, 3}, false))), "feeds two MatMuls"},
		{"weight without a named bias", berttest.ONNXModel(noBias, [][]byte{w}), "no named bias"},
		{"bias of another model", berttest.ONNXModel(berttest.ONNXProjection(w, "decoder.q.bias")), "no named bias"},
		{"short raw data", berttest.ONNXModel(nil, [][]byte{berttest.ONNXTensor("embeddings.x", []int64{4}, []float32{1, 2}, false)}), "needs 16 bytes"},
		{"negative dimension", berttest.ONNXModel(nil, [][]byte{berttest.ONNXTensor("embeddings.x", []int64{-1}, nil, false)}), "bad shape"},
		{"external data", berttest.ONNXModel(nil, [][]byte{external}), "external file"},
		{"3-D weight", berttest.ONNXModel(berttest.ONNXProjection(berttest.ONNXTensor("onnx::MatMul_7", []int64{1, 2, 3}, []float32{1, 2, 3, 4, 5, 6}, false), "encoder.q.bias")), "2 dimensions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ONNXSafetensors(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// FuzzONNXSafetensors: any input converts to a safetensors file that
// parses, or fails with an error; it never panics.
func FuzzONNXSafetensors(f *testing.F) {
	nodes, inits := berttest.ONNXProjection(berttest.ONNXTensor("onnx::MatMul_7", []int64{2, 3}, []float32{1, 2, 3, 4, 5, 6}, false), "encoder.layer.0.attention.self.query.bias")
	f.Add(berttest.ONNXModel(nodes, inits))
	f.Add(berttest.ONNXModel(nil, [][]byte{berttest.ONNXTensor("embeddings.x", []int64{2}, []float32{1, 2}, true)}))
	// An empty bias beside a weight: the output's empty tensor must not
	// read as overlapping the weight's bytes.
	f.Add(berttest.ONNXModel(nodes, [][]byte{inits[0], berttest.ONNXTensor("encoder.layer.0.attention.self.query.bias", []int64{0}, nil, false)}))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := ONNXSafetensors(in)
		if err != nil {
			return
		}
		if _, err := parseSafetensors(out); err != nil {
			t.Fatalf("converted output does not parse: %v", err)
		}
		// Linear: the tensors once over (never more bytes than the
		// input's), plus a header of at most a few hundred bytes each.
		if len(out) > 2*len(in)+1024 {
			t.Fatalf("%d bytes of ONNX became %d bytes of safetensors", len(in), len(out))
		}
	})
}
