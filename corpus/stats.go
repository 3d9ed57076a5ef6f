package corpus

import "sort"

// Stats describes a loaded corpus: sizes and how the chunker cut it.
type Stats struct {
	Name             string `json:"name"`
	Version          string `json:"version"`
	Pages            int    `json:"pages"`
	DocPages         int    `json:"doc_pages"`
	ReferencePages   int    `json:"reference_pages"`
	Sections         int    `json:"sections"` // headed sections, intros excluded
	Chunks           int    `json:"chunks"`
	ChangelogChunks  int    `json:"changelog_chunks"`
	ChangelogEntries int    `json:"changelog_entries"`
	TokensMin        int    `json:"tokens_min"` // estimated word pieces of EmbedText
	TokensMedian     int    `json:"tokens_median"`
	TokensP95        int    `json:"tokens_p95"`
	TokensMax        int    `json:"tokens_max"`
	SplitSections    int    `json:"split_sections"`  // sections cut into parts
	SplitParts       int    `json:"split_parts"`     // chunks those sections became
	MergedSections   int    `json:"merged_sections"` // tiny sections folded into a neighbour's chunk
}

// Stats computes the corpus statistics.
func (c *Corpus) Stats() Stats {
	st := Stats{Name: c.Name, Version: c.Version, Pages: len(c.Pages), Chunks: len(c.Chunks), ChangelogEntries: len(c.Changelog)}
	chunked := map[string]bool{}
	tokens := make([]int, 0, len(c.Chunks))
	for _, ch := range c.Chunks {
		tokens = append(tokens, ch.Tokens)
		chunked[ch.Path+"#"+ch.Anchor] = true
		if ch.Kind == KindChangelog {
			st.ChangelogChunks++
		}
		if ch.Parts > 1 {
			st.SplitParts++
			if ch.Part == 1 {
				st.SplitSections++
			}
		}
	}
	for _, p := range c.Pages {
		if p.Kind == KindReference {
			st.ReferencePages++
		} else {
			st.DocPages++
		}
		for _, s := range p.Sections[1:] {
			st.Sections++
			if !chunked[p.Path+"#"+s.Anchor] {
				st.MergedSections++
			}
		}
	}
	if len(tokens) > 0 {
		sort.Ints(tokens)
		st.TokensMin = tokens[0]
		st.TokensMedian = tokens[len(tokens)/2]
		st.TokensP95 = tokens[min(len(tokens)-1, len(tokens)*95/100)]
		st.TokensMax = tokens[len(tokens)-1]
	}
	return st
}
