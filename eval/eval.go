package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// Question kinds of the evaluation format.
var questionKinds = []string{"howto", "conceptual", "paraphrase", "identifier", "troubleshooting", "reference", "changelog"}

// Question is one line of an evaluation question file (JSON Lines; the format
// is described in eval/README.md).
type Question struct {
	ID       string     `json:"id"`
	Query    string     `json:"query"`
	Relevant []Relevant `json:"relevant"`
	Kind     string     `json:"kind"`
}

// ReadQuestions parses a question file strictly: every line is one JSON
// object with a unique id, a non-empty query, a non-empty relevant list whose
// items all have a path, and a known kind. Blank lines are skipped. The error
// names the line of the first problem.
func ReadQuestions(r io.Reader) ([]Question, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	var qs []Question
	ids := map[string]int{}
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		q, err := parseQuestion(b)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if prev, dup := ids[q.ID]; dup {
			return nil, fmt.Errorf("line %d: duplicate id %q (first on line %d)", line, q.ID, prev)
		}
		ids[q.ID] = line
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read questions after line %d: %w", line, err)
	}
	if len(qs) == 0 {
		return nil, errors.New("no questions")
	}
	return qs, nil
}

func parseQuestion(b []byte) (Question, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var q Question
	if err := dec.Decode(&q); err != nil {
		return q, fmt.Errorf("invalid question: %w", err)
	}
	if dec.More() {
		return q, errors.New("invalid question: more than one JSON value on the line")
	}
	q.ID = strings.TrimSpace(q.ID)
	q.Query = strings.TrimSpace(q.Query)
	switch {
	case q.ID == "":
		return q, errors.New(`missing "id"`)
	case q.Query == "":
		return q, fmt.Errorf(`question %q: missing "query"`, q.ID)
	case q.Kind == "":
		return q, fmt.Errorf(`question %q: missing "kind"`, q.ID)
	case !slices.Contains(questionKinds, q.Kind):
		return q, fmt.Errorf(`question %q: unknown kind %q (want one of %s)`, q.ID, q.Kind, strings.Join(questionKinds, ", "))
	case len(q.Relevant) == 0:
		return q, fmt.Errorf(`question %q: "relevant" must list at least one place`, q.ID)
	}
	for i, r := range q.Relevant {
		if strings.TrimSpace(r.Path) == "" {
			return q, fmt.Errorf(`question %q: relevant[%d] has no "path"`, q.ID, i)
		}
	}
	return q, nil
}

// CheckQuestions verifies the ground truth of questions against a corpus:
// every relevant path names a page (or "changelog"), and every named section
// is a heading on that page (or a changelog entry title). It returns one
// error per problem, nil when all hold.
func CheckQuestions(c *corpus.Corpus, qs []Question) []error {
	pages := map[string]*corpus.Page{}
	for _, p := range c.Pages {
		pages[pageKey(p.Path)] = p
	}
	titles := map[string]bool{}
	for _, e := range c.Changelog {
		titles[e.Title] = true
	}
	var errs []error
	for _, q := range qs {
		for _, r := range q.Relevant {
			key := pageKey(r.Path)
			if key == corpus.ChangelogPath {
				if r.Section != "" && !titles[r.Section] {
					errs = append(errs, fmt.Errorf("question %q: no changelog entry titled %q", q.ID, r.Section))
				}
				continue
			}
			p, ok := pages[key]
			if !ok {
				errs = append(errs, fmt.Errorf("question %q: no page %q in %s %s", q.ID, r.Path, c.Name, c.Version))
				continue
			}
			if r.Section == "" {
				continue
			}
			found := false
			for _, s := range p.Sections {
				if sameHeading(s.Heading, r.Section) {
					found = true
					break
				}
			}
			if !found {
				errs = append(errs, fmt.Errorf("question %q: page %q has no section %q", q.ID, r.Path, r.Section))
			}
		}
	}
	return errs
}

// Searcher runs one query. *Index satisfies it.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
}

// Options configure Evaluate. The zero value evaluates hybrid search
// with k = 10.
type Options struct {
	// Modes to evaluate, in report order. Default: [ModeHybrid].
	Modes []retrieval.Mode
	// K is the number of results asked for per question; default 10.
	K int
	// CorpusVersion and Model label the report.
	CorpusVersion string
	Model         string
}

// Report is the outcome of Evaluate. Its JSON form is the `eval --json`
// output.
type Report struct {
	CorpusVersion string                 `json:"corpus_version"`
	Model         string                 `json:"model"`
	Questions     int                    `json:"questions"`
	K             int                    `json:"k"`
	Modes         map[string]*ModeReport `json:"modes"`
	// Order lists the evaluated modes in the order asked for.
	Order []string `json:"-"`
}

// ModeReport holds the scores of one search mode.
type ModeReport struct {
	Page    Metrics                `json:"page"`
	Section Metrics                `json:"section"`
	ByKind  map[string]*KindReport `json:"by_kind"`
	Latency Latency                `json:"latency_ms"`
	// RecallAtK[k-1] is page-level Recall@k for k = 1..10.
	RecallAtK []float64 `json:"recall_at_k"`
	// Errors counts questions whose search failed (scored as misses).
	Errors int `json:"errors"`
	// Misses are the questions without a page-level hit in the top K.
	Misses []Miss `json:"misses"`
}

// KindReport holds the scores of one question kind: page-level metrics at the
// top level, section-level ones under "section".
type KindReport struct {
	Questions int `json:"questions"`
	Metrics
	Section Metrics `json:"section"`
}

// Latency holds search latency percentiles in milliseconds.
type Latency struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// Miss is a question whose expected page was not in the top K.
type Miss struct {
	ID       string     `json:"id"`
	Kind     string     `json:"kind"`
	Query    string     `json:"query"`
	Expected []Relevant `json:"expected"`
	// Got is where the first result landed ("path#anchor"), "" if none.
	Got string `json:"got"`
	// Error is the search error, if the search failed.
	Error string `json:"error,omitempty"`
}

// recallCurveLen is the largest k of the Recall@k curve.
const recallCurveLen = 10

// Evaluate runs every question through every mode of opts and scores the
// results against the ground truth at page and section level. A question
// whose search fails counts as a miss; it is never dropped. Searches run one
// at a time so latencies are comparable. c supplies the section tree for
// section-level scoring. Evaluate returns an error only for bad options or a
// cancelled context.
func Evaluate(ctx context.Context, s Searcher, c *corpus.Corpus, qs []Question, opts Options) (*Report, error) {
	if len(opts.Modes) == 0 {
		opts.Modes = []retrieval.Mode{retrieval.ModeHybrid}
	}
	if opts.K <= 0 {
		opts.K = 10
	}
	rep := &Report{
		CorpusVersion: opts.CorpusVersion,
		Model:         opts.Model,
		Questions:     len(qs),
		K:             opts.K,
		Modes:         map[string]*ModeReport{},
	}
	scope := newSectionScope(c)
	for _, mode := range opts.Modes {
		if _, dup := rep.Modes[string(mode)]; dup {
			return nil, fmt.Errorf("mode %q listed twice", mode)
		}
		mr, err := evaluateMode(ctx, s, scope, qs, mode, opts.K)
		if err != nil {
			return nil, err
		}
		rep.Modes[string(mode)] = mr
		rep.Order = append(rep.Order, string(mode))
	}
	return rep, nil
}

func evaluateMode(ctx context.Context, s Searcher, scope *sectionScope, qs []Question, mode retrieval.Mode, k int) (*ModeReport, error) {
	mr := &ModeReport{ByKind: map[string]*KindReport{}, RecallAtK: make([]float64, recallCurveLen)}
	lat := make([]float64, 0, len(qs))
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		results, err := s.Search(ctx, retrieval.Query{Text: q.Query, K: k, Mode: mode})
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, ctxErr
			}
			results = nil
		}
		if len(results) > k {
			results = results[:k]
		}
		page, first := score(results, dedupRelevant(q.Relevant, true), pageHits)
		section, _ := score(results, dedupRelevant(q.Relevant, false), scope.sectionHits)
		mr.Page.add(page)
		mr.Section.add(section)
		for i, v := range recallCurve(first, recallCurveLen) {
			mr.RecallAtK[i] += v
		}
		kr := mr.ByKind[q.Kind]
		if kr == nil {
			kr = &KindReport{}
			mr.ByKind[q.Kind] = kr
		}
		kr.Questions++
		kr.Metrics.add(page)
		kr.Section.add(section)
		if first == 0 {
			m := Miss{ID: q.ID, Kind: q.Kind, Query: q.Query, Expected: q.Relevant}
			if len(results) > 0 {
				m.Got = resultTarget(results[0])
			}
			if err != nil {
				m.Error = err.Error()
				mr.Errors++
			}
			mr.Misses = append(mr.Misses, m)
		}
	}
	n := len(qs)
	mr.Page = mr.Page.div(n)
	mr.Section = mr.Section.div(n)
	for i := range mr.RecallAtK {
		mr.RecallAtK[i] /= float64(max(n, 1))
	}
	for _, kr := range mr.ByKind {
		kr.Metrics = kr.Metrics.div(kr.Questions)
		kr.Section = kr.Section.div(kr.Questions)
	}
	mr.Latency = Latency{P50: percentile(lat, 50), P95: percentile(lat, 95)}
	return mr, nil
}

// resultTarget names where a result lies: "path" or "path#anchor", with the
// section heading for the changelog.
func resultTarget(r retrieval.Result) string {
	switch {
	case pageKey(r.Path) == corpus.ChangelogPath && r.Section != "":
		return r.Path + ": " + r.Section
	default:
		return corpus.Target(r.Path, r.Anchor)
	}
}

// percentile returns the nearest-rank p-th percentile of xs (0 when empty),
// rounded to 0.01 ms.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return math.Round(s[rank-1]*100) / 100
}
