package bundles

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// Progress is told how many of total units of work are done: first with
// done = 0, then after each step, last with done = total. It is called from
// the goroutine doing the work. A nil Progress reports nothing.
type Progress func(done, total int)

// ManifestFor returns the corpus fields of a bundle manifest for c (corpus
// name, version, npm integrity and, for the WorkOS docs, their npm package)
// in the given encoding ("" means int8). Build fills in the rest.
func ManifestFor(c *corpus.Corpus, enc Encoding) Manifest {
	m := Manifest{Corpus: c.Name, CorpusVersion: c.Version, Integrity: c.Integrity, Encoding: enc}
	if c.Name == "workos" {
		m.Package = corpus.NPMPackage
	}
	return m
}

// Build embeds every distinct chunk (by Hash) with e, in batches, and
// returns a bundle. m supplies the corpus fields (Corpus, Package,
// CorpusVersion, Integrity; see ManifestFor) and the Encoding ("" means
// int8); the model, weights, dimensions, chunker version, count and, when
// zero, the build date are filled in. progress (nil means none) hears of
// every batch.
func Build(ctx context.Context, chunks []corpus.Chunk, e embed.Embedder, m Manifest, progress Progress) (*Bundle, error) {
	return Update(ctx, nil, chunks, e, m, progress)
}

// reusable loads the bundle at path for Update to reuse its vectors: nil
// and no error when there is no file there. An error says why the bundle
// there cannot be reused (unreadable, or built with another model: wraps
// ErrMismatch); the caller may still build afresh.
func reusable(path string, e embed.Embedder) (*Bundle, error) {
	prev, err := Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := prev.CheckEmbedder(e); err != nil {
		return nil, fmt.Errorf("bundle %q is of another model (%s): %w", path, prev.Manifest.Model, err)
	}
	return prev, nil
}

// Update is Build reusing the vectors of prev (nil means none) for chunks
// whose hash it holds, so a small docs or chunker change costs only the
// changed chunks. Vectors of hashes no longer in chunks are dropped. prev
// must come from the same model (else ErrMismatch).
func Update(ctx context.Context, prev *Bundle, chunks []corpus.Chunk, e embed.Embedder, m Manifest, progress Progress) (*Bundle, error) {
	if e == nil {
		return nil, errors.New("build bundle: no embedder")
	}
	if prev != nil {
		if err := prev.CheckEmbedder(e); err != nil {
			return nil, fmt.Errorf("build bundle: previous bundle: %w", err)
		}
	}
	m.Model = e.ModelID()
	m.WeightsSHA256 = WeightsOf(e)
	m.Dimensions = e.Dimensions()
	m.ChunkerVersion = corpus.ChunkerVersion
	vectors := make(map[string][]float32, len(chunks))
	var todo []corpus.Chunk
	for _, c := range DistinctByHash(chunks) {
		if key, ok := parseHash(c.Hash); ok && prev != nil {
			if i, ok := prev.index[key]; ok {
				vectors[c.Hash] = prev.decode(i)
				continue
			}
		}
		todo = append(todo, c)
	}
	if m.Built.IsZero() {
		m.Built = time.Now().UTC().Truncate(time.Second)
		if prev != nil && len(todo) == 0 && len(vectors) == prev.Len() {
			m.Built = prev.Manifest.Built // nothing new: rebuilding changes no byte
		}
	}
	fresh, err := EmbedChunks(ctx, todo, e, progress)
	if err != nil {
		return nil, fmt.Errorf("build bundle: %w", err)
	}
	for h, v := range fresh {
		vectors[h] = v
	}
	b, err := newBundle(m, vectors)
	if err != nil {
		return nil, fmt.Errorf("build bundle: %w", err)
	}
	return b, nil
}

// weightsHasher is implemented by embedders that know a digest of their
// weights (the local BERT encoder); bundles record it so vectors from other
// weights under the same model name are refused.
type weightsHasher interface{ WeightsSHA256() string }

// WeightsOf returns the hex sha256 of e's weights when e knows it (the
// local BERT encoder does), else "".
func WeightsOf(e embed.Embedder) string {
	if w, ok := e.(weightsHasher); ok {
		return w.WeightsSHA256()
	}
	return ""
}

// DistinctByHash returns the first chunk of each content hash, in order.
func DistinctByHash(chunks []corpus.Chunk) []corpus.Chunk {
	seen := make(map[string]bool, len(chunks))
	out := make([]corpus.Chunk, 0, len(chunks))
	for _, c := range chunks {
		if !seen[c.Hash] {
			seen[c.Hash] = true
			out = append(out, c)
		}
	}
	return out
}

// ValidHash reports whether h is a chunk content hash a bundle can key: a
// hex sha256.
func ValidHash(h string) bool {
	_, ok := parseHash(h)
	return ok
}

// embedBatch is how many chunks go to the embedder per call.
const embedBatch = 32

// EmbedChunks embeds the chunks (distinct hashes; see DistinctByHash) with
// e.EmbedDocuments in batches and returns their vectors by hash, telling
// progress (nil means none) after each batch. Bundle builds and live
// embedding in retrieval share it.
func EmbedChunks(ctx context.Context, chunks []corpus.Chunk, e embed.Embedder, progress Progress) (map[string][]float32, error) {
	if progress == nil {
		progress = func(int, int) {}
	}
	if len(chunks) > 0 {
		progress(0, len(chunks))
	}
	dims := e.Dimensions()
	out := make(map[string][]float32, len(chunks))
	for start := 0; start < len(chunks); start += embedBatch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch := chunks[start:min(start+embedBatch, len(chunks))]
		texts := make([]string, len(batch))
		for i, c := range batch {
			if _, ok := parseHash(c.Hash); !ok {
				return nil, fmt.Errorf("chunk %q: hash %q is not a hex sha256", c.ID, c.Hash)
			}
			texts[i] = c.EmbedText()
		}
		vecs, err := e.EmbedDocuments(ctx, texts)
		if err != nil {
			return nil, fmt.Errorf("embed chunks %d-%d: %w", start+1, start+len(batch), err)
		}
		if len(vecs) != len(batch) {
			return nil, fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), len(batch))
		}
		for i, v := range vecs {
			if len(v) != dims {
				return nil, fmt.Errorf("embedder returned %d dimensions for chunk %q, want %d", len(v), batch[i].ID, dims)
			}
			out[batch[i].Hash] = v
		}
		progress(start+len(batch), len(chunks))
	}
	return out, nil
}
