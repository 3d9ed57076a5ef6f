package corpus

import "errors"

// A target names a page or one of its sections, the way fetch accepts it and
// search results cite it: "path" or "path#anchor" (also a full source URL,
// or an anchor-style path; see Corpus.Resolve). This file is the one home of
// that syntax: other packages build targets and section links with Target
// and SectionURL, and branch on ErrNotFound and ErrBadTarget.

// ErrNotFound reports an unknown page, section or path. retrieval.ErrNotFound
// is the same value, so errors.Is matches either way.
var ErrNotFound = errors.New("not found")

// ErrBadTarget reports a target that can never name a page, such as one that
// climbs out of the docs with "..".
var ErrBadTarget = errors.New("invalid target")

// Target is the target of a page ("path") or of one of its sections
// ("path#anchor"); an empty anchor names the whole page.
func Target(path, anchor string) string {
	if anchor == "" {
		return path
	}
	return path + "#" + anchor
}

// SectionURL is the source link of a section: the page's URL with
// "#anchor". An empty anchor gives the page URL, and an empty page URL
// (a page with no link) stays empty.
func SectionURL(pageURL, anchor string) string {
	if pageURL == "" || anchor == "" {
		return pageURL
	}
	return pageURL + "#" + anchor
}
