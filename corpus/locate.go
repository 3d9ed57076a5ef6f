package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Source says where a docs folder or model folder was found. The order of
// the constants is the order FindDocs (and embed.FindModel) looks in.
type Source string

// The places FindDocs and embed.FindModel look, in order.
const (
	FromFlag    Source = "flag"        // a command-line flag
	FromEnv     Source = "environment" // an environment variable
	FromBinary  Source = "next to the binary"
	FromDataDir Source = "data dir" // DATA/corpus/workos/VERSION, where SyncNPM puts it
)

// Given is a folder named by a command-line flag or the environment.
type Given struct {
	Dir    string
	Source Source // FromFlag or FromEnv
}

// GivenFolders returns the folders a flag and the environment name, the
// flag's first (the order FindDocs and embed.FindModel try them), leaving
// out empty ones.
func GivenFolders(flag, env string) []Given {
	var out []Given
	if flag != "" {
		out = append(out, Given{flag, FromFlag})
	}
	if env != "" {
		out = append(out, Given{env, FromEnv})
	}
	return out
}

// DocsSearch names the places FindDocs looks for the WorkOS docs of one
// package version. An empty field is skipped.
type DocsSearch struct {
	// Version of @workos/mcp-docs-server wanted; default DefaultNPMVersion.
	Version string
	// Flag is the folder of an installed @workos/mcp-docs-server package
	// (the one holding its package.json), given on the command line.
	Flag string
	// Env is the same, given by the environment. Unlike Flag, a package of
	// another version is skipped (the environment is set once, for the
	// default version, by the npm launcher) rather than an error.
	Env string
	// BinaryDir is the folder of the running binary; its
	// corpus/workos/VERSION is laid out like the data dir's.
	BinaryDir string
	// DataDir is the docseek data dir.
	DataDir string
}

// DocsLocation is where FindDocs found the docs of a version.
type DocsLocation struct {
	// Version is the package version.
	Version string `json:"version"`
	// Dir is the folder to Load (it holds docs/ and changelogs/); "" when
	// the version was not found (SyncNPM fetches it).
	Dir string `json:"dir,omitempty"`
	// Source says which rule chose Dir.
	Source Source `json:"source,omitempty"`
	// Integrity is the package's npm integrity as checked: against the
	// sync marker, or against npm's record of the install. "" when nothing
	// recorded it (an npm package folder outside node_modules).
	Integrity string `json:"integrity,omitempty"`
	// Skipped says why a package folder given by the environment was
	// passed over (another version), if it was.
	Skipped string `json:"skipped,omitempty"`
}

// FindDocs looks for the docs of a version in order: the package folder of
// the flag, then of the environment, then the synced layout next to the
// binary, then the data dir. It never fetches: a location with an empty
// Dir means "not found; SyncNPM fetches it".
//
// A package folder (flag or environment) must be @workos/mcp-docs-server
// (its package.json says so) at the wanted version, and, when npm recorded
// the install in node_modules/.package-lock.json, have the pinned
// integrity. A package folder that fails these checks is an error, except a
// version mismatch from the environment, which is skipped and noted.
func FindDocs(s DocsSearch) (DocsLocation, error) {
	v := s.Version
	if v == "" {
		v = DefaultNPMVersion
	}
	want, ok := npmIntegrity[v]
	if !ok {
		return DocsLocation{}, fmt.Errorf("unsupported corpus version %q (supported: %s)", v, strings.Join(SupportedVersions(), ", "))
	}
	loc := DocsLocation{Version: v}
	for _, c := range GivenFolders(s.Flag, s.Env) {
		pkg, err := ReadPackage(c.Dir)
		if err != nil {
			return loc, fmt.Errorf("docs package given by %s: %w", c.Source, err)
		}
		if pkg.Version != v {
			if c.Source == FromEnv {
				loc.Skipped = fmt.Sprintf("%s holds %s %s, not %s", pkg.Dir, NPMPackage, pkg.Version, v)
				continue
			}
			return loc, fmt.Errorf("docs package given by %s: %s holds %s %s, want %s", c.Source, pkg.Dir, NPMPackage, pkg.Version, v)
		}
		if pkg.Integrity != "" && pkg.Integrity != want {
			return loc, fmt.Errorf("docs package given by %s: npm installed %s %s with integrity %s, but %s is pinned: refusing it (reinstall the package)",
				c.Source, NPMPackage, v, pkg.Integrity, want)
		}
		loc.Dir, loc.Source, loc.Integrity = pkg.ContentDir(), c.Source, pkg.Integrity
		return loc, nil
	}
	for _, c := range []struct {
		dir string
		src Source
	}{{s.BinaryDir, FromBinary}, {s.DataDir, FromDataDir}} {
		if c.dir == "" {
			continue
		}
		if dir := CorpusDir(c.dir, v); markerOK(dir, want) {
			loc.Dir, loc.Source, loc.Integrity = dir, c.src, want
			return loc, nil
		}
	}
	return loc, nil
}

// Package is an installed @workos/mcp-docs-server npm package folder.
type Package struct {
	// Dir is the package folder (absolute).
	Dir string
	// Version is the version its package.json declares.
	Version string
	// Integrity is the tarball integrity npm recorded when it installed the
	// package (node_modules/.package-lock.json), or "" when there is no
	// such record.
	Integrity string
}

// ContentDir is the folder of the package's docs/ and changelogs/, which
// Load reads.
func (p Package) ContentDir() string { return filepath.Join(p.Dir, ".docs", "organized") }

// ReadPackage reads an installed @workos/mcp-docs-server package folder: its
// package.json must name that package and its docs folder must exist.
// Integrity is read from npm's record of the install when there is one.
func ReadPackage(dir string) (Package, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Package{}, fmt.Errorf("docs package %q: %w", dir, err)
	}
	pj, err := readPackageJSON(abs)
	if errors.Is(err, errNoPackageJSON) {
		return Package{}, fmt.Errorf("docs package %q: %w (want the folder of an installed %s)", dir, err, NPMPackage)
	}
	if err != nil {
		return Package{}, fmt.Errorf("docs package %q: %w", dir, err)
	}
	if pj.Name != NPMPackage {
		return Package{}, fmt.Errorf("docs package %q is %q, want %s", dir, pj.Name, NPMPackage)
	}
	p := Package{Dir: abs, Version: pj.Version}
	if fi, err := os.Stat(filepath.Join(p.ContentDir(), "docs")); err != nil || !fi.IsDir() {
		return Package{}, fmt.Errorf("docs package %q has no .docs/organized/docs folder (an incomplete install?)", dir)
	}
	p.Integrity, err = installedIntegrity(abs)
	if err != nil {
		return Package{}, fmt.Errorf("docs package %q: %w", dir, err)
	}
	return p, nil
}

// packageJSON is what docseek reads of an npm package's package.json.
type packageJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Private bool   `json:"private"`
}

// maxPackageJSON is the largest package.json read; real ones are a few KB.
const maxPackageJSON = 1 << 20

// errNoPackageJSON wraps the error of a folder without a readable
// package.json file.
var errNoPackageJSON = errors.New("no package.json")

// readPackageJSON reads dir/package.json: a regular file of at most
// maxPackageJSON bytes holding a JSON object.
func readPackageJSON(dir string) (packageJSON, error) {
	p := filepath.Join(dir, "package.json")
	var pj packageJSON
	if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
		if err == nil {
			err = errors.New("not a regular file")
		}
		return pj, fmt.Errorf("%w: %w", errNoPackageJSON, err)
	}
	b, err := readAtMost(p, maxPackageJSON)
	if err != nil {
		return pj, fmt.Errorf("%w: %w", errNoPackageJSON, err)
	}
	if b == nil {
		return pj, fmt.Errorf("package.json: over %d bytes", maxPackageJSON)
	}
	if err := json.Unmarshal(b, &pj); err != nil {
		return pj, fmt.Errorf("package.json: %w", err)
	}
	return pj, nil
}

// PublishedVersion returns the version of the npm package a docs folder
// ships in: the package.json in dir, else in its parent
// (node_modules/ai/docs is the package ai's). ok is false when the first
// package.json found is private (a project's own, whose version says
// nothing of these docs), unreadable or has no version, or there is none.
func PublishedVersion(dir string) (version string, ok bool) {
	for _, d := range []string{dir, filepath.Dir(dir)} {
		pj, err := readPackageJSON(d)
		if errors.Is(err, errNoPackageJSON) {
			continue
		}
		if err != nil || pj.Private || pj.Version == "" {
			return "", false
		}
		return pj.Version, true
	}
	return "", false
}

// installedIntegrity returns the integrity npm recorded for the package in
// dir: the nearest enclosing node_modules/.package-lock.json (npm's hidden
// lockfile) lists it under its path relative to that node_modules' parent.
// "" when no such record exists.
func installedIntegrity(dir string) (string, error) {
	for d := filepath.Dir(dir); filepath.Dir(d) != d; d = filepath.Dir(d) {
		if filepath.Base(d) != "node_modules" {
			continue
		}
		lockPath := filepath.Join(d, ".package-lock.json")
		b, err := os.ReadFile(lockPath)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		var lock struct {
			Packages map[string]struct {
				Integrity string `json:"integrity"`
			} `json:"packages"`
		}
		if err := json.Unmarshal(b, &lock); err != nil {
			return "", fmt.Errorf("npm's install record %q: %w", lockPath, err)
		}
		rel, err := filepath.Rel(filepath.Dir(d), dir)
		if err != nil {
			return "", err
		}
		return lock.Packages[filepath.ToSlash(rel)].Integrity, nil
	}
	return "", nil
}
