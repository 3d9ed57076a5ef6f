package bert

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
)

// ONNXSafetensors converts a BERT encoder exported to ONNX (as the
// transformers/optimum exporters write it: float32 initializers, biases and
// layer norms under their Hugging Face names, projection weights as
// anonymous MatMul inputs) into a safetensors file with the Hugging Face
// tensor names the encoder loads.
//
// A projection weight gets its name from the bias added to its product: the
// MatMul whose output an Add sums with "encoder.layer.3.attention.self.query.bias"
// holds "encoder.layer.3.attention.self.query.weight". ONNX stores it as
// [in, out]; safetensors, like PyTorch's Linear, as [out, in], so it is
// transposed. A MatMul weight that no named bias follows is an error, so an
// export of another shape fails here rather than loading half a model.
//
// The output depends only on the input (tensors in name order), and its
// size is at most the input's float32 initializers once over plus a
// header. Only the initializers the encoder may use are kept: those named
// embeddings.*, encoder.* and pooler.*.
//
// WARNING: embed/models.go pins the sha256 of what this returns for
// bge-small-en-v1.5 (and embed/selftest.go keys its self-test by it), so
// any change to the tensors, their order or the header layout
// (marshalSafetensors) means new pins.
func ONNXSafetensors(src []byte) ([]byte, error) {
	g, err := readONNXGraph(src)
	if err != nil {
		return nil, fmt.Errorf("onnx: %w", err)
	}
	out := make(map[string]tensor)
	keep := func(name string) bool {
		return strings.HasPrefix(name, "embeddings.") || strings.HasPrefix(name, "encoder.") || strings.HasPrefix(name, "pooler.")
	}
	for name, t := range g.inits {
		if keep(name) {
			out[name] = t
		}
	}
	// The Add that consumes each output, with its other input.
	addend := make(map[string]string)
	for _, n := range g.nodes {
		if n.op == "Add" && len(n.inputs) == 2 {
			addend[n.inputs[0]] = n.inputs[1]
			addend[n.inputs[1]] = n.inputs[0]
		}
	}
	used := make(map[string]bool)
	for _, n := range g.nodes {
		if n.op != "MatMul" || len(n.inputs) != 2 || len(n.outputs) != 1 {
			continue
		}
		w, ok := g.inits[n.inputs[1]]
		if !ok {
			continue // a product of two activations (attention scores)
		}
		// Each weight is converted once: an encoder uses each of its
		// projections once, and a file that fed one weight to many
		// MatMuls would otherwise grow the output with every reuse.
		if used[n.inputs[1]] {
			return nil, fmt.Errorf("onnx: MatMul weight %q feeds two MatMuls", n.inputs[1])
		}
		used[n.inputs[1]] = true
		bias := addend[n.outputs[0]]
		if !strings.HasSuffix(bias, ".bias") || !keep(bias) {
			return nil, fmt.Errorf("onnx: MatMul weight %q: no named bias is added to its product", n.inputs[1])
		}
		if len(w.shape) != 2 {
			return nil, fmt.Errorf("onnx: MatMul weight %q has shape %v, want 2 dimensions", n.inputs[1], w.shape)
		}
		name := strings.TrimSuffix(bias, "bias") + "weight"
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("onnx: two weights for %q", name)
		}
		out[name] = transpose(w)
	}
	return writeSafetensors(out)
}

// tensor is a float32 tensor: its shape and values in row-major order.
type tensor struct {
	shape []int64
	data  []float32
}

// transpose returns the [cols, rows] transpose of a 2-D tensor.
func transpose(t tensor) tensor {
	rows, cols := int(t.shape[0]), int(t.shape[1])
	out := make([]float32, len(t.data))
	for r := range rows {
		for c := range cols {
			out[c*rows+r] = t.data[r*cols+c]
		}
	}
	return tensor{shape: []int64{t.shape[1], t.shape[0]}, data: out}
}

// onnxNode is the part of an ONNX NodeProto the conversion reads.
type onnxNode struct {
	op              string
	inputs, outputs []string
}

// onnxGraph is the part of an ONNX GraphProto the conversion reads: its
// nodes and its float32 initializers by name.
type onnxGraph struct {
	nodes []onnxNode
	inits map[string]tensor
}

// ONNX protobuf field numbers (onnx.proto3). The test kit that writes
// ONNX files (embed/bert/berttest/onnx.go) restates them, as it cannot
// import this package: keep the two in step.
const (
	modelGraph       = 7
	graphNode        = 1
	graphInitializer = 5
	nodeInput        = 1
	nodeOutput       = 2
	nodeOpType       = 4
	tensorDims       = 1
	tensorDataType   = 2
	tensorFloatData  = 4
	tensorName       = 8
	tensorRawData    = 9
	tensorExternal   = 13
	onnxFloat        = 1 // TensorProto.DataType FLOAT
)

// readONNXGraph decodes the graph of an ONNX ModelProto.
func readONNXGraph(b []byte) (*onnxGraph, error) {
	var graph []byte
	err := protoFields(b, func(num, _ int, _ uint64, data []byte) error {
		if num == modelGraph {
			graph = data
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if graph == nil {
		return nil, errors.New("model has no graph")
	}
	g := &onnxGraph{inits: make(map[string]tensor)}
	err = protoFields(graph, func(num, _ int, _ uint64, data []byte) error {
		switch num {
		case graphNode:
			var n onnxNode
			err := protoFields(data, func(num, _ int, _ uint64, data []byte) error {
				switch num {
				case nodeInput:
					n.inputs = append(n.inputs, string(data))
				case nodeOutput:
					n.outputs = append(n.outputs, string(data))
				case nodeOpType:
					n.op = string(data)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("node: %w", err)
			}
			g.nodes = append(g.nodes, n)
		case graphInitializer:
			name, t, err := readONNXTensor(data)
			if err != nil {
				return fmt.Errorf("initializer %q: %w", name, err)
			}
			if t != nil {
				g.inits[name] = *t
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	return g, nil
}

// readONNXTensor decodes a TensorProto; t is nil for a tensor that is not
// float32 (shapes, indices), which the conversion does not need.
func readONNXTensor(b []byte) (name string, t *tensor, err error) {
	var (
		dims     []int64
		dtype    uint64
		raw      []byte
		floats   []float32
		external bool
	)
	err = protoFields(b, func(num, wire int, v uint64, data []byte) error {
		switch num {
		case tensorDims:
			if wire == 0 {
				dims = append(dims, int64(v))
				return nil
			}
			for len(data) > 0 { // packed
				d, n := binary.Uvarint(data)
				if n <= 0 {
					return errors.New("bad packed dims")
				}
				dims = append(dims, int64(d))
				data = data[n:]
			}
		case tensorDataType:
			dtype = v
		case tensorName:
			name = string(data)
		case tensorRawData:
			raw = data
		case tensorFloatData:
			if wire == 5 {
				floats = append(floats, math.Float32frombits(uint32(v)))
				return nil
			}
			if len(data)%4 != 0 {
				return errors.New("float_data is not a whole number of floats")
			}
			for i := 0; i < len(data); i += 4 {
				floats = append(floats, math.Float32frombits(binary.LittleEndian.Uint32(data[i:])))
			}
		case tensorExternal:
			external = true
		}
		return nil
	})
	if err != nil || dtype != onnxFloat {
		return name, nil, err
	}
	if external {
		return name, nil, errors.New("data in an external file is not supported")
	}
	n := int64(1)
	for _, d := range dims {
		if d < 0 || d > 1<<31 || n*d > 1<<31 {
			return name, nil, fmt.Errorf("bad shape %v", dims)
		}
		n *= d
	}
	if raw != nil {
		if int64(len(raw)) != 4*n {
			return name, nil, fmt.Errorf("shape %v needs %d bytes, raw_data has %d", dims, 4*n, len(raw))
		}
		floats = make([]float32, n)
		for i := range floats {
			floats[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
	}
	if int64(len(floats)) != n {
		return name, nil, fmt.Errorf("shape %v needs %d values, has %d", dims, n, len(floats))
	}
	return name, &tensor{shape: dims, data: floats}, nil
}

// protoFields calls fn for each field of a protobuf message: its number,
// wire type, value (varint, fixed32 or fixed64) or bytes (length-delimited).
func protoFields(b []byte, fn func(num, wire int, v uint64, data []byte) error) error {
	for len(b) > 0 {
		key, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("protobuf: bad field key")
		}
		b = b[n:]
		num, wire := int(key>>3), int(key&7)
		var (
			v    uint64
			data []byte
		)
		switch wire {
		case 0:
			v, n = binary.Uvarint(b)
			if n <= 0 {
				return fmt.Errorf("protobuf: field %d: bad varint", num)
			}
			b = b[n:]
		case 1:
			if len(b) < 8 {
				return fmt.Errorf("protobuf: field %d: truncated", num)
			}
			v, b = binary.LittleEndian.Uint64(b), b[8:]
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return fmt.Errorf("protobuf: field %d: bad length", num)
			}
			data, b = b[n:n+int(l)], b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return fmt.Errorf("protobuf: field %d: truncated", num)
			}
			v, b = uint64(binary.LittleEndian.Uint32(b)), b[4:]
		default:
			return fmt.Errorf("protobuf: field %d: unsupported wire type %d", num, wire)
		}
		if err := fn(num, wire, v, data); err != nil {
			return err
		}
	}
	return nil
}
