package catalog

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/docseek/docseek/embed"
)

// EmbedderConfig selects the embedder of a Catalog. The zero value is the
// local model DefaultModel.
type EmbedderConfig struct {
	// Kind is "local" (pure-Go BERT, the default when empty) or "openai"
	// (any OpenAI-compatible endpoint).
	Kind string
	// Model is the local model's name; default DefaultModel.
	Model string
	// OpenAIBaseURL is the endpoint's base URL; default
	// embed.DefaultOpenAIBaseURL.
	OpenAIBaseURL string
	// OpenAIKey is the endpoint's API key; may be empty for local servers.
	OpenAIKey string
	// OpenAIModel is the embedding model at the endpoint. Required for
	// "openai".
	OpenAIModel string
	// Search says where the local model may be besides DataDir/models/NAME
	// (a folder named by flag or environment, or next to the binary); see
	// embed.FindModel. Its Name and DataDir are filled in. The zero value
	// looks in the data dir only.
	Search embed.ModelSearch
	// Use, when set, is the embedder itself (tests, or a caller that built
	// one); the fields above then only name its model for stored vectors.
	Use embed.Embedder
}

// ModelName is the name bundles and stored vectors are keyed by: the local
// model's name or the endpoint's model.
func (e EmbedderConfig) ModelName() string {
	if e.Kind == "openai" {
		return e.OpenAIModel
	}
	if e.Model == "" {
		return DefaultModel
	}
	return e.Model
}

// NewEmbedder builds the embedder cfg asks for.
//
// local: loads the folder embed.FindModel chooses (cfg.Search, then
// DATA/models/NAME). A missing model is NOT fetched here: a
// fetch runs pip and downloads about 90 MB, which a server start (often
// offline, or under a client's timeout) must not do behind the user's back.
// The error wraps embed.ErrModelMissing and says to run `docseek model
// fetch`.
//
// openai: one short probe request checks the endpoint and learns the vector
// length, so a bad URL, key or model name fails at start rather than at the
// first query.
func NewEmbedder(ctx context.Context, dataDir string, cfg EmbedderConfig, logger *slog.Logger) (embed.Embedder, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Use != nil {
		return cfg.Use, nil
	}
	switch cfg.Kind {
	case "", "local":
		if _, err := embed.LookupModel(cfg.ModelName()); err != nil {
			return nil, configError("model: %v", err)
		}
		search := cfg.Search
		search.Name, search.DataDir = cfg.ModelName(), dataDir
		loc, err := embed.FindModel(search)
		if err != nil {
			return nil, err
		}
		l, err := embed.NewLocal(loc.Dir)
		if err != nil {
			return nil, err
		}
		logger.Debug("local embedder ready", "model", l.ModelID(), "dims", l.Dimensions(), "dir", l.Info().Dir, "found", loc.Source)
		return l, nil
	case "openai":
		base := cfg.OpenAIBaseURL
		if base == "" {
			base = embed.DefaultOpenAIBaseURL
		}
		if cfg.OpenAIKey == "" && strings.Contains(base, "api.openai.com") {
			return nil, fmt.Errorf("openai embedder: OPENAI_API_KEY is not set (for a local server such as Ollama set the base URL to http://localhost:11434/v1)")
		}
		o, err := embed.NewOpenAI(embed.OpenAIConfig{
			BaseURL: base,
			APIKey:  cfg.OpenAIKey,
			Model:   cfg.OpenAIModel,
			Logger:  logger,
		})
		if err != nil {
			return nil, err
		}
		dims, err := o.Probe(ctx)
		if err != nil {
			return nil, err
		}
		logger.Debug("openai embedder ready", "endpoint", o.Endpoint(), "model", o.ModelID(), "dims", dims)
		return o, nil
	default:
		return nil, configError("embedder %q: want \"local\" or \"openai\"", cfg.Kind)
	}
}
