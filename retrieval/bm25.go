package retrieval

import (
	"math"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// BM25F over chunks: each chunk has four fields, each with its own weight and
// length normalisation, so a query word in the page title or a heading counts
// for more than the same word in body text.
//
// Postings are precomputed at build time with each (term, chunk) pair's
// saturated term frequency, so a query only sums idf * weight over the
// postings of its terms.

// Fields of a chunk, in the order of the weight tables below.
const (
	fieldTitle       = iota // page title
	fieldHeadings           // breadcrumb below the title, ending with the section heading
	fieldDescription        // page description
	fieldBody               // chunk text
	numFields
)

// bm25Params are the BM25F constants. The zero value is not useful; use
// defaultBM25Params.
type bm25Params struct {
	k1     float64
	weight [numFields]float64 // boost of each field
	b      [numFields]float64 // length normalisation of each field (0 = none, 1 = full)
}

// defaultBM25Params: headings weigh most (they name what a section answers),
// then the page title; titles are short, so they are barely length-normalised.
var defaultBM25Params = bm25Params{
	k1:     1.2,
	weight: [numFields]float64{fieldTitle: 2.0, fieldHeadings: 2.5, fieldDescription: 1.0, fieldBody: 1.0},
	b:      [numFields]float64{fieldTitle: 0.3, fieldHeadings: 0.4, fieldDescription: 0.5, fieldBody: 0.75},
}

// posting is one chunk containing a term, with the term's saturated,
// field-weighted frequency tf/(k1+tf) in that chunk.
type posting struct {
	doc int32
	w   float32
}

// bm25 is an immutable BM25F index over a list of documents (chunks). It is
// safe for concurrent use.
type bm25 struct {
	tok      tokenizer
	ids      []string // document ids, for tie-breaking
	terms    map[string]int32
	idf      []float32
	postings [][]posting
}

// chunkFields returns the texts of the BM25 fields of c.
func chunkFields(c *corpus.Chunk) [numFields]string {
	var f [numFields]string
	f[fieldTitle] = c.Title
	if len(c.Breadcrumb) > 1 {
		f[fieldHeadings] = strings.Join(c.Breadcrumb[1:], " ")
	} else {
		f[fieldHeadings] = c.Section
	}
	if c.Kind == corpus.KindChangelog && c.Section != "" && !strings.Contains(f[fieldHeadings], c.Section) {
		f[fieldHeadings] += " " + c.Section
	}
	f[fieldDescription] = c.Description
	f[fieldBody] = c.Text
	return f
}

// newBM25 indexes docs; fields(i) returns the field texts of document i.
func newBM25(tok tokenizer, p bm25Params, ids []string, fields func(i int) [numFields]string) *bm25 {
	n := len(ids)
	// Pass 1: term ids, per-document term frequencies by field (one flat
	// slice, documents delimited by start), field lengths, document
	// frequencies.
	type entry struct {
		term int32
		tf   [numFields]float32
	}
	ix := &bm25{tok: tok, ids: ids, terms: make(map[string]int32)}
	var (
		entries []entry
		start   = make([]int, n+1)
		lens    = make([][numFields]float32, n)
		total   [numFields]float64
		df      []int32
		buf     []string
		at      = map[int32]int{} // term -> index in entries, for the current document
	)
	for i := range n {
		start[i] = len(entries)
		clear(at)
		f := fields(i)
		for fi, text := range f {
			buf = tok.tokens(buf[:0], text)
			lens[i][fi] = float32(len(buf))
			total[fi] += float64(len(buf))
			for _, t := range buf {
				id, ok := ix.terms[t]
				if !ok {
					id = int32(len(df))
					ix.terms[t] = id
					df = append(df, 0)
				}
				j, ok := at[id]
				if !ok {
					j = len(entries)
					at[id] = j
					entries = append(entries, entry{term: id})
					df[id]++
				}
				entries[j].tf[fi]++
			}
		}
	}
	start[n] = len(entries)
	var avg [numFields]float64
	for fi := range avg {
		avg[fi] = 1
		if n > 0 && total[fi] > 0 {
			avg[fi] = total[fi] / float64(n)
		}
	}
	// Pass 2: saturated, field-weighted frequencies into postings, which
	// come out in document order.
	ix.postings = make([][]posting, len(df))
	ix.idf = make([]float32, len(df))
	for id, d := range df {
		ix.postings[id] = make([]posting, 0, d)
		ix.idf[id] = float32(math.Log(1 + (float64(n)-float64(d)+0.5)/(float64(d)+0.5)))
	}
	for i := range n {
		var norm [numFields]float64
		for fi := range norm {
			norm[fi] = 1 - p.b[fi] + p.b[fi]*float64(lens[i][fi])/avg[fi]
		}
		for _, e := range entries[start[i]:start[i+1]] {
			var tf float64
			for fi := range numFields {
				if e.tf[fi] != 0 {
					tf += p.weight[fi] * float64(e.tf[fi]) / norm[fi]
				}
			}
			ix.postings[e.term] = append(ix.postings[e.term], posting{doc: int32(i), w: float32(tf / (p.k1 + tf))})
		}
	}
	return ix
}

// queryTerms returns the distinct known terms of a query, in first-seen order.
func (ix *bm25) queryTerms(q string) []int32 {
	toks := ix.tok.tokens(nil, q)
	out := make([]int32, 0, len(toks))
	for _, t := range toks {
		id, ok := ix.terms[t]
		if !ok {
			continue
		}
		dup := false
		for _, o := range out {
			if o == id {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out
}

// scored is one ranked document.
type scored struct {
	doc   int32
	score float64
}

// search returns up to depth documents that allow accepts (nil accepts all),
// best first, ties broken by id.
func (ix *bm25) search(q string, depth int, allow func(doc int) bool) []scored {
	terms := ix.queryTerms(q)
	if len(terms) == 0 || depth <= 0 {
		return nil
	}
	scores := make([]float32, len(ix.ids))
	var touched []int32
	for _, t := range terms {
		idf := ix.idf[t]
		for _, p := range ix.postings[t] {
			if scores[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			scores[p.doc] += idf * p.w
		}
	}
	top := newTopK(depth, ix.ids)
	for _, d := range touched {
		if allow != nil && !allow(int(d)) {
			continue
		}
		top.push(scored{doc: d, score: float64(scores[d])})
	}
	return top.sorted()
}
