package berttest

import (
	"encoding/binary"
	"math"
)

// ONNX protobufs written by hand for the conversion's tests: a field's key
// is its number << 3 | its wire type. The numbers are onnx.proto3's, as in
// embed/bert/onnx.go, which this kit cannot import: keep the two in step.
const (
	onnxModelGraph       = 7
	onnxGraphNode        = 1
	onnxGraphInitializer = 5
	onnxNodeInput        = 1
	onnxNodeOutput       = 2
	onnxNodeOpType       = 4
	onnxTensorDims       = 1
	onnxTensorDataType   = 2
	onnxTensorFloatData  = 4
	onnxTensorName       = 8
	onnxTensorRawData    = 9
	onnxFloat            = 1 // TensorProto.DataType FLOAT
)

// PBBytes appends a length-delimited field.
func PBBytes(b []byte, field int, data []byte) []byte {
	b = binary.AppendUvarint(b, uint64(field)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}

// PBVarint appends a varint field.
func PBVarint(b []byte, field int, v uint64) []byte {
	b = binary.AppendUvarint(b, uint64(field)<<3)
	return binary.AppendUvarint(b, v)
}

// ONNXTensor encodes a float32 TensorProto, its values in raw_data, or in
// packed float_data when packed is set.
func ONNXTensor(name string, dims []int64, vals []float32, packed bool) []byte {
	var b []byte
	for _, d := range dims {
		b = PBVarint(b, onnxTensorDims, uint64(d))
	}
	b = PBVarint(b, onnxTensorDataType, onnxFloat)
	b = PBBytes(b, onnxTensorName, []byte(name))
	var raw []byte
	for _, v := range vals {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
	}
	if packed {
		return PBBytes(b, onnxTensorFloatData, raw)
	}
	return PBBytes(b, onnxTensorRawData, raw)
}

// ONNXNode encodes a NodeProto.
func ONNXNode(op string, inputs, outputs []string) []byte {
	var b []byte
	for _, in := range inputs {
		b = PBBytes(b, onnxNodeInput, []byte(in))
	}
	for _, out := range outputs {
		b = PBBytes(b, onnxNodeOutput, []byte(out))
	}
	return PBBytes(b, onnxNodeOpType, []byte(op))
}

// ONNXModel wraps nodes and initializers in a GraphProto and a ModelProto.
func ONNXModel(nodes, inits [][]byte) []byte {
	var g []byte
	for _, n := range nodes {
		g = PBBytes(g, onnxGraphNode, n)
	}
	for _, t := range inits {
		g = PBBytes(g, onnxGraphInitializer, t)
	}
	m := PBVarint(nil, 1, 8) // ir_version, which the conversion skips
	return PBBytes(m, onnxModelGraph, g)
}

// ONNXProjection is one projection as the exporters write it: the
// activation times an anonymous [in, out] weight, plus a named bias of
// values 0.5, 0.25, 0.125 (so out is 3).
func ONNXProjection(weight []byte, biasName string) (nodes, inits [][]byte) {
	nodes = [][]byte{
		ONNXNode("MatMul", []string{"hidden", "onnx::MatMul_7"}, []string{"/q/MatMul_output_0"}),
		ONNXNode("Add", []string{biasName, "/q/MatMul_output_0"}, []string{"/q/Add_output_0"}),
	}
	inits = [][]byte{weight, ONNXTensor(biasName, []int64{3}, []float32{0.5, 0.25, 0.125}, false)}
	return nodes, inits
}
