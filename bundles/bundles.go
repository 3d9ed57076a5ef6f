// Package bundles holds the precomputed embedding bundles committed with
// docseek, compiled into the binary, so that docseek starts offline with
// nothing but itself, the corpus and the model, and embeds nothing at start.
//
// The package is the one home of everything about bundles, one file per
// concept:
//
//	bundles.go   the committed files: Name, Open, List, Sums, Committed
//	format.go    the file format: Bundle, Manifest, Encoding, Read, Write, Load
//	float16.go   IEEE 754 half-precision conversion for the float16 encoding
//	build.go     Build, Update, EmbedChunks: vectors from an embedder
//	verify.go    CheckEmbedder, Verify: does a bundle fit a model and a corpus
//	recall.go    EncodingRecall: how much int8 and float16 change neighbours
//	file.go      BuildFile: a bundle file for a corpus (docseek bundle build)
//
// `make bundles` (docseek bundle build) rebuilds the committed files and
// `make verify-bundles` (docseek bundle verify) checks that they still cover
// every chunk of their corpus. retrieval reads a Bundle's vectors; this
// package never imports retrieval.
//
// WARNING: a change of the chunker (corpus.ChunkerVersion, EmbedText) or of
// the model's weights makes these files stale: rebuild them in the same
// commit.
package bundles

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Ext is the file extension of a bundle.
const Ext = ".dsb"

// files holds this directory. The pattern "*" always matches (this file at
// least), so the package compiles before any bundle is committed; Open and
// List only ever serve names ending in Ext.
//
//go:embed *
var files embed.FS

// Name is the file name of the bundle for a corpus version and a model, e.g.
// "workos-0.2.0-all-MiniLM-L6-v2.dsb". Characters outside [A-Za-z0-9._-]
// (such as the "/" of "sentence-transformers/all-MiniLM-L6-v2") become "_".
func Name(corpus, version, model string) string {
	safe := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
				return r
			}
			return '_'
		}, s)
	}
	return safe(corpus) + "-" + safe(version) + "-" + safe(model) + Ext
}

// Open returns the contents of the committed bundle with the given name. A
// name with no bundle gives an error wrapping fs.ErrNotExist.
func Open(name string) ([]byte, error) {
	if !strings.HasSuffix(name, Ext) || path.Base(name) != name {
		return nil, fmt.Errorf("bundle %q: %w", name, fs.ErrNotExist)
	}
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("bundle %q: %w", name, fs.ErrNotExist)
	}
	return data, nil
}

// List returns the names of the committed bundles, sorted.
func List() []string {
	entries, _ := files.ReadDir(".") // the embedded root always reads
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), Ext) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// Sum names a committed bundle and the SHA-256 of its file, so that a
// user can tell which vectors a binary carries (`docseek version`).
type Sum struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"` // hex
}

// Sums returns the Sum of every committed bundle, in List's order.
func Sums() []Sum {
	out := []Sum{}
	for _, name := range List() {
		data, _ := files.ReadFile(name) // List names only embedded files
		sum := sha256.Sum256(data)
		out = append(out, Sum{Name: name, SHA256: hex.EncodeToString(sum[:])})
	}
	return out
}

// Committed returns the bundle compiled into docseek for a corpus version and
// a model, or nil (and no error) when there is none, as for a --docs folder.
// A damaged bundle is an error wrapping ErrCorrupt.
func Committed(corpus, version, model string) (*Bundle, error) {
	name := Name(corpus, version, model)
	data, err := Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := Read(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("committed bundle %q: %w", name, err)
	}
	return b, nil
}
