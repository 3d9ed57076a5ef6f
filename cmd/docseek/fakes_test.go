package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// embeddingServer fakes an OpenAI-compatible /embeddings endpoint that
// answers each input with vec(input). It counts the inputs it embedded.
func embeddingServer(t *testing.T, vec func(string) []float32) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var inputs atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		inputs.Add(int64(len(req.Input)))
		type datum struct {
			Object    string    `json:"object"`
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		resp := struct {
			Object string  `json:"object"`
			Model  string  `json:"model"`
			Data   []datum `json:"data"`
		}{Object: "list", Model: req.Model}
		for i, text := range req.Input {
			resp.Data = append(resp.Data, datum{Object: "embedding", Index: i, Embedding: vec(text)})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(srv.Close)
	return srv, &inputs
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
