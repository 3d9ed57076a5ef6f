package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/docseek/docseek/catalog"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed/bert"
)

// Stamped at release build time (`make dist`):
//
//	-ldflags "-X main.version=0.1.0 -X main.commit=abc1234"
var (
	version string
	commit  string
)

// buildVersion is the stamped version, else the module version, else "dev".
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// buildCommit is the stamped commit, else the VCS revision Go recorded, else "".
func buildCommit() string {
	if commit != "" {
		return commit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}

// versionReport is what `docseek version` shows: the build, then what
// the install has to serve with.
type versionReport struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	Kernels string `json:"kernels"`
	catalog.Inventory
}

// runVersion is `docseek version [--json]`.
func runVersion(ctx context.Context, args []string, s stdio) error {
	fs, cf := newFlags("version", s)
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	model, err := cf.modelSearch(true)
	if err != nil {
		return err
	}
	docs := cf.docsSearch()
	docs.DataDir = model.DataDir
	r := versionReport{
		Version: buildVersion(), Commit: buildCommit(), Go: runtime.Version(),
		OS: runtime.GOOS, Arch: runtime.GOARCH, Kernels: bert.Kernels(),
		Inventory: catalog.TakeInventory(model, docs),
	}
	if *asJSON {
		return writeJSON(s.out, r)
	}
	fmt.Fprintf(s.out, "docseek  %s (commit %s)\ngo       %s %s/%s, %s kernels\n", r.Version, orNone(r.Commit), r.Go, r.OS, r.Arch, r.Kernels)
	switch {
	case r.Model.Error != "":
		fmt.Fprintf(s.out, "model    %s: %s\n", r.Model.Name, r.Model.Error)
	case r.Model.Present:
		fmt.Fprintf(s.out, "model    %s at %s (%s)\n", r.Model.Name, r.Model.Dir, r.Model.Source)
	default:
		fmt.Fprintf(s.out, "model    %s not found; `docseek model fetch` puts it at %s\n", r.Model.Name, r.Model.Dir)
	}
	for _, d := range r.Docs {
		switch {
		case d.Error != "":
			fmt.Fprintf(s.out, "docs     %s %s: %s\n", corpus.NPMPackage, d.Version, d.Error)
		case d.Dir != "":
			fmt.Fprintf(s.out, "docs     %s %s at %s (%s)\n", corpus.NPMPackage, d.Version, d.Dir, d.Source)
		default:
			fmt.Fprintf(s.out, "docs     %s %s not found; fetched with npm on first use\n", corpus.NPMPackage, d.Version)
		}
		if d.Skipped != "" {
			fmt.Fprintf(s.out, "         (passed over: %s)\n", d.Skipped)
		}
	}
	for _, b := range r.Bundles {
		fmt.Fprintf(s.out, "bundle   %s sha256 %s\n", b.Name, b.SHA256[:16])
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
