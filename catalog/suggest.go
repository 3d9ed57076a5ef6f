package catalog

import (
	"context"
	"errors"
	"log/slog"
	"slices"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/retrieval"
)

// FetchSuggesting is Fetch for a catalog opened LexicalOnly (a command
// that needs no model for a known target). When the target is unknown, one
// library is served, and a committed bundle makes opening its vectors cheap
// (no live embedding), it reopens that library with vectors so that the
// not-found error's suggestions are by meaning. Otherwise, or when that
// fails (a damaged bundle, say; logged at debug level), the lexical
// suggestions stand.
func (c *Catalog) FetchSuggesting(ctx context.Context, target string) (*Document, error) {
	d, err := c.Fetch(ctx, target)
	var nf *retrieval.NotFoundError
	if !errors.As(err, &nf) || !c.cfg.LexicalOnly || len(c.libs) != 1 {
		return d, err
	}
	ix, _ := c.libs[0].Index()
	if ix == nil {
		return d, err
	}
	// Only whether there is a bundle: the catalog opened below decodes it
	// (decoding it here as well cost each miss a second decode: 6 MB
	// allocated and 4-9 ms for WorkOS 0.2.0).
	lc := ix.Corpus()
	if !slices.Contains(bundles.List(), bundles.Name(lc.Name, lc.Version, c.cfg.Embedder.ModelName())) {
		return d, err
	}
	cfg := c.cfg
	cfg.LexicalOnly, cfg.Progress, cfg.Logger = false, nil, slog.New(slog.DiscardHandler)
	full, ferr := New(cfg)
	if ferr == nil {
		ferr = full.Load(ctx)
	}
	if ferr != nil {
		c.cfg.Logger.Debug("suggestions stay lexical", "err", ferr)
		return d, err
	}
	if _, ferr = full.Fetch(ctx, target); errors.As(ferr, &nf) {
		return nil, ferr
	}
	return d, err
}
