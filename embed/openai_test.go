package embed

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/embed/embedtest"
)

// newFakeEndpoint starts the test kit's fake endpoint (embedtest.Server,
// whose doc lists the script steps) with dims-long vectors.
func newFakeEndpoint(t *testing.T, dims int, script ...string) (*embedtest.Server, *httptest.Server) {
	f := embedtest.NewServer(t, dims, script...)
	return f, f.Server
}

// fakeVector is the unnormalised vector the fake returns for text.
func fakeVector(text string, dims int) []float32 { return embedtest.LengthVector(text, dims) }

// newTestOpenAI returns an embedder on srv whose sleeps are recorded, not slept.
func newTestOpenAI(t *testing.T, srv *httptest.Server, cfg OpenAIConfig) (*OpenAI, *[]time.Duration) {
	t.Helper()
	cfg.BaseURL = srv.URL + "/v1"
	if cfg.Model == "" {
		cfg.Model = "fake-embed"
	}
	o, err := NewOpenAI(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var sleeps []time.Duration
	o.sleep = func(ctx context.Context, d time.Duration) error {
		sleeps = append(sleeps, d)
		return ctx.Err()
	}
	return o, &sleeps
}

// unit returns v scaled to unit length.
func unit(v []float32) []float32 {
	out, err := normalize(v)
	if err != nil {
		panic(err)
	}
	return out
}

func TestOpenAIBatchesInOrder(t *testing.T) {
	f, srv := newFakeEndpoint(t, 3)
	o, sleeps := newTestOpenAI(t, srv, OpenAIConfig{BatchSize: 4})
	texts := make([]string, 10)
	for i := range texts {
		texts[i] = strings.Repeat("x", i)
	}
	got, err := o.EmbedDocuments(t.Context(), texts)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]float32, len(texts))
	for i, s := range texts {
		if s == "" {
			s = " " // sent as a space
		}
		want[i] = unit(fakeVector(s, 3))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("vectors (-want +got):\n%s", diff)
	}
	var sizes []int
	for _, in := range f.Inputs() {
		sizes = append(sizes, len(in))
	}
	if diff := cmp.Diff([]int{4, 4, 2}, sizes); diff != "" {
		t.Errorf("batch sizes (-want +got):\n%s", diff)
	}
	// The empty text goes out as a space: OpenAI rejects empty inputs.
	if f.Inputs()[0][0] != " " {
		t.Errorf("empty text sent as %q", f.Inputs()[0][0])
	}
	if o.Dimensions() != 3 || o.ModelID() != "fake-embed" || f.Model() != "fake-embed" {
		t.Errorf("dims %d, model %q, model sent %q", o.Dimensions(), o.ModelID(), f.Model())
	}
	if len(*sleeps) != 0 {
		t.Errorf("slept %v without failures", *sleeps)
	}
	for _, v := range got {
		if n := norm(v); math.Abs(n-1) > 1e-6 {
			t.Errorf("norm %v, want 1", n)
		}
	}
}

func norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

func TestOpenAIRetries(t *testing.T) {
	tests := []struct {
		name   string
		script []string
		cfg    OpenAIConfig
		// wantErr is "" for success, else a substring of the error.
		wantErr   []string
		wantCalls int
		// minSleeps are lower bounds of the successive waits.
		minSleeps []time.Duration
		maxSleeps []time.Duration
		// splitOnly: the retries were splits, without sleeping.
		splitOnly bool
	}{
		{name: "429 with Retry-After seconds", script: []string{"429:7", "ok"}, wantCalls: 2,
			minSleeps: []time.Duration{7 * time.Second}, maxSleeps: []time.Duration{7 * time.Second}},
		{name: "429 with Retry-After date", script: []string{"429:date", "ok"}, wantCalls: 2,
			minSleeps: []time.Duration{15 * time.Second}, maxSleeps: []time.Duration{21 * time.Second}},
		{name: "429 without Retry-After backs off", script: []string{"429", "429", "ok"}, wantCalls: 3,
			minSleeps: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond},
			maxSleeps: []time.Duration{500 * time.Millisecond, time.Second}},
		{name: "500 then ok", script: []string{"500", "503", "ok"}, wantCalls: 3,
			minSleeps: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond},
			maxSleeps: []time.Duration{500 * time.Millisecond, time.Second}},
		{name: "500 with a text body", script: []string{"500:text", "ok"}, wantCalls: 2},
		{name: "slow response times out, then the halves go through", script: []string{"slow", "ok"},
			cfg: OpenAIConfig{Timeout: 50 * time.Millisecond}, wantCalls: 3, splitOnly: true},
		{name: "gives up on 500", script: []string{"500"}, cfg: OpenAIConfig{MaxRetries: 2}, wantCalls: 3,
			wantErr: []string{"/v1/embeddings", `model "fake-embed"`, "gave up after 3 attempts", "status code: 500"}},
		{name: "gives up on 429", script: []string{"429:1"}, cfg: OpenAIConfig{MaxRetries: 1}, wantCalls: 2,
			wantErr: []string{"/v1/embeddings", "gave up after 2 attempts", "status code: 429"}},
		{name: "gives up on timeouts", script: []string{"slow"}, cfg: OpenAIConfig{MaxRetries: 1, Timeout: 20 * time.Millisecond},
			wantCalls: 2, wantErr: []string{"/v1/embeddings", "no response within 20ms"}},
		{name: "no retries when negative", script: []string{"500"}, cfg: OpenAIConfig{MaxRetries: -1}, wantCalls: 1,
			wantErr: []string{"status code: 500"}},
		{name: "400 is not retried", script: []string{"400"}, wantCalls: 1, wantErr: []string{"/v1/embeddings", "status code: 400"}},
		{name: "401 is not retried", script: []string{"401"}, wantCalls: 1, wantErr: []string{"status code: 401"}},
		{name: "malformed JSON", script: []string{"malformed"}, wantCalls: 1, wantErr: []string{"/v1/embeddings", "malformed response"}},
		{name: "wrong JSON type", script: []string{"badtype"}, wantCalls: 1, wantErr: []string{"malformed response"}},
		{name: "wrong dimensions", script: []string{"dims:5"}, cfg: OpenAIConfig{Dimensions: 3}, wantCalls: 1,
			wantErr: []string{"has 5 dimensions, want 3"}},
		{name: "wrong count", script: []string{"count"}, wantCalls: 1, wantErr: []string{"got 1 vectors for 2 inputs"}},
		{name: "repeated index", script: []string{"dupindex"}, wantCalls: 1, wantErr: []string{"repeated vector index 1"}},
		{name: "zero vector", script: []string{"zero"}, wantCalls: 1, wantErr: []string{"cannot normalise"}},
		{name: "index left out", script: []string{"noindex"}, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeEndpoint(t, 3, tt.script...)
			o, sleeps := newTestOpenAI(t, srv, tt.cfg)
			texts := []string{"alpha", "be"}
			got, err := o.EmbedDocuments(t.Context(), texts)
			if n := f.Calls(); n != tt.wantCalls {
				t.Errorf("calls = %d, want %d", n, tt.wantCalls)
			}
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("no error, want %q", tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("err = %q, want it to contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := [][]float32{unit(fakeVector("alpha", 3)), unit(fakeVector("be", 3))}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("vectors (-want +got):\n%s", diff)
			}
			if tt.splitOnly {
				if len(*sleeps) != 0 {
					t.Errorf("slept %v before sending halves", *sleeps)
				}
			} else if len(*sleeps) != tt.wantCalls-1 {
				t.Errorf("sleeps = %v, want %d", *sleeps, tt.wantCalls-1)
			}
			for i, d := range *sleeps {
				if i < len(tt.minSleeps) && d < tt.minSleeps[i] {
					t.Errorf("sleep %d = %v, want >= %v", i, d, tt.minSleeps[i])
				}
				if i < len(tt.maxSleeps) && d > tt.maxSleeps[i] {
					t.Errorf("sleep %d = %v, want <= %v", i, d, tt.maxSleeps[i])
				}
			}
		})
	}
}

// A server too slow for big batches gets smaller ones, in order.
func TestOpenAISplitsSlowBatches(t *testing.T) {
	f, srv := newFakeEndpoint(t, 3, "slow:2")
	o, sleeps := newTestOpenAI(t, srv, OpenAIConfig{BatchSize: 8, Timeout: 50 * time.Millisecond})
	texts := []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh"}
	got, err := o.EmbedDocuments(t.Context(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		if diff := cmp.Diff(unit(fakeVector(s, 3)), got[i]); diff != "" {
			t.Errorf("vector %d (-want +got):\n%s", i, diff)
		}
	}
	var sizes []int
	for _, in := range f.Inputs() {
		sizes = append(sizes, len(in))
	}
	if diff := cmp.Diff([]int{8, 4, 2, 2, 4, 2, 2}, sizes); diff != "" {
		t.Errorf("request sizes (-want +got):\n%s", diff)
	}
	if len(*sleeps) != 0 {
		t.Errorf("slept %v", *sleeps)
	}
}

func TestOpenAIDimensionsLearnedThenEnforced(t *testing.T) {
	_, srv := newFakeEndpoint(t, 3, "ok", "dims:4")
	o, _ := newTestOpenAI(t, srv, OpenAIConfig{})
	if o.Dimensions() != 0 {
		t.Errorf("dims before any response = %d, want 0", o.Dimensions())
	}
	if d, err := o.Probe(t.Context()); err != nil || d != 3 {
		t.Fatalf("Probe = %d, %v; want 3", d, err)
	}
	if _, err := o.EmbedQuery(t.Context(), "q"); err == nil || !strings.Contains(err.Error(), "has 4 dimensions, want 3") {
		t.Errorf("err = %v, want a dimensions mismatch", err)
	}
}

func TestOpenAIContextCanceledWhileWaiting(t *testing.T) {
	f, srv := newFakeEndpoint(t, 3, "429:30")
	o, _ := newTestOpenAI(t, srv, OpenAIConfig{})
	ctx, cancel := context.WithCancel(t.Context())
	o.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return sleepCtx(ctx, d)
	}
	_, err := o.EmbedDocuments(ctx, []string{"a"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := f.Calls(); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}

func TestOpenAIAuthAndQueryPrefix(t *testing.T) {
	f, srv := newFakeEndpoint(t, 3)
	withKey, _ := newTestOpenAI(t, srv, OpenAIConfig{APIKey: "sk-test", QueryPrefix: "query: "})
	if _, err := withKey.EmbedQuery(t.Context(), "reset password"); err != nil {
		t.Fatal(err)
	}
	noKey, _ := newTestOpenAI(t, srv, OpenAIConfig{})
	if _, err := noKey.EmbedDocuments(t.Context(), []string{"doc"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Bearer sk-test", ""}, f.Auth()); diff != "" {
		t.Errorf("Authorization headers (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"query: reset password"}, {"doc"}}, f.Inputs()); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
}

func TestOpenAIEmptyInput(t *testing.T) {
	f, srv := newFakeEndpoint(t, 3)
	o, _ := newTestOpenAI(t, srv, OpenAIConfig{})
	got, err := o.EmbedDocuments(t.Context(), nil)
	if n := f.Calls(); err != nil || len(got) != 0 || n != 0 {
		t.Errorf("EmbedDocuments(nil) = %v, %v after %d calls; want no vectors, no calls", got, err, n)
	}
}

func TestOpenAIRefusedConnection(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens there any more
	o, sleeps := newTestOpenAI(t, srv, OpenAIConfig{})
	_, err := o.EmbedDocuments(t.Context(), []string{"a"})
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/v1/embeddings") {
		t.Errorf("err = %v, want it to name the endpoint", err)
	}
	if len(*sleeps) != 0 {
		t.Errorf("retried a refused connection: %v", *sleeps)
	}
}

func TestNewOpenAIConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     OpenAIConfig
		wantErr string
	}{
		{"no model", OpenAIConfig{}, "no model name"},
		{"not http", OpenAIConfig{Model: "m", BaseURL: "localhost:11434/v1"}, "not an http(s) URL"},
		{"negative dims", OpenAIConfig{Model: "m", Dimensions: -1}, "negative dimensions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewOpenAI(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
	o, err := NewOpenAI(OpenAIConfig{Model: "nomic-embed-text", BaseURL: "http://localhost:11434/v1/"})
	if err != nil {
		t.Fatal(err)
	}
	if o.Endpoint() != "http://localhost:11434/v1/embeddings" || o.cfg.BatchSize != 64 || o.cfg.MaxRetries != 5 || o.cfg.Timeout != 30*time.Second {
		t.Errorf("defaults: endpoint %q, cfg %+v", o.Endpoint(), o.cfg)
	}
	o, err = NewOpenAI(OpenAIConfig{Model: "text-embedding-3-small"})
	if err != nil || o.Endpoint() != "https://api.openai.com/v1/embeddings" {
		t.Errorf("default endpoint = %q, %v", o.Endpoint(), err)
	}
}

func TestBatchEnd(t *testing.T) {
	texts := []string{"aaaa", "bb", "cccccc", "d", "eeeeeeeeeeee", "f"}
	tests := []struct {
		name           string
		size, maxBytes int
		wantEnds       []int
	}{
		{"by count", 4, 100, []int{4, 6}},
		{"by bytes", 10, 7, []int{2, 4, 5, 6}},
		{"an oversized text goes alone", 10, 5, []int{1, 2, 3, 4, 5, 6}},
		{"one by one", 1, 100, []int{1, 2, 3, 4, 5, 6}},
	}
	for _, tt := range tests {
		var ends []int
		for start := 0; start < len(texts); {
			start = batchEnd(texts, start, tt.size, tt.maxBytes)
			ends = append(ends, start)
		}
		if diff := cmp.Diff(tt.wantEnds, ends); diff != "" {
			t.Errorf("%s: batch ends (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0.5 ", 500 * time.Millisecond, true},
		{"0", 0, true},
		{"-1", retryAfterMax, false},
		{"86400", retryAfterMax, true},
		{"Sat, 28 Nov 2026 12:00:10 GMT", 10 * time.Second, true},
		{"Sat, 28 Nov 2026 11:00:00 GMT", 0, true},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if ok != tt.wantOK || (ok && got != tt.want) {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	now := time.Now()
	for attempt := range 20 {
		full := min(backoffBase<<min(attempt, 16), backoffMax)
		for range 50 {
			d := backoff(attempt, "", now)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", attempt, d, full/2, full)
			}
		}
	}
	if d := backoff(0, "3600", now); d != retryAfterMax {
		t.Errorf("backoff with Retry-After 3600 = %v, want the cap %v", d, retryAfterMax)
	}
}
