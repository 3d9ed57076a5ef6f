package catalog

import (
	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
)

// Inventory is what an install of docseek has to serve with: the local
// model, the WorkOS docs of each supported version, and the committed
// bundles. `docseek version` prints it.
type Inventory struct {
	Model ModelFound `json:"model"`
	// DefaultDocsVersion is the @workos/mcp-docs-server version served
	// unless a version is named (make dist pins the npm package's
	// dependency to it).
	DefaultDocsVersion string        `json:"default_docs_version"`
	Docs               []DocsFound   `json:"docs"`
	Bundles            []bundles.Sum `json:"bundles"`
}

// ModelFound is where the local model is, or why it cannot be used.
type ModelFound struct {
	Name string `json:"name"`
	embed.ModelLocation
	Error string `json:"error,omitempty"` // embed.FindModel's error
}

// DocsFound is where the docs of one version are, or why they cannot be used.
type DocsFound struct {
	corpus.DocsLocation
	Error string `json:"error,omitempty"` // corpus.FindDocs's error
}

// TakeInventory looks where model and docs say (docs once per supported
// version; its Version is ignored) and lists the committed bundles. It
// never fetches: what is missing is reported, not an error.
func TakeInventory(model embed.ModelSearch, docs corpus.DocsSearch) Inventory {
	inv := Inventory{Model: ModelFound{Name: model.Name}, DefaultDocsVersion: DefaultWorkOSVersion, Docs: []DocsFound{}, Bundles: bundles.Sums()}
	if loc, err := embed.FindModel(model); err != nil {
		inv.Model.Error = err.Error()
	} else {
		inv.Model.ModelLocation = loc
	}
	for _, v := range corpus.SupportedVersions() {
		d := DocsFound{DocsLocation: corpus.DocsLocation{Version: v}}
		docs.Version = v
		if loc, err := corpus.FindDocs(docs); err != nil {
			d.Error = err.Error()
		} else {
			d.DocsLocation = loc
		}
		inv.Docs = append(inv.Docs, d)
	}
	return inv
}
