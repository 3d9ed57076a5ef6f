package main

import (
	"crypto/sha256"
	"encoding/binary"
	"hash/fnv"
	"strings"
	"testing"

	"github.com/docseek/docseek/embed/embedtest"
)

// embeddingServer starts the test kit's fake OpenAI-compatible endpoint
// answering each input with vec(input); Texts counts what it embedded.
func embeddingServer(t *testing.T, vec func(string) []float32) *embedtest.Server {
	t.Helper()
	return embedtest.NewServerFunc(t, vec)
}

// hashedWords returns a bag-of-words embedding of dims dimensions: texts
// sharing words are near, so searches by meaning behave plausibly.
func hashedWords(dims int) func(string) []float32 {
	return func(text string) []float32 {
		v := make([]float32, dims)
		v[0] = 0.01
		for _, word := range strings.Fields(strings.ToLower(text)) {
			h := fnv.New32a()
			h.Write([]byte(word))
			v[h.Sum32()%uint32(dims)]++
		}
		return v
	}
}

// sha256Vector returns an 8-dimension embedding derived from the text's
// sha256: distinct for distinct texts, with no notion of meaning.
func sha256Vector(text string) []float32 {
	sum := sha256.Sum256([]byte(text))
	v := make([]float32, 8)
	for j := range v {
		v[j] = float32(int16(binary.LittleEndian.Uint16(sum[2*j:]))) + 0.5
	}
	return v
}
