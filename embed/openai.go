package embed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sashabaranov/go-openai"
)

// OpenAIConfig configures an OpenAI-compatible embeddings endpoint. The
// zero value of every field but Model means its default.
type OpenAIConfig struct {
	// BaseURL is the API base, e.g. "http://localhost:11434/v1" for Ollama.
	// Default "https://api.openai.com/v1".
	BaseURL string
	// APIKey is sent as a bearer token; empty sends none (Ollama, vLLM).
	APIKey string
	// Model is the endpoint's model name, e.g. "text-embedding-3-small" or
	// "nomic-embed-text". Required.
	Model string
	// Dimensions is the expected vector length; 0 learns it from the first
	// response (until then Dimensions() returns 0; see Probe).
	Dimensions int
	// QueryPrefix is prepended to queries (not documents), for models
	// trained with a query instruction. Default none.
	QueryPrefix string
	// BatchSize is the most inputs per request. Default 64.
	BatchSize int
	// MaxRetries is how many times a request is retried after a 429, a 5xx
	// or a timeout. Default 5; negative means no retries.
	MaxRetries int
	// Timeout bounds each request. Default 30s.
	Timeout time.Duration
	// HTTPClient sends the requests. Default a new http.Client.
	HTTPClient *http.Client
	// Logger receives a warning per retry. Default: discard.
	Logger *slog.Logger
}

// Defaults of OpenAIConfig.
const (
	DefaultOpenAIBaseURL = "https://api.openai.com/v1"
	defaultBatchSize     = 64
	defaultMaxRetries    = 5
	defaultTimeout       = 30 * time.Second
	// Backoff before retry n (from 0) is about backoffBase * 2^n, halved
	// to doubled by jitter, at most backoffMax; a Retry-After from the
	// server is honoured up to retryAfterMax.
	backoffBase   = 500 * time.Millisecond
	backoffMax    = 30 * time.Second
	retryAfterMax = 2 * time.Minute
)

// OpenAI embeds texts with an OpenAI-compatible /v1/embeddings endpoint
// (OpenAI, Ollama, vLLM, LM Studio, ...). It sends batches one after the
// other, retries 429s, 5xx and timeouts with exponential backoff, jitter
// and Retry-After, and L2-normalises the vectors. It is safe for
// concurrent use.
type OpenAI struct {
	cfg      OpenAIConfig
	endpoint string // BaseURL + "/embeddings", for errors
	client   *openai.Client
	logger   *slog.Logger
	dims     atomic.Int64
	// sleep waits d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

var _ Embedder = (*OpenAI)(nil)

// NewOpenAI returns an embedder for the endpoint of cfg. It does no I/O.
func NewOpenAI(cfg OpenAIConfig) (*OpenAI, error) {
	if cfg.Model == "" {
		return nil, errors.New("openai embedder: no model name (set --openai-model)")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultOpenAIBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if !strings.HasPrefix(cfg.BaseURL, "http://") && !strings.HasPrefix(cfg.BaseURL, "https://") {
		return nil, fmt.Errorf("openai embedder: base URL %q is not an http(s) URL", cfg.BaseURL)
	}
	if cfg.Dimensions < 0 {
		return nil, fmt.Errorf("openai embedder: negative dimensions %d", cfg.Dimensions)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = defaultBatchSize
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = defaultMaxRetries
	} else if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	oc.HTTPClient = headerDoer{cfg.HTTPClient}
	o := &OpenAI{
		cfg:      cfg,
		endpoint: cfg.BaseURL + "/embeddings",
		client:   openai.NewClientWithConfig(oc),
		logger:   logger,
		sleep:    sleepCtx,
	}
	o.dims.Store(int64(cfg.Dimensions))
	return o, nil
}

// ModelID is the endpoint's model name.
func (o *OpenAI) ModelID() string { return o.cfg.Model }

// Dimensions is the vector length: the configured one, else the one learned
// from the first response (0 before it).
func (o *OpenAI) Dimensions() int { return int(o.dims.Load()) }

// Endpoint is the URL embeddings are posted to.
func (o *OpenAI) Endpoint() string { return o.endpoint }

// Probe embeds a short text to check the endpoint and learn the dimensions.
func (o *OpenAI) Probe(ctx context.Context) (int, error) {
	if _, err := o.EmbedDocuments(ctx, []string{"dimension probe"}); err != nil {
		return 0, err
	}
	return o.Dimensions(), nil
}

// EmbedQuery embeds a search query, with QueryPrefix if configured.
func (o *OpenAI) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	vecs, err := o.EmbedDocuments(ctx, []string{o.cfg.QueryPrefix + text})
	if err != nil {
		return nil, err
	}
	return vecs[0], nil
}

// EmbedDocuments embeds texts in batches of at most BatchSize texts (and
// about 200k tokens), in order. Empty texts
// are sent as a single space (OpenAI rejects empty inputs). Any batch that
// fails after its retries fails the whole call: no partial result.
// A batch that times out is split in two (see embedBatch).
func (o *OpenAI) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	inputs := make([]string, len(texts))
	for i, t := range texts {
		if t == "" {
			t = " "
		}
		inputs[i] = t
	}
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(inputs); {
		end := batchEnd(inputs, start, o.cfg.BatchSize, maxBatchBytes)
		vecs, err := o.embedBatch(ctx, inputs[start:end], 0)
		if err != nil {
			return nil, err
		}
		o.logger.Debug("embedded a batch", "endpoint", o.endpoint, "texts", end-start, "done", end, "of", len(texts))
		out = append(out, vecs...)
		start = end
	}
	return out, nil
}

// maxBatchBytes bounds the text of one request: OpenAI takes at most 300k
// tokens per request, and a token is about 4 bytes of English.
const maxBatchBytes = 800_000

// batchEnd returns the end of the batch starting at texts[start]: at most
// size texts and maxBytes bytes, but always at least one text.
func batchEnd(texts []string, start, size, maxBytes int) int {
	end, n := start, 0
	for end < len(texts) && end-start < size {
		n += len(texts[end])
		if n > maxBytes && end > start {
			break
		}
		end++
	}
	return end
}

// embedBatch sends one batch, retrying transient failures; attempt counts
// the tries already spent on it. A batch that times out is split in two
// rather than sent again: a slow server (Ollama on a CPU) may need smaller
// requests to answer within Timeout. The halves inherit the spent tries,
// so a hung server still fails after MaxRetries+1 timeouts.
func (o *OpenAI) embedBatch(ctx context.Context, batch []string, attempt int) ([][]float32, error) {
	for ; ; attempt++ {
		meta := &respMeta{}
		vecs, err := o.once(ctx, batch, meta)
		if err == nil {
			return vecs, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("embeddings endpoint %s: %w", o.endpoint, context.Cause(ctx))
		}
		if !retryable(err) || attempt >= o.cfg.MaxRetries {
			what := ""
			if attempt > 0 {
				what = fmt.Sprintf(" (gave up after %d attempts)", attempt+1)
			}
			return nil, fmt.Errorf("embeddings endpoint %s, model %q%s: %w", o.endpoint, o.cfg.Model, what, err)
		}
		if errors.Is(err, errTimeout) && len(batch) > 1 {
			mid := len(batch) / 2
			o.logger.Warn("embeddings request timed out; splitting the batch", "endpoint", o.endpoint,
				"texts", len(batch), "timeout", o.cfg.Timeout)
			a, err := o.embedBatch(ctx, batch[:mid], attempt+1)
			if err != nil {
				return nil, err
			}
			b, err := o.embedBatch(ctx, batch[mid:], attempt+1)
			if err != nil {
				return nil, err
			}
			return append(a, b...), nil
		}
		wait := backoff(attempt, meta.retryAfter, time.Now())
		o.logger.Warn("embeddings request failed; retrying", "endpoint", o.endpoint,
			"attempt", attempt+1, "wait", wait, "err", err)
		if err := o.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("embeddings endpoint %s: %w", o.endpoint, err)
		}
	}
}

// errTimeout marks a request that ran past OpenAIConfig.Timeout.
var errTimeout = errors.New("request timed out")

// once sends one request with the per-request timeout and checks the reply.
func (o *OpenAI) once(ctx context.Context, inputs []string, meta *respMeta) ([][]float32, error) {
	rctx, cancel := context.WithTimeoutCause(context.WithValue(ctx, respMetaKey{}, meta), o.cfg.Timeout, errTimeout)
	defer cancel()
	resp, err := o.client.CreateEmbeddings(rctx, openai.EmbeddingRequestStrings{
		Input:          inputs,
		Model:          openai.EmbeddingModel(o.cfg.Model),
		EncodingFormat: openai.EmbeddingEncodingFormatFloat,
	})
	if err != nil {
		if ctx.Err() == nil && errors.Is(context.Cause(rctx), errTimeout) {
			return nil, fmt.Errorf("no response within %v: %w", o.cfg.Timeout, errTimeout)
		}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		if errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("malformed response: %w", err)
		}
		return nil, err
	}
	return o.vectors(resp, len(inputs))
}

// vectors checks a response and returns its vectors in input order,
// L2-normalised.
func (o *OpenAI) vectors(resp openai.EmbeddingResponse, n int) ([][]float32, error) {
	if len(resp.Data) != n {
		return nil, fmt.Errorf("got %d vectors for %d inputs", len(resp.Data), n)
	}
	// Some servers leave "index" out (all zero): then take the order given.
	positional := true
	for _, d := range resp.Data {
		if d.Index != 0 {
			positional = false
			break
		}
	}
	out := make([][]float32, n)
	for i, d := range resp.Data {
		idx := d.Index
		if positional {
			idx = i
		}
		if idx < 0 || idx >= n || out[idx] != nil {
			return nil, fmt.Errorf("bad or repeated vector index %d for %d inputs", d.Index, n)
		}
		if len(d.Embedding) == 0 {
			return nil, fmt.Errorf("empty vector at index %d", idx)
		}
		want := o.dims.Load()
		if want == 0 { // learn from the first vector ever seen
			o.dims.CompareAndSwap(0, int64(len(d.Embedding)))
			want = o.dims.Load()
		}
		if int64(len(d.Embedding)) != want {
			return nil, fmt.Errorf("vector %d has %d dimensions, want %d", idx, len(d.Embedding), want)
		}
		v, err := normalize(d.Embedding)
		if err != nil {
			return nil, fmt.Errorf("vector %d: %w", idx, err)
		}
		out[idx] = v
	}
	return out, nil
}

// normalize returns v scaled to unit length. Zero, NaN or infinite vectors
// are errors: they would poison every similarity.
func normalize(v []float32) ([]float32, error) {
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	if ss == 0 || math.IsNaN(ss) || math.IsInf(ss, 0) {
		return nil, fmt.Errorf("cannot normalise a vector of norm² %v", ss)
	}
	inv := 1 / math.Sqrt(ss)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out, nil
}

// retryable reports whether a failed request is worth retrying: a 429, a
// 5xx or a per-request timeout. Bad requests, auth failures, refused
// connections and malformed replies are not.
func retryable(err error) bool {
	if errors.Is(err, errTimeout) {
		return true
	}
	status := 0
	var ae *openai.APIError
	var re *openai.RequestError
	switch {
	case errors.As(err, &ae):
		status = ae.HTTPStatusCode
	case errors.As(err, &re):
		status = re.HTTPStatusCode
	}
	return status == http.StatusTooManyRequests || status >= 500
}

// backoff is the wait before retry attempt+1: exponential with jitter
// (between half and all of backoffBase*2^attempt, at most backoffMax), but
// never shorter than the server's Retry-After (capped at retryAfterMax).
func backoff(attempt int, retryAfter string, now time.Time) time.Duration {
	d := backoffBase << min(attempt, 16)
	if d > backoffMax || d <= 0 {
		d = backoffMax
	}
	d = d/2 + rand.N(d/2+1)
	if ra, ok := parseRetryAfter(retryAfter, now); ok {
		d = max(d, min(ra, retryAfterMax))
	}
	return d
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(h, 64); err == nil {
		if secs < 0 || math.IsNaN(secs) || secs > retryAfterMax.Seconds() {
			return retryAfterMax, secs >= 0
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// respMeta collects what go-openai's errors drop: the Retry-After header.
// headerDoer fills it from the request's context.
type respMeta struct{ retryAfter string }

type respMetaKey struct{}

// headerDoer is the go-openai HTTPDoer that records Retry-After into the
// request context's respMeta.
type headerDoer struct{ c *http.Client }

func (h headerDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := h.c.Do(req)
	if resp != nil {
		if m, ok := req.Context().Value(respMetaKey{}).(*respMeta); ok {
			m.retryAfter = resp.Header.Get("Retry-After")
		}
	}
	return resp, err
}
