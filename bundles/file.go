package bundles

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// FileConfig says how BuildFile builds a bundle file. Out is required; the
// zero value of the rest builds int8, reusing the vectors of a bundle
// already at Out when it is of the same model.
type FileConfig struct {
	// Out is the file to write.
	Out string
	// Encoding of the vectors; "" means int8.
	Encoding Encoding
	// Fresh embeds every chunk, ignoring the bundle at Out.
	Fresh bool
	// RecallQueries > 0 also measures how much int8 and float16 change the
	// top-10 neighbours of float32 over that many queries (EncodingRecall);
	// the vectors are then all embedded afresh, in float32, and encoded
	// after the study.
	RecallQueries int
	// Progress hears of the embedding (nil: nothing).
	Progress Progress
	// Logger says what is built and why a bundle at Out is not reused
	// (nil: nothing).
	Logger *slog.Logger
}

// FileResult is what BuildFile wrote.
type FileResult struct {
	Bundle *Bundle      // as written
	Bytes  int64        // size of the file
	Recall *RecallStudy // with RecallQueries > 0, else nil
}

// BuildFile embeds the chunks of c with e (reusing what it can, see
// FileConfig) and writes the bundle to cfg.Out, crash-safely.
func BuildFile(ctx context.Context, c *corpus.Corpus, e embed.Embedder, cfg FileConfig) (FileResult, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	enc := cfg.Encoding
	if enc == "" {
		enc = EncodingInt8
	}
	if !enc.Valid() {
		return FileResult{}, fmt.Errorf("build bundle: unknown encoding %q", enc)
	}
	m := ManifestFor(c, enc)
	var prev *Bundle
	if cfg.RecallQueries > 0 {
		m.Encoding = EncodingFloat32 // the study's reference; encoded as asked below
	} else if !cfg.Fresh {
		var err error
		if prev, err = reusable(cfg.Out, e); err != nil {
			log.Warn("not reusing the existing bundle", "err", err)
		}
	}
	log.Info("building bundle", "corpus", c.Name, "version", c.Version, "chunks", len(c.Chunks), "model", e.ModelID(), "reusing", prev != nil)
	b, err := Update(ctx, prev, c.Chunks, e, m, cfg.Progress)
	if err != nil {
		return FileResult{}, err
	}
	var res FileResult
	if cfg.RecallQueries > 0 {
		if res.Recall, err = EncodingRecall(ctx, c, e, b, cfg.RecallQueries); err != nil {
			return FileResult{}, err
		}
		if b, err = b.Encode(enc); err != nil {
			return FileResult{}, err
		}
	}
	if err := Write(cfg.Out, b); err != nil {
		return FileResult{}, err
	}
	res.Bundle = b
	if fi, err := os.Stat(cfg.Out); err == nil {
		res.Bytes = fi.Size()
	}
	return res, nil
}
