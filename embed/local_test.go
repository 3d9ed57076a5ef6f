package embed

import (
	"sync"
	"testing"

	"github.com/docseek/docseek/embed/bert/berttest"
	"github.com/docseek/docseek/internal/realdata"
)

// localModel loads the fetched all-MiniLM-L6-v2 from the data dir, once per
// test binary (a load is slow under -race). The test skips when the model is
// absent (fails under make test).
func localModel(t *testing.T) *Local {
	t.Helper()
	data := realdata.Find(t, "the model (docseek model fetch)", func(d string) bool {
		_, err := ReadModelInfo(ModelDir(d, DefaultModel))
		return err == nil
	})
	sharedOnce.Do(func() { sharedLocal, sharedErr = NewLocal(ModelDir(data, DefaultModel)) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedLocal
}

var (
	sharedOnce  sync.Once
	sharedLocal *Local
	sharedErr   error
)

// TestLocalMatchesReference embeds the texts of the encoder's reference
// file (embed/bert/testdata/reference.json, written by
// scripts/reference_vectors.py from sentence-transformers) through Local:
// documents and queries alike must match the reference vectors.
func TestLocalMatchesReference(t *testing.T) {
	l := localModel(t)
	ref := berttest.ReadReference(t)
	// A few short cases: bert's parity test covers them all; this one
	// checks that Local passes texts and vectors through unchanged, and
	// stays quick under -race.
	keep := map[string]bool{"short_query": true, "event_name": true, "camel_identifier": true,
		"accents_fr": true, "emoji": true, "empty": true}
	cases := ref.Cases[:0]
	for _, c := range ref.Cases {
		if keep[c.Name] {
			cases = append(cases, c)
		}
	}
	if len(cases) != len(keep) {
		t.Fatalf("found %d of the %d reference cases", len(cases), len(keep))
	}
	ref.Cases = cases
	texts := make([]string, len(ref.Cases))
	for i, c := range ref.Cases {
		texts[i] = c.Text
	}
	docs, err := l.EmbedDocuments(t.Context(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range ref.Cases {
		if got := l.CountTokens(c.Text); got != c.Pieces {
			t.Errorf("%s: CountTokens = %d, want %d", c.Name, got, c.Pieces)
		}
		if cos := berttest.Cosine(docs[i], c.Vector); cos < 0.9999 {
			t.Errorf("%s: document cosine %.6f with the reference, want >= 0.9999", c.Name, cos)
		}
		// MiniLM has no query prefix: a query is embedded like a document.
		q, err := l.EmbedQuery(t.Context(), c.Text)
		if err != nil {
			t.Fatal(err)
		}
		if cos := berttest.Cosine(q, c.Vector); cos < 0.9999 {
			t.Errorf("%s: query cosine %.6f with the reference, want >= 0.9999", c.Name, cos)
		}
	}
}

func TestLocalDescribesModel(t *testing.T) {
	l := localModel(t)
	if l.ModelID() != "sentence-transformers/all-MiniLM-L6-v2" || l.Dimensions() != 384 || l.MaxTokens() != 256 {
		t.Errorf("ModelID %q, Dimensions %d, MaxTokens %d", l.ModelID(), l.Dimensions(), l.MaxTokens())
	}
	if got, want := l.WeightsSHA256(), "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"; got != want {
		t.Errorf("WeightsSHA256 = %s, want %s", got, want)
	}
	got, err := l.EmbedDocuments(t.Context(), nil)
	if err != nil || len(got) != 0 {
		t.Errorf("EmbedDocuments(nil) = %v, %v; want no vectors", got, err)
	}
	// Semantic sanity: a paraphrase is nearer than an unrelated text.
	vs, err := l.EmbedDocuments(t.Context(), []string{
		"How do I reset a user's password?",
		"Send a password reset email to the user",
		"List the organizations of an environment",
	})
	if err != nil {
		t.Fatal(err)
	}
	if near, far := berttest.Cosine(vs[0], vs[1]), berttest.Cosine(vs[0], vs[2]); near <= far {
		t.Errorf("berttest.Cosine(paraphrase) %.3f <= berttest.Cosine(unrelated) %.3f", near, far)
	}
}
