package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The two ways a user names libraries outside Go: the config file
// (docseek.yaml, see the README for an example) and a one-line library
// spec ("react=DIR,base=URL,version=19,include=GLOB,exclude=GLOB", the
// value of the command line's --library). Both end as LibraryConfig.

// ConfigFileName is the config file read from the working directory when
// none is named and it exists.
const ConfigFileName = "docseek.yaml"

// File is the content of a config file.
type File struct {
	// DataDir is the data directory (relative to the file's folder);
	// "" leaves it to the caller.
	DataDir string `yaml:"data_dir"`
	// Libraries are the libraries the file defines, in order; their
	// folders are made relative to the file's folder.
	Libraries []LibraryConfig `yaml:"libraries"`
}

// ReadFile reads a config file. Unknown keys are errors, so a typo does not
// silently change what is served. A file that cannot be read is an I/O
// error; one that cannot be parsed wraps ErrConfig.
func ReadFile(path string) (File, error) {
	var f File
	data, err := os.ReadFile(path)
	if err != nil {
		return f, fmt.Errorf("config %q: %w", path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return f, configError("config %q: %v", path, err)
	}
	base := filepath.Dir(path)
	for i := range f.Libraries {
		if d := f.Libraries[i].Dir; d != "" && !filepath.IsAbs(d) {
			f.Libraries[i].Dir = filepath.Join(base, d)
		}
	}
	if f.DataDir != "" && !filepath.IsAbs(f.DataDir) {
		f.DataDir = filepath.Join(base, f.DataDir)
	}
	return f, nil
}

// Select resolves a library named as NAME[@VERSION]: one the file defines,
// else the WorkOS docs package at that version. Other names wrap ErrConfig.
func (f File) Select(v string) (LibraryConfig, error) {
	name, version, _ := strings.Cut(strings.TrimSpace(v), "@")
	for _, l := range f.Libraries {
		if l.Name == name && (version == "" || l.Version == version) {
			return l, nil
		}
	}
	if name == WorkOS {
		return LibraryConfig{Name: name, Version: version}, nil
	}
	return LibraryConfig{}, configError("%q: no library of that name in the config file; define a folder with %s=DIR[,base=URL]", v, name)
}

// Choice is how a command line names the libraries to serve, besides a
// config file. The zero value names none: Choose then serves the file's
// libraries, or the WorkOS docs at their default version.
type Choice struct {
	// Specs are library specs, in order: NAME=DIR,... (SpecSyntax) defines
	// a folder library, added to the file's; NAME[@VERSION] selects one of
	// the file's (see Select). Once one is selected, only the selected and
	// defined ones are served.
	Specs []string
	// Docs is a folder served under FolderName(Docs), BaseURL its link
	// prefix; "" adds none.
	Docs, BaseURL string
	// WorkOSVersion is the WorkOS docs version served when nothing else
	// is named; "" is DefaultWorkOSVersion.
	WorkOSVersion string
}

// Choose returns the libraries ch names, in order: selected (else the
// file's), the Docs folder, then defined ones. A bad spec wraps ErrConfig.
func (f File) Choose(ch Choice) ([]LibraryConfig, error) {
	var defined, selected []LibraryConfig
	for _, v := range ch.Specs {
		if strings.Contains(v, "=") {
			l, err := ParseSpec(v)
			if err != nil {
				return nil, err
			}
			defined = append(defined, l)
			continue
		}
		l, err := f.Select(v)
		if err != nil {
			return nil, err
		}
		selected = append(selected, l)
	}
	libs := selected
	if len(selected) == 0 {
		libs = append(libs, f.Libraries...)
	}
	if ch.Docs != "" {
		libs = append(libs, LibraryConfig{Name: FolderName(ch.Docs), Dir: ch.Docs, BaseURL: ch.BaseURL})
	}
	libs = append(libs, defined...)
	if len(libs) == 0 {
		libs = []LibraryConfig{{Name: WorkOS, Version: ch.WorkOSVersion, BaseURL: ch.BaseURL}}
	}
	return libs, nil
}

// SpecSyntax is the syntax ParseSpec reads.
const SpecSyntax = "NAME=DIR[,base=URL][,version=V][,include=GLOB][,exclude=GLOB][,keep_number_prefixes=true]"

// ParseSpec parses a one-line library spec (SpecSyntax); include and exclude
// may repeat. Errors wrap ErrConfig.
func ParseSpec(spec string) (LibraryConfig, error) {
	var l LibraryConfig
	parts := strings.Split(spec, ",")
	name, dir, ok := strings.Cut(parts[0], "=")
	if !ok || strings.TrimSpace(name) == "" || strings.TrimSpace(dir) == "" {
		return l, configError("%q: want %s, or workos@VERSION", spec, SpecSyntax)
	}
	l.Name, l.Dir = strings.TrimSpace(name), strings.TrimSpace(dir)
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || v == "" {
			return l, configError("%q: %q is not KEY=VALUE", spec, p)
		}
		switch k {
		case "base", "base_url":
			l.BaseURL = v
		case "version":
			l.Version = v
		case "include":
			l.Include = append(l.Include, v)
		case "exclude":
			l.Exclude = append(l.Exclude, v)
		case "keep_number_prefixes":
			keep, err := strconv.ParseBool(v)
			if err != nil {
				return l, configError("%q: keep_number_prefixes=%q: want true or false", spec, v)
			}
			l.KeepNumberPrefixes = keep
		default:
			return l, configError("%q: unknown key %q (want base, version, include, exclude or keep_number_prefixes)", spec, k)
		}
	}
	return l, nil
}

// FolderName names the library of a docs folder after its base name, made
// a valid name (see ValidName): "My Docs" -> "my-docs". A folder called
// docs (or doc, documentation) is named after the folder holding it, as
// the docs of a package are its own: "node_modules/ai/docs" -> "ai", and
// "docs" in the folder my-app -> "my-app" (a relative dir is taken from the
// working directory). The name is "docs" when nothing else is left.
func FolderName(dir string) string {
	clean := filepath.Clean(dir)
	if abs, err := filepath.Abs(clean); err == nil {
		clean = abs // "docs" run from a project names the project
	}
	name := nameOf(filepath.Base(clean))
	switch name {
	case "docs", "doc", "documentation":
		if parent := nameOf(filepath.Base(filepath.Dir(clean))); parent != "" && filepath.Dir(clean) != clean {
			return parent
		}
	case "":
		return "docs"
	}
	return name
}

// nameOf makes a folder's base name a valid library name, or "".
func nameOf(base string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return '-'
	}, base)
	if len(name) > 64 {
		name = name[:64]
	}
	return strings.TrimLeft(name, ".-_")
}
