package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"slices"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/eval"
	"github.com/docseek/docseek/retrieval"
)

// evalConfig is the command line of "docseek eval".
type evalConfig struct {
	common     commonFlags
	questions  string  // --questions: JSON Lines question file (required)
	modes      string  // --modes: comma-separated search modes; default "hybrid"
	k          int     // --k: results per question; default 10
	json       bool    // --json: print the report as one JSON object
	report     string  // --report: write a markdown report (+ SVG chart) here
	minRecall5 float64 // --min-recall5: fail below this hybrid page Recall@5; < 0 = off
	searchAll  bool    // --search-all: search every library, score the first
	tune       evalTuning
}

// evalTuning overrides search defaults so eval can measure alternatives
// (eval/README.md, "Choices"). Zero fields keep the retrieval defaults.
type evalTuning struct {
	vectorWeight, lexicalWeight float64 // --vector-weight, --lexical-weight
	rrfK                        float64 // --rrf-k
	perPage, depth              int     // --per-page, --depth
}

// runEval measures retrieval quality on a question file; see eval/README.md.
func runEval(ctx context.Context, args []string, s stdio) error {
	var cfg evalConfig
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(s.err)
	cfg.common.register(fs)
	fs.StringVar(&cfg.questions, "questions", "", "question file in the eval format (JSON Lines; required)")
	fs.StringVar(&cfg.modes, "modes", "hybrid", "comma-separated search modes: hybrid, vector, lexical, grep")
	fs.IntVar(&cfg.k, "k", 10, "results asked for per question")
	fs.BoolVar(&cfg.json, "json", false, "print the report as one JSON object on stdout")
	fs.StringVar(&cfg.report, "report", "", "write a markdown report to this file and the Recall@k chart next to it (FILE-recall.svg)")
	fs.Float64Var(&cfg.minRecall5, "min-recall5", -1, "exit non-zero when hybrid page-level Recall@5 is below this (CI gate)")
	fs.BoolVar(&cfg.searchAll, "search-all", false, "search every configured library but score the first one (the questions' library: the config file's or the named --library ones first, then --docs, then NAME=DIR specs), and report how often other libraries reach the top 5")
	fs.Float64Var(&cfg.tune.vectorWeight, "vector-weight", 0, "tuning: weight of the vector list in fusion (0 = default)")
	fs.Float64Var(&cfg.tune.lexicalWeight, "lexical-weight", 0, "tuning: weight of the lexical list in fusion (0 = default)")
	fs.Float64Var(&cfg.tune.rrfK, "rrf-k", 0, "tuning: rank offset of reciprocal rank fusion (0 = default)")
	fs.IntVar(&cfg.tune.perPage, "per-page", 0, "tuning: most results of one page per list (0 = default)")
	fs.IntVar(&cfg.tune.depth, "depth", 0, "tuning: candidates per list before fusion (0 = default)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "usage: docseek eval --questions FILE [--library NAME | --corpus-version V] [--search-all] [--modes hybrid,vector,lexical,grep] [--k 10] [--json] [--report FILE.md] [--min-recall5 X]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("eval: unexpected argument %q", fs.Arg(0))
	}
	if cfg.questions == "" {
		return usagef("eval: --questions is required")
	}
	if cfg.k <= 0 {
		return usagef("eval: --k must be positive, got %d", cfg.k)
	}
	modes, err := eval.ParseModes(cfg.modes)
	if err != nil {
		return usagef("eval: --modes: %v", err)
	}
	if cfg.minRecall5 >= 0 && !slices.Contains(modes, eval.GateMode) {
		return usagef("eval: --min-recall5 gates the hybrid mode; add hybrid to --modes")
	}
	return evaluate(ctx, cfg, modes, s)
}

func evaluate(ctx context.Context, cfg evalConfig, modes []retrieval.Mode, s stdio) error {
	logger := cfg.common.logger(s.err)
	qs, err := eval.ReadQuestionsFile(cfg.questions)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}

	vectors := slices.ContainsFunc(modes, retrieval.Mode.UsesVectors)
	ev, err := openEval(ctx, cfg, vectors, logger, s)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	c, model := ev.Index.Corpus(), ev.Model()
	// Ground truth naming a missing page or section can never be hit: say
	// so, but still score the file as it is (it may target another version).
	for _, e := range eval.CheckQuestions(c, qs) {
		logger.Warn("question does not match the corpus", "file", cfg.questions, "problem", e.Error())
	}

	logger.Info("evaluating", "questions", len(qs), "modes", cfg.modes, "corpus_version", c.Version, "model", model)
	rep, err := eval.Evaluate(ctx, ev, c, qs, eval.Options{
		Modes: modes, K: cfg.k, CorpusVersion: c.Version, Model: model,
	})
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	for _, m := range rep.Order {
		mr := rep.Modes[m]
		logger.Info("mode done", "mode", m, "page_recall@5", evalRound3(mr.Page.Recall5), "section_recall@5", evalRound3(mr.Section.Recall5),
			"mrr@10", evalRound3(mr.Page.MRR10), "misses", len(mr.Misses), "errors", mr.Errors, "p50_ms", mr.Latency.P50)
	}

	if err := ev.WriteIntrusions(s.err, rep.Order); err != nil {
		return fmt.Errorf("eval: %w", err)
	}

	if cfg.report != "" {
		if err := eval.WriteReport(cfg.report, rep); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		logger.Info("report written", "path", cfg.report, "chart", eval.ChartPath(cfg.report))
	}
	if cfg.json {
		out := evalJSON{Report: rep, SearchAll: ev.Intrusions(rep.Order)}
		if err := writeJSON(s.out, out); err != nil {
			return fmt.Errorf("eval: write JSON: %w", err)
		}
	} else if err := rep.WriteMarkdown(s.out, ""); err != nil {
		return fmt.Errorf("eval: write report: %w", err)
	}

	if cfg.minRecall5 >= 0 {
		got, err := rep.Gate(cfg.minRecall5)
		if err != nil {
			return fmt.Errorf("eval: %s: %w", cfg.questions, err)
		}
		logger.Info("eval gate passed", "hybrid_page_recall@5", evalRound3(got), "floor", cfg.minRecall5)
	}
	return nil
}

// evalJSON is what `docseek eval --json` prints: the report, and with
// --search-all how often other libraries reached each mode's top results.
type evalJSON struct {
	*eval.Report
	SearchAll map[string]catalog.Intrusion `json:"search_all,omitempty"`
}

// openEval opens what eval scores (catalog.OpenEval): the first library
// the flags name (--library NAME picks it), every configured one with
// --search-all; tuning flags override the search defaults.
func openEval(ctx context.Context, cfg evalConfig, vectors bool, logger *slog.Logger, s stdio) (*catalog.Evaluation, error) {
	cc, err := cfg.common.catalogConfig(logger, s.err)
	if err != nil {
		return nil, err
	}
	ev, err := catalog.OpenEval(ctx, cc, catalog.EvalConfig{SearchAll: cfg.searchAll, Vectors: vectors, Tuning: catalog.Tuning{
		VectorWeight: cfg.tune.vectorWeight, LexicalWeight: cfg.tune.lexicalWeight,
		RRFK: cfg.tune.rrfK, PerPage: cfg.tune.perPage, Depth: cfg.tune.depth,
	}})
	return ev, err // catalogConfig has checked the config
}

func evalRound3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
