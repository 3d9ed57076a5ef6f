package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// An empty install: the model is expected in the data dir, no docs
// version is found, and the committed bundles are listed all the same.
func TestTakeInventoryEmpty(t *testing.T) {
	data := t.TempDir()
	inv := TakeInventory(embed.ModelSearch{Name: DefaultModel, DataDir: data}, corpus.DocsSearch{DataDir: data})
	if inv.Model.Name != DefaultModel || inv.Model.Present || inv.Model.Source != embed.FromDataDir || inv.Model.Error != "" {
		t.Errorf("model = %+v, want absent from the data dir, no error", inv.Model)
	}
	var versions []string
	for _, d := range inv.Docs {
		versions = append(versions, d.Version)
		if d.Dir != "" || d.Error != "" {
			t.Errorf("docs %s = %+v, want not found", d.Version, d)
		}
	}
	if diff := cmp.Diff(corpus.SupportedVersions(), versions); diff != "" {
		t.Errorf("docs versions (-want +got):\n%s", diff)
	}
	if inv.DefaultDocsVersion != DefaultWorkOSVersion {
		t.Errorf("default docs version = %q", inv.DefaultDocsVersion)
	}
	if diff := cmp.Diff(bundles.Sums(), inv.Bundles); diff != "" {
		t.Errorf("bundles (-want +got):\n%s", diff)
	}
}

// A model folder named by flag that is not a model is reported, not
// returned as an error.
func TestTakeInventoryBadModel(t *testing.T) {
	inv := TakeInventory(embed.ModelSearch{Name: DefaultModel, Flag: t.TempDir()}, corpus.DocsSearch{})
	if inv.Model.Error == "" || !strings.Contains(inv.Model.Error, "flag") {
		t.Errorf("model error = %q, want the flag's folder refused", inv.Model.Error)
	}
}
