package embed_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/docseek/docseek/embed"
)

// An OpenAI-compatible endpoint, here a stand-in for Ollama's
// http://localhost:11434/v1 that answers every input with the vector (3, 4).
func ExampleNewOpenAI() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Input []string }
		json.NewDecoder(r.Body).Decode(&req)
		var data []map[string]any
		for i := range req.Input {
			data = append(data, map[string]any{"index": i, "embedding": []float32{3, 4}})
		}
		json.NewEncoder(w).Encode(map[string]any{"data": data})
	}))
	defer srv.Close()

	e, err := embed.NewOpenAI(embed.OpenAIConfig{BaseURL: srv.URL + "/v1", Model: "nomic-embed-text"})
	if err != nil {
		log.Fatal(err)
	}
	vecs, err := e.EmbedDocuments(context.Background(), []string{"reset a password", "list users"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.ModelID(), e.Dimensions(), vecs)
	// Output: nomic-embed-text 2 [[0.6 0.8] [0.6 0.8]]
}

// A missing local model is an error that says how to fetch it.
func ExampleNewLocal() {
	_, err := embed.NewLocal("/nonexistent/models/all-MiniLM-L6-v2")
	fmt.Println(errors.Is(err, embed.ErrModelMissing))
	fmt.Println(err)
	// Output:
	// true
	// embedding model missing: model folder "/nonexistent/models/all-MiniLM-L6-v2" does not exist: run `docseek model fetch --model all-MiniLM-L6-v2 --data-dir /nonexistent` (or `make run`) to download it
}
