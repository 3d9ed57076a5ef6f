package retrieval

import (
	"slices"
	"strings"

	"github.com/docseek/docseek/corpus"
)

// fused is one chunk of a final ranking with its rank in each input list.
type fused struct {
	doc                int32
	score              float64
	vecRank, lexRank   int     // 1-based; 0 = absent from that list
	vecScore, lexScore float64 // the score in each list (cosine, BM25); 0 when absent
}

// single turns one ranked list into a final ranking, keeping its scores.
func single(list []scored, vector bool) []fused {
	out := make([]fused, len(list))
	for i, s := range list {
		out[i] = fused{doc: s.doc, score: s.score}
		if vector {
			out[i].vecRank, out[i].vecScore = i+1, s.score
		} else {
			out[i].lexRank, out[i].lexScore = i+1, s.score
		}
	}
	return out
}

// fuse merges a vector and a lexical ranking by weighted reciprocal rank
// fusion: a chunk scores wv/(k+rv) + wl/(k+rl) over the lists it appears in
// (ranks 1-based). Ties are broken by id, so the result is deterministic.
func fuse(ids []string, vec, lex []scored, wv, wl, k float64) []fused {
	at := make(map[int32]int, len(vec)+len(lex))
	var out []fused
	add := func(list []scored, w float64, vector bool) {
		for i, s := range list {
			j, ok := at[s.doc]
			if !ok {
				j = len(out)
				at[s.doc] = j
				out = append(out, fused{doc: s.doc})
			}
			out[j].score += w / (k + float64(i+1))
			if vector {
				out[j].vecRank, out[j].vecScore = i+1, s.score
			} else {
				out[j].lexRank, out[j].lexScore = i+1, s.score
			}
		}
	}
	add(vec, wv, true)
	add(lex, wl, false)
	slices.SortFunc(out, func(a, b fused) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return strings.Compare(ids[a.doc], ids[b.doc])
	})
	return out
}

// diversify walks a ranking best first and keeps at most k chunks: a chunk
// is skipped when one with the same content (hash) is already kept (the
// docs repeat pages verbatim, e.g. pipes/index and authkit/pipes), or when
// Config.PerPage chunks of its page are. Each changelog entry counts as a
// page of its own.
func (ix *Index) diversify(ranked []fused, k int) []fused {
	out := ranked[:0:0]
	seen := make(map[string]bool, k)
	perPage := make(map[string]int, k)
	for _, f := range ranked {
		if len(out) == k {
			break
		}
		c := &ix.c.Chunks[f.doc]
		if c.Hash != "" {
			if seen[c.Hash] {
				continue
			}
		}
		key := c.Path
		if c.Kind == corpus.KindChangelog {
			key = c.Path + "#" + c.Anchor
		}
		if perPage[key] >= ix.cfg.PerPage {
			continue
		}
		if c.Hash != "" {
			seen[c.Hash] = true
		}
		perPage[key]++
		out = append(out, f)
	}
	return out
}
