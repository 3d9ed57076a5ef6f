package corpus

import (
	"fmt"
	"path"
	"strings"
)

// matchGlob reports whether a slash-separated relative path matches a glob.
// Segments match as in path.Match; a "**" segment matches any number of
// segments (zero included), so "blog/**" matches everything under blog/ and
// "**/*.md" every Markdown file. A pattern with no slash matches the base
// name at any depth ("*.md"), as .gitignore does.
func matchGlob(pattern, name string) (bool, error) {
	pattern = strings.Trim(pattern, "/")
	if !strings.Contains(pattern, "/") && pattern != "**" {
		return path.Match(pattern, path.Base(name))
	}
	return matchSegments(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegments(pat, segs []string) (bool, error) {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if ok, err := matchSegments(pat[1:], segs[i:]); ok || err != nil {
					return ok, err
				}
			}
			return false, nil
		}
		if len(segs) == 0 {
			return false, nil
		}
		ok, err := path.Match(pat[0], segs[0])
		if err != nil || !ok {
			return false, err
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0, nil
}

// fileFilter decides which files of a docs folder load, from Options.Include
// and Options.Exclude.
type fileFilter struct{ include, exclude []string }

// check validates every glob once, so a bad one is an error before any
// file is read.
func (f fileFilter) check() error {
	for _, g := range append(append([]string{}, f.include...), f.exclude...) {
		if strings.TrimSpace(g) == "" {
			return fmt.Errorf("empty glob")
		}
		for _, seg := range strings.Split(g, "/") {
			if _, err := path.Match(seg, ""); err != nil {
				return fmt.Errorf("glob %q: %w", g, err)
			}
		}
	}
	return nil
}

// keep reports whether the file at rel (relative, slash-separated, with its
// extension) loads. Globs were validated by check.
func (f fileFilter) keep(rel string) bool {
	if len(f.include) > 0 {
		in := false
		for _, g := range f.include {
			if ok, _ := matchGlob(g, rel); ok {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	for _, g := range f.exclude {
		if ok, _ := matchGlob(g, rel); ok {
			return false
		}
	}
	return true
}
