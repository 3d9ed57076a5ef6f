package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// runBundle dispatches `docseek bundle build|verify`.
func runBundle(ctx context.Context, args []string, s stdio) error {
	usage := func() {
		fmt.Fprintln(s.err, "usage: docseek bundle build [flags]   embed every chunk and write a bundle\n       docseek bundle verify [flags]  check the committed bundle covers the corpus\n\nRun \"docseek bundle build -h\" for flags.")
	}
	if len(args) == 0 {
		usage()
		return usagef("bundle: no subcommand given (build or verify)")
	}
	switch args[0] {
	case "build":
		return runBundleBuild(ctx, args[1:], s)
	case "verify":
		return runBundleVerify(ctx, args[1:], s)
	case "-h", "--help", "help":
		usage()
		return nil
	}
	usage()
	return usagef("bundle: unknown subcommand %q (want build or verify)", args[0])
}

func runBundleBuild(ctx context.Context, args []string, s stdio) error {
	var cfg bundles.FileConfig
	fset, cf := newFlags("bundle build", s)
	enc := fset.String("encoding", string(bundles.EncodingInt8), "vector encoding: int8, float16 or float32")
	fset.StringVar(&cfg.Out, "out", "", "output file (default: bundles/<corpus>-<version>-<model>.dsb)")
	fset.IntVar(&cfg.RecallQueries, "measure-recall", 0, "also report how well int8 and float16 keep the top-10 neighbours of float32, over `N` queries drawn from chunk titles")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return usagef("bundle build: unexpected argument %q", fset.Arg(0))
	}
	cfg.Encoding = bundles.Encoding(*enc)
	cfg.Fresh = cf.Reembed
	if !cfg.Encoding.Valid() {
		return usagef("bundle build: --encoding %q: want int8, float16 or float32", *enc)
	}
	logger := cf.logger(s.err)
	c, e, err := loadCorpusAndEmbedder(ctx, cf, logger)
	if err != nil {
		return err
	}
	if cfg.Out == "" {
		cfg.Out = filepath.Join("bundles", bundles.Name(c.Name, c.Version, bundleModel(cf)))
	}
	return buildBundle(ctx, c, e, cfg, s, logger)
}

// buildBundle builds and writes the bundle (bundles.BuildFile), drawing
// the embedding progress and printing the recall study when asked.
func buildBundle(ctx context.Context, c *corpus.Corpus, e embed.Embedder, cfg bundles.FileConfig, s stdio, logger *slog.Logger) error {
	cfg.Logger, cfg.Progress = logger, reportProgress(s.err, "embedding chunks", nil)
	start := time.Now()
	res, err := bundles.BuildFile(ctx, c, e, cfg)
	if err != nil {
		return err
	}
	if res.Recall != nil {
		if err := res.Recall.WriteText(s.out); err != nil {
			return err
		}
	}
	logger.Info("wrote bundle", "path", cfg.Out, "vectors", res.Bundle.Len(), "encoding", res.Bundle.Manifest.Encoding,
		"bytes", res.Bytes, "took", time.Since(start).Round(time.Second).String())
	return nil
}

func runBundleVerify(ctx context.Context, args []string, s stdio) error {
	fset, cf := newFlags("bundle verify", s)
	file := fset.String("file", "", "bundle file to check (default: the committed bundle compiled into docseek)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return usagef("bundle verify: unexpected argument %q", fset.Arg(0))
	}
	logger := cf.logger(s.err)
	c, e, err := loadCorpusAndEmbedder(ctx, cf, logger)
	if err != nil {
		return err
	}
	name := bundles.Name(c.Name, c.Version, bundleModel(cf))
	var b *bundles.Bundle
	if *file != "" {
		name = *file
		b, err = bundles.Load(*file)
	} else {
		b, err = bundles.Committed(c.Name, c.Version, bundleModel(cf))
		if err == nil && b == nil {
			err = fmt.Errorf("no committed bundle %q (have: %v); build it with `docseek bundle build --corpus-version %s` and commit it", name, bundles.List(), c.Version)
		}
	}
	if err != nil {
		return fmt.Errorf("bundle verify: %w", err)
	}
	if err := b.Verify(c, e); err != nil {
		return fmt.Errorf("bundle verify %q: %w", name, err)
	}
	fmt.Fprintf(s.err, "bundle %s covers all %d chunks of %s %s (model %s, %s, built %s)\n",
		name, len(c.Chunks), c.Name, c.Version, b.Manifest.Model, b.Manifest.Encoding, b.Manifest.Built.Format(time.DateOnly))
	return nil
}

// bundleModel is the model part of a bundle's name.
func bundleModel(cf *commonFlags) string { return cf.embedderConfig().ModelName() }

func loadCorpusAndEmbedder(ctx context.Context, cf *commonFlags, logger *slog.Logger) (*corpus.Corpus, embed.Embedder, error) {
	c, err := loadCorpus(ctx, cf, logger)
	if err != nil {
		return nil, nil, err
	}
	e, err := newEmbedder(ctx, cf, logger)
	if err != nil {
		return nil, nil, err
	}
	return c, e, nil
}
