package bundles

import (
	"fmt"
	"strings"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// CheckEmbedder refuses (with an error wrapping ErrMismatch) a bundle whose
// vectors come from another model than e: another model id, dimension, or
// weights digest when both sides know theirs.
func (b *Bundle) CheckEmbedder(e embed.Embedder) error {
	m := b.Manifest
	if m.Model != e.ModelID() {
		return fmt.Errorf("%w: bundle built with model %q, docseek is using %q (rebuild with `docseek bundle build` or start with --reembed)", ErrMismatch, m.Model, e.ModelID())
	}
	if m.Dimensions != e.Dimensions() {
		return fmt.Errorf("%w: bundle has %d dimensions, model %q gives %d", ErrMismatch, m.Dimensions, e.ModelID(), e.Dimensions())
	}
	if w := WeightsOf(e); w != "" && m.WeightsSHA256 != "" && w != m.WeightsSHA256 {
		return fmt.Errorf("%w: bundle built from weights sha256 %s, the model has %s (rebuild with `docseek bundle build` or start with --reembed)", ErrMismatch, shortHash(m.WeightsSHA256), shortHash(w))
	}
	return nil
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// Verify checks that the bundle fits the corpus and the embedder: same
// model, dimensions and weights, same chunker version, corpus name and
// version (an error wrapping ErrMismatch otherwise), and a vector for
// every chunk of c (an error naming how many are missing otherwise).
func (b *Bundle) Verify(c *corpus.Corpus, e embed.Embedder) error {
	if err := b.CheckEmbedder(e); err != nil {
		return err
	}
	m := b.Manifest
	if m.ChunkerVersion != corpus.ChunkerVersion {
		return fmt.Errorf("%w: bundle built with chunker version %d, this docseek chunks with version %d (rebuild with `make bundles`)", ErrMismatch, m.ChunkerVersion, corpus.ChunkerVersion)
	}
	if m.Corpus != c.Name || m.CorpusVersion != c.Version {
		return fmt.Errorf("%w: bundle is for corpus %s %s, not %s %s", ErrMismatch, m.Corpus, m.CorpusVersion, c.Name, c.Version)
	}
	if m.Integrity != "" && c.Integrity != "" && m.Integrity != c.Integrity {
		return fmt.Errorf("%w: bundle is for corpus package integrity %s, the corpus has %s", ErrMismatch, m.Integrity, c.Integrity)
	}
	var missing []string
	n := 0
	distinct := DistinctByHash(c.Chunks)
	for _, ch := range distinct {
		if b.Has(ch.Hash) {
			continue
		}
		n++
		if len(missing) < 5 {
			missing = append(missing, fmt.Sprintf("%q", ch.ID))
		}
	}
	if n > 0 {
		return fmt.Errorf("bundle lacks vectors for %d of %d distinct chunks of %s %s, e.g. %s (rebuild with `make bundles`)",
			n, len(distinct), c.Name, c.Version, strings.Join(missing, ", "))
	}
	return nil
}
