package corpus

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A target names a page or one of its sections, the way fetch accepts it and
// search results cite it: "path" or "path#anchor" (also a full source URL,
// or an anchor-style path). This file and resolve.go are the one home of
// that syntax: other packages build targets and section links with Target
// and SectionURL, check what a client sends with CheckTarget and
// MaxTargetLen, clean a path with CleanPath, find what a target names with
// Resolver.Resolve, and branch on ErrNotFound and ErrBadTarget.

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

// MaxTargetLen bounds a target (or a list prefix), in bytes. The MCP tools'
// input schemas and every lookup use this one limit.
const MaxTargetLen = 500

// errTraversal reports a target that tries to leave the docs tree.
var errTraversal = errors.New(`".." and absolute file paths are not allowed: targets name pages inside the docs, e.g. "sso/index" or "sso/index#get-started"`)

// badTarget is a refused target: its message names what is wrong, and it
// matches ErrBadTarget with errors.Is.
type badTarget struct{ msg string }

func (e *badTarget) Error() string { return e.msg }
func (e *badTarget) Unwrap() error { return ErrBadTarget }

func badTargetf(format string, args ...any) error {
	return &badTarget{msg: fmt.Sprintf(format, args...)}
}

// CheckTarget validates a target as a client sends it (path, path#anchor,
// "library:path#anchor" or a docs URL) and returns it trimmed, without a
// leading "/". name is how the error calls the input ("target",
// "prefix"). It refuses an empty target, one over MaxTargetLen bytes, and
// one with invalid UTF-8, control characters or backslashes. Nothing is
// ever read from disk by name, but a target that looks like a file-system
// escape (".." segments, also percent-encoded, "~", a drive letter,
// "/etc/...") is refused outright, with a clear message. Every error
// matches ErrBadTarget. Resolver.Resolve applies it first.
func CheckTarget(name, t string) (string, error) {
	t = strings.TrimSpace(t)
	switch {
	case t == "":
		return "", badTargetf("%s is empty: give a page path (\"sso/index\"), a section (\"sso/index#get-started\") or a docs URL", name)
	case len(t) > MaxTargetLen:
		return "", badTargetf("%s is %d bytes long; the limit is %d", name, len(t), MaxTargetLen)
	case !utf8.ValidString(t) || strings.ContainsFunc(t, unicode.IsControl) || strings.Contains(t, "\\"):
		return "", badTargetf("%s %q has characters no docs path has", name, t)
	}
	p := t
	if i := strings.Index(p, "://"); i >= 0 {
		u, err := url.Parse(p)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return "", badTargetf("%s %q is not an http(s) docs URL", name, t)
		}
		p = u.EscapedPath()
	} else if i := strings.IndexAny(p, "#?"); i >= 0 {
		p = p[:i]
	}
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	traversal := func() error {
		return &badTarget{msg: fmt.Sprintf("%s %q: %v", name, t, errTraversal)}
	}
	if strings.HasPrefix(p, "~") || (len(p) > 1 && p[1] == ':') {
		return "", traversal()
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", traversal()
		}
	}
	if !strings.Contains(t, "://") && strings.HasPrefix(t, "/") {
		// "/etc/passwd" or "/sso/index": a docs path never starts at the file-system root.
		if hasSystemRoot(p) {
			return "", traversal()
		}
		t = strings.TrimLeft(t, "/")
	}
	return t, nil
}

// CleanPath normalises a docs path (the path of a target, or a list
// prefix): no surrounding spaces or slashes, no ".md"/".mdx" extension, no
// empty segments ("a//b" is "a/b"). It refuses, with an error matching
// ErrBadTarget, anything that could name a file outside the docs: "." and
// ".." segments, backslashes and ":" (a drive letter). "" and "/" clean to
// "", the root.
func CleanPath(p string) (string, error) {
	p = strings.TrimSpace(p)
	if strings.ContainsAny(p, "\\:") {
		return "", badTargetf("path %q: paths use forward slashes and no drive letters", p)
	}
	p = trimPath(p)
	segs := strings.Split(p, "/")
	out := segs[:0]
	for _, s := range segs {
		switch s {
		case "":
			continue // "a//b"
		case ".", "..":
			return "", badTargetf("path %q: relative segments (%q) are not allowed", p, s)
		}
		out = append(out, s)
	}
	return strings.Join(out, "/"), nil
}

// hasSystemRoot reports whether an absolute path names a well-known
// file-system root rather than a docs page.
func hasSystemRoot(p string) bool {
	first, _, _ := strings.Cut(strings.TrimLeft(p, "/"), "/")
	switch first {
	case "etc", "proc", "sys", "dev", "root", "home", "usr", "var", "tmp", "bin", "Users", "private", "opt":
		return true
	}
	return false
}
