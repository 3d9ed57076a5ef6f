package eval

import (
	"math"
	"strings"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/retrieval"
)

// Relevant is one place that answers a question: a page, optionally narrowed
// to one section (or, for the changelog, one entry).
type Relevant struct {
	// Path of the page relative to the docs root, without extension
	// ("sso/index", "changelog"). "x/index" and "x" name the same page.
	Path string `json:"path"`
	// Section is the exact heading text of the answering section (without
	// "#" marks and "{{ }}" attributes), or the changelog entry's title.
	// Empty means the whole page.
	Section string `json:"section,omitempty"`
}

// Metrics are the rank metrics of one result list, or their mean over a set
// of questions. Recall@k is the share of questions with a hit in the top k.
type Metrics struct {
	Recall1  float64 `json:"recall@1"`
	Recall5  float64 `json:"recall@5"`
	Recall10 float64 `json:"recall@10"`
	MRR10    float64 `json:"mrr@10"`
	NDCG10   float64 `json:"ndcg@10"`
}

// pageKey normalizes a page path so that "x/index", "x" and "/x/" compare
// equal. The changelog keeps its name.
func pageKey(path string) string {
	p := strings.Trim(strings.TrimSpace(path), "/")
	p = strings.TrimSuffix(p, ".mdx")
	p = strings.TrimSuffix(p, ".md")
	if p == "index" {
		return ""
	}
	return strings.TrimSuffix(p, "/index")
}

// sectionScope answers, for one result, which headings enclose it: the
// heading of its section and of every ancestor section. It is built from the
// corpus (Section.Parent links); without the page it falls back to the
// result's breadcrumb.
type sectionScope struct {
	pages map[string]*corpus.Page // by pageKey
}

func newSectionScope(c *corpus.Corpus) *sectionScope {
	s := &sectionScope{pages: map[string]*corpus.Page{}}
	if c == nil {
		return s
	}
	for _, p := range c.Pages {
		s.pages[pageKey(p.Path)] = p
	}
	return s
}

// headings returns the heading texts of the result's section and of its
// ancestors, innermost first. The intro (page-level) has none.
func (s *sectionScope) headings(r retrieval.Result) []string {
	if pageKey(r.Path) == corpus.ChangelogPath {
		if r.Section == "" {
			return nil
		}
		return []string{r.Section}
	}
	if p, ok := s.pages[pageKey(r.Path)]; ok && r.Anchor != "" {
		byAnchor := make(map[string]*corpus.Section, len(p.Sections))
		for i := range p.Sections {
			byAnchor[p.Sections[i].Anchor] = &p.Sections[i]
		}
		if sec, ok := byAnchor[r.Anchor]; ok {
			var hs []string
			// Bounded by the number of sections so a Parent cycle cannot loop.
			for range len(p.Sections) {
				hs = append(hs, sec.Heading)
				next, ok := byAnchor[sec.Parent]
				if sec.Parent == "" || !ok {
					break
				}
				sec = next
			}
			return hs
		}
	}
	// Fallback: the breadcrumb is page title, ancestor headings, heading.
	if len(r.Breadcrumb) > 1 {
		hs := make([]string, 0, len(r.Breadcrumb)-1)
		for i := len(r.Breadcrumb) - 1; i >= 1; i-- {
			hs = append(hs, r.Breadcrumb[i])
		}
		return hs
	}
	if r.Section != "" {
		return []string{r.Section}
	}
	return nil
}

// hitFunc reports which relevant items (by index) one result hits.
type hitFunc func(r retrieval.Result, rel []Relevant) []int

// pageHits matches at page level: the result lies on a relevant page.
func pageHits(r retrieval.Result, rel []Relevant) []int {
	var out []int
	k := pageKey(r.Path)
	for i, x := range rel {
		if pageKey(x.Path) == k {
			out = append(out, i)
		}
	}
	return out
}

// sectionHits matches at section level: the result lies on a relevant page
// and, where the item names a section, inside it or one of its sub-sections.
func (s *sectionScope) sectionHits(r retrieval.Result, rel []Relevant) []int {
	var out []int
	k := pageKey(r.Path)
	var hs []string
	hsDone := false
	for i, x := range rel {
		if pageKey(x.Path) != k {
			continue
		}
		if x.Section == "" {
			out = append(out, i)
			continue
		}
		if !hsDone {
			hs, hsDone = s.headings(r), true
		}
		for _, h := range hs {
			if sameHeading(h, x.Section) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// sameHeading reports whether a section heading and a heading named in a
// question are the same text. The comparison is exact (case included) after
// trimming, collapsing white space and dropping inline markup (code spans,
// emphasis, link targets, "{{ }}" attributes), so "`dsync.activated`" and
// "dsync.activated" match: a question names what a reader sees.
func sameHeading(a, b string) bool {
	if strings.TrimSpace(a) == strings.TrimSpace(b) {
		return true
	}
	return corpus.PlainHeading(a) == corpus.PlainHeading(b)
}

// dedupRelevant keeps each relevant item once, in the given order. At page
// level items are pages; at section level they are (page, section) pairs.
func dedupRelevant(rel []Relevant, pageLevel bool) []Relevant {
	seen := map[Relevant]bool{}
	var out []Relevant
	for _, x := range rel {
		key := Relevant{Path: pageKey(x.Path), Section: strings.TrimSpace(x.Section)}
		if pageLevel {
			key.Section = ""
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, key)
	}
	return out
}

// firstHits scores a ranked list against relevant items: gains[i] is 1 when
// result i is the first to hit some relevant item not yet credited (each
// item counted once; one item credited per result), and first is the 1-based
// rank of the first hit (0 if none within the list).
func firstHits(results []retrieval.Result, rel []Relevant, hit hitFunc) (gains []float64, first int) {
	credited := make([]bool, len(rel))
	gains = make([]float64, len(results))
	for i, r := range results {
		idx := hit(r, rel)
		if len(idx) > 0 && first == 0 {
			first = i + 1
		}
		for _, j := range idx {
			if !credited[j] {
				credited[j] = true
				gains[i] = 1
				break
			}
		}
	}
	return gains, first
}

// score computes the metrics of one result list. first is the rank of the
// first hit (0 = none in the list).
func score(results []retrieval.Result, rel []Relevant, hit hitFunc) (m Metrics, first int) {
	gains, first := firstHits(results, rel, hit)
	if first == 1 {
		m.Recall1 = 1
	}
	if first >= 1 && first <= 5 {
		m.Recall5 = 1
	}
	if first >= 1 && first <= 10 {
		m.Recall10 = 1
		m.MRR10 = 1 / float64(first)
	}
	var dcg, idcg float64
	for i := 0; i < len(gains) && i < 10; i++ {
		dcg += gains[i] / math.Log2(float64(i+2))
	}
	for i := 0; i < len(rel) && i < 10; i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	if idcg > 0 {
		m.NDCG10 = dcg / idcg
	}
	return m, first
}

// ScorePage scores a ranked result list at page level: a result hits when it
// lies on a relevant page; each relevant page counts once.
func ScorePage(results []retrieval.Result, rel []Relevant) Metrics {
	m, _ := score(results, dedupRelevant(rel, true), pageHits)
	return m
}

// ScoreSection scores a ranked result list at section level: a result hits
// when it lies on a relevant page and, where the item names a section, inside
// that section or a sub-section of it. c supplies the section tree (may be
// nil: then the results' breadcrumbs are used).
func ScoreSection(c *corpus.Corpus, results []retrieval.Result, rel []Relevant) Metrics {
	s := newSectionScope(c)
	m, _ := score(results, dedupRelevant(rel, false), s.sectionHits)
	return m
}

// recallCurve returns, for k = 1..n, whether the first hit is within k.
func recallCurve(first, n int) []float64 {
	out := make([]float64, n)
	for k := 1; k <= n; k++ {
		if first >= 1 && first <= k {
			out[k-1] = 1
		}
	}
	return out
}

// add accumulates m into the sum.
func (m *Metrics) add(o Metrics) {
	m.Recall1 += o.Recall1
	m.Recall5 += o.Recall5
	m.Recall10 += o.Recall10
	m.MRR10 += o.MRR10
	m.NDCG10 += o.NDCG10
}

// div divides every metric by n (a no-op for n = 0).
func (m Metrics) div(n int) Metrics {
	if n == 0 {
		return m
	}
	f := float64(n)
	return Metrics{m.Recall1 / f, m.Recall5 / f, m.Recall10 / f, m.MRR10 / f, m.NDCG10 / f}
}
