package main

import (
	"encoding/json"
	"io"
)

// writeJSON is how every subcommand's --json prints: one JSON value,
// indented by two spaces, "<", ">" and "&" left as they are, and a newline.
// stdout carries nothing else under --json.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
