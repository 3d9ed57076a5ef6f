package bundles

import (
	"context"
	"path/filepath"
	"testing"
)

// BuildFile writes int8 by default, reuses the vectors already at Out
// unless told not to, and with RecallQueries measures on float32 vectors
// before encoding them as asked.
func TestBuildFile(t *testing.T) {
	ctx := context.Background()
	c := testCorpus(makeStoreChunks(12))
	out := filepath.Join(t.TempDir(), "docs.dsb")
	tests := []struct {
		name         string
		cfg          FileConfig
		wantEmbedded bool // chunk texts reached the embedder
		wantEncoding Encoding
		wantRecall   bool
	}{
		{"first build, int8 by default", FileConfig{Out: out}, true, EncodingInt8, false},
		{"rebuild reuses the file's vectors", FileConfig{Out: out, Encoding: EncodingFloat16}, false, EncodingFloat16, false},
		{"fresh embeds again", FileConfig{Out: out, Fresh: true}, true, EncodingInt8, false},
		{"recall study embeds afresh, then encodes", FileConfig{Out: out, RecallQueries: 2}, true, EncodingInt8, true},
	}
	for _, tt := range tests { // in order: each build sees the file of the one before
		e := newVecEmbedder()
		res, err := BuildFile(ctx, c, e, tt.cfg)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := e.Documents() > 0; got != tt.wantEmbedded {
			t.Errorf("%s: embedded = %v, want %v", tt.name, got, tt.wantEmbedded)
		}
		b, err := Load(out)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if b.Manifest.Encoding != tt.wantEncoding || res.Bundle.Manifest.Encoding != tt.wantEncoding || b.Len() != 12 || res.Bytes == 0 {
			t.Errorf("%s: file %s with %d vectors (result %s, %d bytes); want %s with 12", tt.name,
				b.Manifest.Encoding, b.Len(), res.Bundle.Manifest.Encoding, res.Bytes, tt.wantEncoding)
		}
		if (res.Recall != nil) != tt.wantRecall || (res.Recall != nil && res.Recall.Queries != 2) {
			t.Errorf("%s: recall study = %+v, want one: %v", tt.name, res.Recall, tt.wantRecall)
		}
	}
	if _, err := BuildFile(ctx, c, newVecEmbedder(), FileConfig{Out: out, Encoding: "int4"}); err == nil {
		t.Error("an unknown encoding was accepted")
	}
}
