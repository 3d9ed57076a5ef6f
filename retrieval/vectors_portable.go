//go:build !(goexperiment.simd && amd64)

package retrieval

// dotBlocks is dotBlocksGeneric: no vector kernel in this build.
func dotBlocks(out, q, blocks []float32) { dotBlocksGeneric(out, q, blocks) }
