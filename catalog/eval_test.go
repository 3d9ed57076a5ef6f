package catalog

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/retrieval"
)

func TestIntrusionString(t *testing.T) {
	got := Intrusion{Questions: 4, Touched: 2, Results: 3, First: 1, Hinted: 2, FirstHinted: 1}.String()
	want := "another library's page in the top 5 for 2 of 4 questions (3 results of 20), first for 1; " +
		"a hint naming several libraries for 2 (1 of the 1 with another library first)"
	if got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// OpenEval scores the first library: alone, or searched across every
// library, where the others' results carry their library and are counted.
func TestOpenEval(t *testing.T) {
	ctx := context.Background()
	const question = "rotate the signing key" // notes/rotate.mdx, not in guide
	tests := []struct {
		name      string
		ec        EvalConfig
		wantModel string
		wantLine  string // the WriteIntrusions output
	}{
		{"first library alone", EvalConfig{}, "none (no embedding mode evaluated)", ""},
		{"with vectors", EvalConfig{Vectors: true}, DefaultModel, ""}, // the config names the model
		{"across libraries", EvalConfig{SearchAll: true}, "none (no embedding mode evaluated)",
			"lexical: another library's page in the top 5 for 1 of 1 questions (1 results of 5), first for 1; " +
				"a hint naming several libraries for 0 (0 of the 1 with another library first)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := OpenEval(ctx, folderConfig(t.TempDir(), newBagEmbedder(nil)), tt.ec)
			if err != nil {
				t.Fatal(err)
			}
			if got := ev.Index.Corpus().Name; got != "guide" {
				t.Errorf("scored library = %q, want guide", got)
			}
			wantLibs := 1
			if tt.ec.SearchAll {
				wantLibs = 2
			}
			if n := len(ev.Catalog.Libraries()); n != wantLibs {
				t.Errorf("libraries opened = %d, want %d", n, wantLibs)
			}
			if _, semantic := ev.Catalog.Libraries()[0].Index(); semantic != tt.ec.Vectors {
				t.Errorf("semantic = %v, want %v", semantic, tt.ec.Vectors)
			}
			if ev.Model() != tt.wantModel {
				t.Errorf("Model() = %q, want %q", ev.Model(), tt.wantModel)
			}
			rs, err := ev.Search(ctx, retrieval.Query{Text: question, K: 5, Mode: retrieval.ModeLexical})
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, r := range rs {
				paths = append(paths, r.Path)
			}
			if tt.ec.SearchAll != strings.Contains(strings.Join(paths, " "), "notes@1.0:rotate") {
				t.Errorf("paths = %q: another library's page should show, prefixed, exactly when searching all", paths)
			}
			var b strings.Builder
			if err := ev.WriteIntrusions(&b, []string{"lexical"}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantLine, b.String()); diff != "" {
				t.Errorf("WriteIntrusions (-want +got):\n%s", diff)
			}
		})
	}
}

// Across counts the answers that hint at several libraries, and those of
// them whose first result came from another library.
func TestAcrossCountsHints(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, folderConfig(t.TempDir(), newBagEmbedder(nil)))
	if err != nil {
		t.Fatal(err)
	}
	a := c.SearchAcross(c.Libraries()[0]) // guide
	for _, q := range []string{
		"configure the proxy, then rotate the signing key", // notes first, guide alike: hinted
		"rotate the signing key",                           // notes first, clearly: not hinted
		"install the widget",                               // guide first, clearly
	} {
		if _, err := a.Search(ctx, retrieval.Query{Text: q, K: 5, Mode: retrieval.ModeHybrid}); err != nil {
			t.Fatal(err)
		}
	}
	got := a.Intrusions(retrieval.ModeHybrid)
	want := Intrusion{Questions: 3, Touched: 3, Results: 3, First: 2, Hinted: 1, FirstHinted: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}
