package retrieval

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/internal/atomicfile"
)

// storeConfig says where the chunk vectors of one collection come from and
// where they are kept.
type storeConfig struct {
	// Dir holds the persisted collection (<CorpusKey>.chromem.vectors and
	// its sidecar <CorpusKey>.chromem.json); "" keeps it in memory only.
	Dir string
	// Embedder embeds chunks the bundle lacks, and queries. Required.
	Embedder embed.Embedder
	// Bundle holds precomputed vectors by chunk hash; nil means none. A
	// bundle for another model is an error (bundles.ErrMismatch) unless
	// Reembed is set.
	Bundle *bundles.Bundle
	// Reembed ignores the bundle and the persisted collection and embeds
	// every chunk live (then persists the result).
	Reembed bool
	// Logger receives what happened (sources of vectors, rebuilds); nil
	// discards.
	Logger *slog.Logger
	// Progress hears how far live embedding is (see Config.Progress); nil
	// means no reports.
	Progress func(done, total int)
	// CorpusKey names the collection, one per (corpus, version, model), e.g.
	// "workos-0.2.0-all-MiniLM-L6-v2"; "" means "docs".
	CorpusKey string
}

// storeFormat is the version of the persisted layout (the sidecar, the
// vectors file and the document metadata keys). Bump it when any changes.
//
// Format 1 was chromem-go's export (gob over maps, <key>.chromem.gob): its
// bytes depended on map order, so two processes persisting the same
// collection wrote different files. It is still read, once, to carry its
// vectors over; the next persist writes format 2 and removes it.
const storeFormat = 2

// legacyStoreFormat is the chromem-go export, read only (see storeFormat).
const legacyStoreFormat = 1

// storeManifest is the sidecar written after the vectors file. It names
// what the file holds and its checksum, so a torn, damaged or stale file is
// rebuilt instead of served.
type storeManifest struct {
	Format        int    `json:"format"`
	Collection    string `json:"collection"`
	Model         string `json:"model"`
	WeightsSHA256 string `json:"weights_sha256,omitempty"`
	Dimensions    int    `json:"dimensions"`
	Count         int    `json:"count"`
	Digest        string `json:"digest"`      // of the documents (ids, text, metadata) and the model
	FileSHA256    string `json:"file_sha256"` // of the vectors file
	FileSize      int64  `json:"file_size"`
}

// openCollection returns the vector of every chunk, in chunk order, as the
// embedder gave it (newVectorMatrix scales it to unit length). The vectors
// come from the persisted collection when it is intact and matches, else
// from the bundle by chunk hash, else from live embedding of what is still
// missing; the collection (every chunk's id, hash and vector) is then
// persisted when cfg.Dir is set.
//
// When the bundle covers every chunk the persisted file is neither read nor
// written: the bundle (compiled into the binary) is faster to read than any
// file, and a copy on disk would add nothing. The file matters when vectors
// were embedded live: a --docs folder, another model, --reembed, or docs
// that changed since the bundle was built.
func openCollection(ctx context.Context, cfg storeConfig, chunks []corpus.Chunk) ([][]float32, error) {
	start := time.Now()
	e := cfg.Embedder
	if e == nil {
		return nil, errors.New("open collection: no embedder")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	log := cfg.Logger
	name := cfg.CorpusKey
	if name == "" {
		name = "docs"
	}
	if err := checkChunks(chunks); err != nil {
		return nil, fmt.Errorf("open collection %q: %w", name, err)
	}
	bundle := cfg.Bundle
	if cfg.Reembed {
		bundle = nil
	}
	if bundle != nil {
		if err := bundle.CheckEmbedder(e); err != nil {
			return nil, err
		}
	}

	want := storeManifest{
		Format: storeFormat, Collection: name, Model: e.ModelID(), WeightsSHA256: bundles.WeightsOf(e),
		Dimensions: e.Dimensions(), Count: len(chunks),
	}
	covered := bundle != nil && covers(bundle, chunks)
	var dbPath, sidePath, legacyPath string // "" when nothing persists
	var onDisk *storeManifest               // the sidecar, when readable
	var docs []document                     // what persists; nil when nothing does
	if cfg.Dir != "" && !covered {
		base := filepath.Join(cfg.Dir, fileSafe(name)+".chromem")
		dbPath, sidePath, legacyPath = base+".vectors", base+".json", base+".gob"
		docs = make([]document, len(chunks))
		for i, c := range chunks {
			docs[i] = document{ID: c.ID, Content: c.Text, Metadata: chunkMetadata(c)}
		}
		want.Digest = documentsDigest(want, docs)
		onDisk = readSidecar(sidePath)
	}

	// stale: the file on disk does not hold exactly this collection.
	stale := dbPath != "" && (cfg.Reembed || onDisk == nil || withFile(want, *onDisk) != *onDisk || !sizeIs(dbPath, onDisk.FileSize))
	vectors := make(map[string][]float32, len(chunks)) // by chunk hash
	var fromDB, fromBundle int
	if covered {
		fromBundle = fill(vectors, chunks, bundle.Vector)
	} else {
		if dbPath != "" && !cfg.Reembed && onDisk != nil {
			stored, err := loadPersisted(dbPath, legacyPath, *onDisk, want, chunks)
			if err != nil {
				stale = true
				log.Warn("persisted collection unusable; rebuilding it", "collection", name, "path", dbPath, "err", err)
			}
			fromDB = fill(vectors, chunks, lookup(stored))
		}
		if bundle != nil {
			fromBundle = fill(vectors, chunks, bundle.Vector)
		}
	}
	checkpoint := "" // "" when nothing persists
	if dbPath != "" {
		checkpoint = strings.TrimSuffix(dbPath, ".vectors") + ".partial"
		// A first start has no folder yet; without one the checkpoint of
		// the longest embedding, the first, could not be written.
		if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
			log.Warn("could not create the collection's folder; embedding without a checkpoint", "path", cfg.Dir, "err", err)
			checkpoint = ""
		}
		removeOrphanTemps(dbPath, sidePath, legacyPath)
		if n := fill(vectors, chunks, lookup(readCheckpoint(checkpoint, e.Dimensions()))); n > 0 {
			log.Info("resuming live embedding from its checkpoint", "collection", name, "chunks", n)
		}
	}
	missing, err := embedMissing(ctx, cfg, name, chunks, vectors, checkpoint)
	if err != nil {
		return nil, fmt.Errorf("open collection %q: %w", name, err)
	}
	out := make([][]float32, len(chunks))
	for i, c := range chunks {
		out[i] = vectors[c.Hash]
	}
	if stale {
		for i := range docs {
			docs[i].Embedding = out[i]
		}
		if err := persist(docs, dbPath, sidePath, want); err != nil {
			return nil, fmt.Errorf("open collection %q: %w", name, err)
		}
		log.Debug("persisted collection", "collection", name, "path", dbPath)
		if err := os.Remove(legacyPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			log.Warn("could not remove the old-format collection file", "path", legacyPath, "err", err)
		}
	}
	if checkpoint != "" {
		if err := os.Remove(checkpoint); err != nil && !errors.Is(err, os.ErrNotExist) {
			log.Warn("could not remove the embedding checkpoint", "path", checkpoint, "err", err)
		}
	}
	log.Info("collection ready", "collection", name, "chunks", len(chunks), "from_db", fromDB,
		"from_bundle", fromBundle, "embedded", missing, "took", time.Since(start).Round(time.Millisecond).String())
	return out, nil
}

// embedMissing embeds live the chunks whose hash has no vector yet, adds
// their vectors and returns how many it embedded. With a checkpoint path it
// embeds checkpointSlice chunks at a time and appends each slice's vectors
// there, so that a kill loses at most one slice.
func embedMissing(ctx context.Context, cfg storeConfig, name string, chunks []corpus.Chunk, vectors map[string][]float32, checkpoint string) (int, error) {
	var missing []corpus.Chunk
	for _, c := range bundles.DistinctByHash(chunks) {
		if _, ok := vectors[c.Hash]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		return 0, nil
	}
	cfg.Logger.Info("embedding chunks live", "collection", name, "chunks", len(missing), "model", cfg.Embedder.ModelID())
	slice := len(missing)
	if checkpoint != "" {
		slice = checkpointSlice
	}
	for start := 0; start < len(missing); start += slice {
		part := missing[start:min(start+slice, len(missing))]
		var progress func(done, total int)
		if cfg.Progress != nil {
			progress = func(done, _ int) { cfg.Progress(start+done, len(missing)) }
		}
		live, err := bundles.EmbedChunks(ctx, part, cfg.Embedder, progress)
		if err != nil {
			if start > 0 && checkpoint != "" {
				cfg.Logger.Info("live embedding stopped; what was embedded is kept for the next start",
					"collection", name, "embedded", start, "of", len(missing), "err", err)
			}
			return 0, err
		}
		hashes := make([]string, 0, len(part))
		for _, c := range part {
			vectors[c.Hash] = live[c.Hash]
			hashes = append(hashes, c.Hash)
		}
		if checkpoint != "" {
			if err := appendCheckpoint(checkpoint, hashes, vectors); err != nil {
				cfg.Logger.Warn("could not checkpoint live embedding; continuing without", "err", err)
				checkpoint = ""
			}
		}
	}
	return len(missing), nil
}

// lookup reads vectors by hash from m.
func lookup(m map[string][]float32) func(string) ([]float32, bool) {
	return func(h string) ([]float32, bool) { v, ok := m[h]; return v, ok }
}

// document is one chunk as the persisted collection knows it: the fields
// and names of chromem-go's Document, which format 1 stored (see
// decodeChromemExport). Its id, text and metadata make the collection's
// digest; its id, hash and vector the vectors file.
type document struct {
	ID        string
	Metadata  map[string]string
	Embedding []float32
	Content   string
}

// chunkMetadata is what each document carries besides its text: part of the
// collection's digest, so that a change to any of it rebuilds the file.
func chunkMetadata(c corpus.Chunk) map[string]string {
	m := map[string]string{
		"path":       c.Path,
		"anchor":     c.Anchor,
		"section":    c.Section,
		"breadcrumb": strings.Join(c.Breadcrumb, " > "),
		"url":        c.URL,
		"title":      c.Title,
		"kind":       c.Kind,
		"product":    c.Product,
		"hash":       c.Hash,
	}
	if c.Date != "" {
		m["date"] = c.Date
	}
	return m
}

// checkChunks rejects chunk sets the collection cannot hold faithfully.
func checkChunks(chunks []corpus.Chunk) error {
	seen := make(map[string]bool, len(chunks))
	for _, c := range chunks {
		if c.ID == "" {
			return errors.New("chunk with an empty id")
		}
		if seen[c.ID] {
			return fmt.Errorf("duplicate chunk id %q", c.ID)
		}
		seen[c.ID] = true
		if !bundles.ValidHash(c.Hash) {
			return fmt.Errorf("chunk %q: hash %q is not a hex sha256", c.ID, c.Hash)
		}
	}
	return nil
}

// covers reports whether b has a vector for every chunk.
func covers(b *bundles.Bundle, chunks []corpus.Chunk) bool {
	for _, c := range chunks {
		if !b.Has(c.Hash) {
			return false
		}
	}
	return true
}

// fill adds to vectors (by hash) what get has for chunks not yet there and
// returns how many distinct hashes it added.
func fill(vectors map[string][]float32, chunks []corpus.Chunk, get func(hash string) ([]float32, bool)) int {
	n := 0
	for _, c := range chunks {
		if _, ok := vectors[c.Hash]; ok {
			continue
		}
		if v, ok := get(c.Hash); ok {
			vectors[c.Hash] = v
			n++
		}
	}
	return n
}

// documentsDigest identifies the collection's content: model and every
// document's id, text and metadata (not the vectors, which follow from the
// text's hash and the model).
func documentsDigest(m storeManifest, docs []document) string {
	h := sha256.New()
	var n []byte
	field := func(s string) {
		n = binary.AppendUvarint(n[:0], uint64(len(s)))
		h.Write(n)
		io.WriteString(h, s)
	}
	field(fmt.Sprint(m.Format, m.Collection, m.Model, m.WeightsSHA256, m.Dimensions))
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b document) int { return strings.Compare(a.ID, b.ID) })
	for _, d := range sorted {
		field(d.ID)
		field(d.Content)
		keys := make([]string, 0, len(d.Metadata))
		for k := range d.Metadata {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			field(k)
			field(d.Metadata[k])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// withFile copies the file fields of got into want, for comparing sidecars.
func withFile(want, got storeManifest) storeManifest {
	want.FileSHA256, want.FileSize = got.FileSHA256, got.FileSize
	return want
}

// sizeIs reports whether the file at path has the given size: a cheap check
// for a truncated export when its vectors are not needed.
func sizeIs(path string, size int64) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() == size
}

func readSidecar(path string) *storeManifest {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var m storeManifest
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	return &m
}

// loadPersisted reads the persisted vectors when the sidecar says they were
// built for the same model, checks their checksum, and returns the vectors
// they hold for chunks (by chunk hash; a document counts only when its id and
// hash both match). A format-1 sidecar vouches for the chromem export at
// legacyPath instead. Any doubt is an error: the caller rebuilds.
func loadPersisted(dbPath, legacyPath string, side, want storeManifest, chunks []corpus.Chunk) (map[string][]float32, error) {
	if side.Format != storeFormat && side.Format != legacyStoreFormat || side.Collection != want.Collection || side.Model != want.Model ||
		side.WeightsSHA256 != want.WeightsSHA256 || side.Dimensions != want.Dimensions {
		return nil, fmt.Errorf("built for model %q (%d dimensions, format %d), want %q (%d dimensions, format %d)",
			side.Model, side.Dimensions, side.Format, want.Model, want.Dimensions, storeFormat)
	}
	path := dbPath
	if side.Format == legacyStoreFormat {
		path = legacyPath
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); int64(len(data)) != side.FileSize || hex.EncodeToString(sum[:]) != side.FileSHA256 {
		return nil, fmt.Errorf("checksum mismatch: torn or damaged file (%d bytes, want %d)", len(data), side.FileSize)
	}
	var stored map[string]storedVector
	var count int
	if side.Format == legacyStoreFormat {
		stored, count, err = decodeChromemExport(data, want.Collection, chunks)
	} else {
		stored, err = decodeVectors(data, want.Dimensions)
		count = len(stored)
	}
	if err != nil {
		return nil, err
	}
	if count != side.Count {
		return nil, fmt.Errorf("holds %d documents, its manifest says %d", count, side.Count)
	}
	out := make(map[string][]float32, len(chunks))
	for _, c := range chunks {
		d, ok := stored[c.ID]
		if !ok || d.hash != c.Hash {
			continue // new or changed chunk
		}
		if len(d.vector) != want.Dimensions || !finiteVector(d.vector) {
			return nil, fmt.Errorf("document %q has a bad vector", c.ID)
		}
		out[c.Hash] = d.vector
	}
	return out, nil
}

// storedVector is what the vectors file keeps of one document.
type storedVector struct {
	hash   string
	vector []float32
}

// chromemExport is what chromem-go's DB.ExportToWriter encodes with gob
// (gob matches fields by name): its collections by name, each with its
// documents by id.
type chromemExport struct {
	Collections map[string]*chromemCollection
}

type chromemCollection struct {
	Name      string
	Metadata  map[string]string
	Documents map[string]*document
}

// decodeChromemExport reads collection name from a chromem-go export
// (format 1: gob, gzip-compressed when it starts with gzip's magic number)
// and returns its documents among chunks' ids and how many documents it
// holds in all.
func decodeChromemExport(data []byte, name string, chunks []corpus.Chunk) (map[string]storedVector, int, error) {
	var r io.Reader = bytes.NewReader(data)
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, 0, fmt.Errorf("chromem export: %w", err)
		}
		defer gz.Close()
		r = gz
	}
	var export chromemExport
	if err := gob.NewDecoder(r).Decode(&export); err != nil {
		return nil, 0, fmt.Errorf("chromem export: %w", err)
	}
	var coll *chromemCollection
	for _, c := range export.Collections {
		if c != nil && c.Name == name {
			coll = c
		}
	}
	if coll == nil {
		return nil, 0, fmt.Errorf("no collection %q in the file", name)
	}
	out := make(map[string]storedVector, len(chunks))
	for _, c := range chunks {
		if d := coll.Documents[c.ID]; d != nil {
			out[c.ID] = storedVector{hash: d.Metadata["hash"], vector: d.Embedding}
		}
	}
	return out, len(coll.Documents), nil
}

// The vectors file (format 2) holds, for every document in id order, its id,
// its chunk hash and its vector; nothing else, as the documents' text and
// metadata come from the corpus. The same collection always gives the same
// bytes, whatever order its chunks arrived in:
//
//	magic "docseek-vectors\n" | uvarint dimensions | uvarint count |
//	count x (uvarint len | id | uvarint len | hash | dimensions x float32 LE)
//
// The sidecar's sha256 vouches for the whole file.
const vectorsMagic = "docseek-vectors\n"

// encodeVectors returns the vectors file of docs (sorted by id here).
func encodeVectors(docs []document, dims int) ([]byte, error) {
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b document) int { return strings.Compare(a.ID, b.ID) })
	buf := make([]byte, 0, len(vectorsMagic)+len(docs)*(4*dims+96))
	buf = append(buf, vectorsMagic...)
	buf = binary.AppendUvarint(buf, uint64(dims))
	buf = binary.AppendUvarint(buf, uint64(len(sorted)))
	for _, d := range sorted {
		if len(d.Embedding) != dims {
			return nil, fmt.Errorf("document %q has %d dimensions, want %d", d.ID, len(d.Embedding), dims)
		}
		hash := d.Metadata["hash"]
		buf = binary.AppendUvarint(buf, uint64(len(d.ID)))
		buf = append(buf, d.ID...)
		buf = binary.AppendUvarint(buf, uint64(len(hash)))
		buf = append(buf, hash...)
		for _, x := range d.Embedding {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
		}
	}
	return buf, nil
}

// decodeVectors reads a vectors file, by document id. Every length is checked
// against what is left of data before anything is allocated.
func decodeVectors(data []byte, dims int) (map[string]storedVector, error) {
	rest, ok := bytes.CutPrefix(data, []byte(vectorsMagic))
	if !ok {
		return nil, errors.New("not a docseek vectors file")
	}
	uvarint := func() (uint64, error) {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			return 0, errors.New("vectors file: bad length")
		}
		rest = rest[n:]
		return v, nil
	}
	str := func() (string, error) {
		n, err := uvarint()
		if err != nil {
			return "", err
		}
		if n > uint64(len(rest)) {
			return "", errors.New("vectors file: truncated")
		}
		s := string(rest[:n])
		rest = rest[n:]
		return s, nil
	}
	d, err := uvarint()
	if err != nil {
		return nil, err
	}
	if d != uint64(dims) {
		return nil, fmt.Errorf("vectors file has %d dimensions, want %d", d, dims)
	}
	count, err := uvarint()
	if err != nil {
		return nil, err
	}
	if count > uint64(len(rest))/uint64(4*dims+2) {
		return nil, fmt.Errorf("vectors file claims %d documents in %d bytes", count, len(rest))
	}
	out := make(map[string]storedVector, count)
	for range count {
		id, err := str()
		if err != nil {
			return nil, err
		}
		hash, err := str()
		if err != nil {
			return nil, err
		}
		if len(rest) < 4*dims {
			return nil, errors.New("vectors file: truncated")
		}
		v := make([]float32, dims)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(rest[4*i:]))
		}
		rest = rest[4*dims:]
		if _, dup := out[id]; dup {
			return nil, fmt.Errorf("vectors file: document %q twice", id)
		}
		out[id] = storedVector{hash: hash, vector: v}
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("vectors file: %d bytes after the last document", len(rest))
	}
	return out, nil
}

func finiteVector(v []float32) bool {
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}

// persist writes the vectors file of docs atomically, then the sidecar that
// vouches for it (also atomically). A crash in between leaves a sidecar whose
// checksum does not match, so the next start rebuilds.
func persist(docs []document, dbPath, sidePath string, m storeManifest) error {
	data, err := encodeVectors(docs, m.Dimensions)
	if err != nil {
		return fmt.Errorf("persist collection to %q: %w", dbPath, err)
	}
	if err := atomicfile.Write(dbPath, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return fmt.Errorf("persist collection to %q: %w", dbPath, err)
	}
	sum := sha256.Sum256(data)
	m.FileSHA256, m.FileSize = hex.EncodeToString(sum[:]), int64(len(data))
	side, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(sidePath, func(w io.Writer) error { _, err := w.Write(side); return err }); err != nil {
		return fmt.Errorf("persist collection manifest to %q: %w", sidePath, err)
	}
	return nil
}

// fileSafe maps a collection name to a file name.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
}
