package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/docseek/docseek/retrieval"
)

// Input schemas are written by hand so that they carry the limits the
// handlers enforce; the handlers check again with clearer messages, since a
// client may skip schema validation.

// object is the schema of a tool's arguments; unknown properties are refused
// so that a misspelt argument is an error rather than silently ignored.
func object(required []string, props map[string]*jsonschema.Schema) *jsonschema.Schema {
	if required == nil {
		required = []string{}
	}
	return &jsonschema.Schema{Type: "object", Required: required, Properties: props,
		AdditionalProperties: &jsonschema.Schema{Not: &jsonschema.Schema{}}}
}

func stringProp(desc string, minLen, maxLen int) *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Description: desc, MinLength: &minLen, MaxLength: &maxLen}
}

func intProp(desc string, lo, hi, def int) *jsonschema.Schema {
	l, h := float64(lo), float64(hi)
	d, _ := json.Marshal(def)
	return &jsonschema.Schema{Type: "integer", Description: desc, Minimum: &l, Maximum: &h, Default: d}
}

// checkText validates a required free-text input such as a question.
func checkText(name, s string, maxLen int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", fmt.Errorf("%s is empty: ask in plain words, e.g. \"how do I verify a webhook signature?\"", name)
	case !utf8.ValidString(s):
		return "", fmt.Errorf("%s is not valid UTF-8", name)
	case utf8.RuneCountInString(s) > maxLen:
		return "", fmt.Errorf("%s is %d characters long; the limit is %d: ask a shorter question", name, utf8.RuneCountInString(s), maxLen)
	}
	return s, nil
}

// checkOptionalText validates an optional free-text input.
func checkOptionalText(name, s string, maxLen int) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return checkText(name, s, maxLen)
}

// checkRange validates an integer input; 0 means "not given" and yields def.
func checkRange(name string, v, lo, hi, def int) (int, error) {
	if v == 0 {
		return def, nil
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%s is %d; it must be between %d and %d", name, v, lo, hi)
	}
	return v, nil
}

// checkMode validates a search mode; "" means hybrid.
func checkMode(m string) (retrieval.Mode, error) { return retrieval.ParseMode(m) }

// errTraversal reports a target that tries to leave the docs tree.
var errTraversal = errors.New(`".." and absolute file paths are not allowed: targets name pages inside the docs, e.g. "sso/index" or "sso/index#get-started"`)

// checkTarget validates a fetch target (path, path#anchor or docs URL) or a
// list prefix. Nothing is ever read from disk by name, but a target that
// looks like a file-system escape is refused outright, with a clear message.
func checkTarget(name, t string, allowEmpty bool) (string, error) {
	t = strings.TrimSpace(t)
	switch {
	case t == "" && allowEmpty:
		return "", nil
	case t == "":
		return "", fmt.Errorf("%s is empty: give a page path (\"sso/index\"), a section (\"sso/index#get-started\") or a docs URL", name)
	case len(t) > maxTargetLen:
		return "", fmt.Errorf("%s is %d bytes long; the limit is %d", name, len(t), maxTargetLen)
	case !utf8.ValidString(t) || strings.ContainsAny(t, "\x00\\\r\n\t"):
		return "", fmt.Errorf("%s %q has characters no docs path has", name, t)
	}
	p := t
	if i := strings.Index(p, "://"); i >= 0 {
		u, err := url.Parse(p)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return "", fmt.Errorf("%s %q is not an http(s) docs URL", name, t)
		}
		p = u.EscapedPath()
	} else if i := strings.IndexAny(p, "#?"); i >= 0 {
		p = p[:i]
	}
	if dec, err := url.PathUnescape(p); err == nil {
		p = dec
	}
	if strings.HasPrefix(p, "~") || (len(p) > 1 && p[1] == ':') {
		return "", fmt.Errorf("%s %q: %w", name, t, errTraversal)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", fmt.Errorf("%s %q: %w", name, t, errTraversal)
		}
	}
	if !strings.Contains(t, "://") && strings.HasPrefix(t, "/") {
		// "/etc/passwd" or "/sso/index": a docs path never starts at the file-system root.
		if hasSystemRoot(p) {
			return "", fmt.Errorf("%s %q: %w", name, t, errTraversal)
		}
		t = strings.TrimLeft(t, "/")
	}
	return t, nil
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

// checkDate validates an optional YYYY-MM-DD date.
func checkDate(name, d string) (string, error) {
	d = strings.TrimSpace(d)
	if d == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return "", fmt.Errorf("%s %q is not a date: use YYYY-MM-DD, e.g. 2025-11-03", name, d)
	}
	return d, nil
}

func ptr[T any](v T) *T { return &v }
