package embedtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake OpenAI-compatible embeddings endpoint on loopback: POST
// .../embeddings (under any base path, e.g. /v1). Each request takes the
// next step of its script (the last one repeats; "ok" when empty):
//
//	ok          a vector per input, returned in reverse order with their indexes
//	429 / 429:N / 429:date   Too Many Requests, Retry-After N seconds or an HTTP date
//	500, 503, 400, 401        that status with an OpenAI error body
//	500:text    500 with a non-JSON body
//	slow        no answer until the client gives up (or 10 s)
//	slow:N      slow for requests of more than N inputs, else ok
//	dims:N      vectors of N values (with the default Vector)
//	malformed   a truncated JSON body
//	badtype     "embedding" is a string
//	count       one vector too few
//	zero        a zero vector
//	noindex     every "index" left at 0, vectors in input order
//	dupindex    every vector with the last index
//
// It records every request. Safe for concurrent use.
type Server struct {
	*httptest.Server

	dims   int
	vector func(text string) []float32

	mu     sync.Mutex
	script []string
	calls  int
	texts  int
	inputs [][]string
	auth   []string
	model  string
}

// NewServer starts a Server answering with dims-long vectors (see
// LengthVector) and following script; it closes when t ends.
func NewServer(t testing.TB, dims int, script ...string) *Server {
	return start(t, &Server{dims: dims, script: script})
}

// NewServerFunc starts a Server that answers each input with vector(input)
// (steps that change the answer still apply); it closes when t ends.
func NewServerFunc(t testing.TB, vector func(text string) []float32, script ...string) *Server {
	return start(t, &Server{vector: vector, script: script})
}

// start serves s (fully set up: the handler reads its fields unlocked) until
// t ends.
func start(t testing.TB, s *Server) *Server {
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

// LengthVector is the default answer for text: its length, then 1, 2, 3, ...
// (not normalised: clients normalise).
func LengthVector(text string, dims int) []float32 {
	v := make([]float32, dims)
	v[0] = float32(len(text))
	for i := 1; i < dims; i++ {
		v[i] = float32(i)
	}
	return v
}

// Calls is the number of requests so far.
func (s *Server) Calls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

// Texts is the number of inputs received so far, over all requests.
func (s *Server) Texts() int { s.mu.Lock(); defer s.mu.Unlock(); return s.texts }

// Inputs are the inputs of every request, in order.
func (s *Server) Inputs() [][]string { s.mu.Lock(); defer s.mu.Unlock(); return slices.Clone(s.inputs) }

// Auth are the Authorization headers of every request, in order.
func (s *Server) Auth() []string { s.mu.Lock(); defer s.mu.Unlock(); return slices.Clone(s.auth) }

// Model is the model named by the last request.
func (s *Server) Model() string { s.mu.Lock(); defer s.mu.Unlock(); return s.model }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/embeddings") || r.Method != http.MethodPost {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	var req struct {
		Input []string `json:"input"`
		Model string   `json:"model"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	step := "ok"
	if len(s.script) > 0 {
		step = s.script[min(s.calls, len(s.script)-1)]
	}
	s.calls++
	s.texts += len(req.Input)
	s.inputs = append(s.inputs, req.Input)
	s.auth = append(s.auth, r.Header.Get("Authorization"))
	s.model = req.Model
	s.mu.Unlock()

	kind, arg, _ := strings.Cut(step, ":")
	apiError := func(status int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"message":"fake %d","type":"fake"}}`, status)
	}
	dims := s.dims
	switch kind {
	case "429":
		switch {
		case arg == "date":
			w.Header().Set("Retry-After", time.Now().Add(20*time.Second).UTC().Format(http.TimeFormat))
		case arg != "":
			w.Header().Set("Retry-After", arg)
		}
		apiError(http.StatusTooManyRequests)
		return
	case "500", "503", "400", "401":
		status := map[string]int{"500": 500, "503": 503, "400": 400, "401": 401}[kind]
		if arg == "text" {
			http.Error(w, "upstream exploded", status)
			return
		}
		apiError(status)
		return
	case "slow":
		var n int
		fmt.Sscan(arg, &n)
		if arg != "" && len(req.Input) <= n {
			break // small enough: answer
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	case "malformed":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","data":[{"object":"embedding","embedding":[0.1,`)
		return
	case "badtype":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","data":[{"object":"embedding","embedding":"AAAA","index":0}]}`)
		return
	case "dims":
		fmt.Sscan(arg, &dims)
	}

	type item struct {
		Object    string    `json:"object"`
		Embedding []float32 `json:"embedding"`
		Index     int       `json:"index"`
	}
	var data []item
	for i, in := range req.Input {
		var v []float32
		if s.vector != nil {
			v = s.vector(in)
		} else {
			v = LengthVector(in, dims)
		}
		if kind == "zero" {
			v = make([]float32, len(v))
		}
		data = append(data, item{"embedding", v, i})
	}
	switch kind {
	case "count":
		data = data[:len(data)-1]
	case "noindex":
		for i := range data {
			data[i].Index = 0
		}
	case "dupindex":
		for i := range data {
			data[i].Index = len(data) - 1
		}
	default:
		for i, j := 0, len(data)-1; i < j; i, j = i+1, j-1 {
			data[i], data[j] = data[j], data[i]
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": req.Model})
}
