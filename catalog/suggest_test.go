package catalog

import (
	"context"
	"errors"
	"testing"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed/embedtest"
	"github.com/docseek/docseek/internal/realdata"
	"github.com/docseek/docseek/retrieval"
)

// FetchSuggesting reopens a lexical catalog with vectors only for an
// unknown target of a library with a committed bundle.
func TestFetchSuggesting(t *testing.T) {
	ctx := context.Background()
	workos := func(t *testing.T) Config {
		dir := realdata.Find(t, "corpus "+DefaultWorkOSVersion+" (docseek corpus sync)", func(d string) bool { return corpus.Synced(d, DefaultWorkOSVersion) })
		b, err := bundles.Committed(WorkOS, DefaultWorkOSVersion, DefaultModel)
		if err != nil || b == nil {
			t.Fatalf("committed bundle: %v, %v", b, err)
		}
		// The synced docs are found as if next to the binary; the fake
		// embedder passes for the bundle's model, so its vectors load.
		m := b.Manifest
		return Config{DataDir: t.TempDir(), Docs: corpus.DocsSearch{BinaryDir: dir},
			Embedder: EmbedderConfig{Use: &embedtest.Embedder{Model: m.Model, Weights: m.WeightsSHA256, Dims: m.Dimensions}}}
	}
	tests := []struct {
		name        string
		cfg         func(t *testing.T) Config
		target      string
		wantFound   bool
		wantQueries bool // the target was embedded: suggestions by meaning
	}{
		{"known target", func(t *testing.T) Config { return folderConfig(t.TempDir(), nil) }, "start/install", true, false},
		{"folder: no bundle, lexical", func(t *testing.T) Config { return folderConfig(t.TempDir(), nil) }, "start/instal", false, false},
		{"workos: bundle, by meaning", workos, "sso/tset-sso", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg(t)
			if cfg.Embedder.Use == nil {
				cfg.Embedder.Use = newBagEmbedder(nil)
			}
			e := cfg.Embedder.Use.(*embedtest.Embedder)
			cfg.LexicalOnly = true
			if len(cfg.Libraries) > 1 {
				cfg.Libraries = cfg.Libraries[:1]
			}
			c, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			d, err := c.FetchSuggesting(ctx, tt.target)
			var nf *retrieval.NotFoundError
			switch {
			case tt.wantFound && (err != nil || d == nil):
				t.Fatalf("FetchSuggesting(%q) = %v, %v; want the document", tt.target, d, err)
			case !tt.wantFound && (!errors.As(err, &nf) || len(nf.Suggestions) == 0):
				t.Fatalf("FetchSuggesting(%q): err = %v, want a not-found error with suggestions", tt.target, err)
			}
			if got := e.Queries() > 0; got != tt.wantQueries {
				t.Errorf("target embedded = %v, want %v", got, tt.wantQueries)
			}
		})
	}
}
