package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/docseek/docseek/corpus"
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

// checkTarget validates a fetch target or, with allowEmpty, a list prefix
// (which may be empty); corpus.CheckTarget owns the rule.
func checkTarget(name, t string, allowEmpty bool) (string, error) {
	if allowEmpty && strings.TrimSpace(t) == "" {
		return "", nil
	}
	return corpus.CheckTarget(name, t)
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
