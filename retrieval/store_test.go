package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	chromem "github.com/philippgille/chromem-go"

	"github.com/docseek/docseek/bundles"
	"github.com/docseek/docseek/corpus"
	"github.com/docseek/docseek/corpus/corpustest"
	"github.com/docseek/docseek/embed/embedtest"
)

// checkCollection asserts that coll holds one vector per chunk, in chunk
// order, each (within tol) the fake embedder's vector of the chunk.
func checkCollection(t *testing.T, coll [][]float32, chunks []corpus.Chunk, tol float64) {
	t.Helper()
	if len(coll) != len(chunks) {
		t.Fatalf("collection holds %d vectors, want %d", len(coll), len(chunks))
	}
	for i, c := range chunks {
		want := embedtest.New().Vector(c.EmbedText())
		if diff := cmp.Diff(want, coll[i], cmpopts.EquateApprox(0, tol)); diff != "" {
			t.Fatalf("chunk %q (-want +got):\n%s", c.ID, diff)
		}
	}
}

func TestChunkMetadata(t *testing.T) {
	c := corpustest.Chunks(1)[0]
	c.Date = "2026-01-02"
	want := map[string]string{
		"path": "product0/page0", "anchor": "section-0", "section": "Section 0",
		"breadcrumb": "Page 0 > Section 0", "url": "https://example.com/docs/product0/page0#section-0",
		"title": "Page 0", "kind": "doc", "product": "product0", "hash": c.Hash, "date": "2026-01-02",
	}
	if diff := cmp.Diff(want, chunkMetadata(c)); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
}

// TestOpenCollectionRoundTrip persists a few thousand chunks and reads
// every vector back.
func TestOpenCollectionRoundTrip(t *testing.T) {
	chunks := corpustest.Chunks(3000)
	dir := t.TempDir()
	e := embedtest.New()
	cfg := storeConfig{Dir: dir, Embedder: e, CorpusKey: "fixture-1.0.0-fake"}
	coll, err := openCollection(context.Background(), cfg, chunks)
	if err != nil {
		t.Fatal(err)
	}
	checkCollection(t, coll, chunks, 1e-6)
	if e.Documents() != len(chunks) {
		t.Errorf("first open embedded %d chunks, want %d", e.Documents(), len(chunks))
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, de := range entries {
		names = append(names, de.Name())
	}
	if diff := cmp.Diff([]string{"fixture-1.0.0-fake.chromem.json", "fixture-1.0.0-fake.chromem.vectors"}, names); diff != "" {
		t.Errorf("files in the data dir (-want +got):\n%s", diff)
	}

	e.Reset()
	coll, err = openCollection(context.Background(), cfg, chunks)
	if err != nil {
		t.Fatal(err)
	}
	checkCollection(t, coll, chunks, 0)
	if e.Documents() != 0 {
		t.Errorf("second open embedded %d chunks, want 0 (all from the persisted collection)", e.Documents())
	}
}

func TestOpenCollectionSources(t *testing.T) {
	chunks := corpustest.Chunks(40)
	bundle := buildTestBundle(t, chunks, embedtest.New(), bundles.EncodingFloat32)
	changed := corpustest.Chunks(40)
	for _, i := range []int{5, 6, 30} {
		changed[i].Text += " Now with more words."
		corpustest.Rehash(&changed[i])
	}
	added := append(corpustest.Chunks(40), corpus.Chunk{ID: "new/page#intro", Path: "new/page", Text: "A brand new page."})
	corpustest.Rehash(&added[40])
	otherModel := embedtest.New()
	otherModel.Model = "test/other"
	wrongBundle := buildTestBundle(t, chunks, otherModel, bundles.EncodingInt8)

	tests := []struct {
		name        string
		chunks      []corpus.Chunk
		bundle      *bundles.Bundle
		reembed     bool
		wantEmbeds  int
		wantLogLine string
		persists    bool // false: all from the bundle, nothing written
	}{
		{"bundle covers all", chunks, bundle, false, 0, "from_bundle=40 embedded=0", false},
		{"no bundle", chunks, nil, false, 40, "from_bundle=0 embedded=40", true},
		{"changed chunks embedded live", changed, bundle, false, 3, "from_bundle=37 embedded=3", true},
		{"added chunk embedded live", added, bundle, false, 1, "from_bundle=40 embedded=1", true},
		{"reembed ignores bundle", chunks, bundle, true, 40, "from_bundle=0 embedded=40", true},
		{"reembed ignores wrong model", chunks, wrongBundle, true, 40, "embedded=40", true},
	}
	for _, tt := range tests {
		for _, dir := range []string{"", t.TempDir()} {
			t.Run(fmt.Sprintf("%s/persist=%v", tt.name, dir != ""), func(t *testing.T) {
				e := embedtest.New()
				var logs bytes.Buffer
				cfg := storeConfig{Dir: dir, Embedder: e, Bundle: tt.bundle, Reembed: tt.reembed, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
				coll, err := openCollection(context.Background(), cfg, tt.chunks)
				if err != nil {
					t.Fatal(err)
				}
				checkCollection(t, coll, tt.chunks, 1e-6)
				if e.Documents() != tt.wantEmbeds {
					t.Errorf("embedded %d chunks, want %d", e.Documents(), tt.wantEmbeds)
				}
				if !strings.Contains(logs.String(), tt.wantLogLine) {
					t.Errorf("log lacks %q:\n%s", tt.wantLogLine, logs.String())
				}
				if dir == "" {
					return
				}
				if entries, _ := os.ReadDir(dir); !tt.persists {
					if len(entries) != 0 {
						t.Errorf("wrote %d files, want none (the bundle has every vector)", len(entries))
					}
					return
				}
				// The next start, without the bundle, needs nothing live.
				e.Reset()
				coll, err = openCollection(context.Background(), storeConfig{Dir: dir, Embedder: e}, tt.chunks)
				if err != nil {
					t.Fatal(err)
				}
				checkCollection(t, coll, tt.chunks, 1e-6)
				if e.Documents() != 0 {
					t.Errorf("reopening embedded %d chunks, want 0", e.Documents())
				}
			})
		}
	}
}

func TestOpenCollectionPersistedChanges(t *testing.T) {
	dir := t.TempDir()
	e := embedtest.New()
	cfg := storeConfig{Dir: dir, Embedder: e}
	if _, err := openCollection(context.Background(), cfg, corpustest.Chunks(30)); err != nil {
		t.Fatal(err)
	}
	changed := corpustest.Chunks(30)
	changed[4].Text = "Rewritten."
	corpustest.Rehash(&changed[4])
	changed = changed[:28] // two chunks removed
	e.Reset()
	coll, err := openCollection(context.Background(), cfg, changed)
	if err != nil {
		t.Fatal(err)
	}
	checkCollection(t, coll, changed, 0)
	if e.Documents() != 1 {
		t.Errorf("embedded %d chunks, want only the changed one", e.Documents())
	}
}

func TestOpenCollectionWrongBundle(t *testing.T) {
	chunks := corpustest.Chunks(5)
	other := embedtest.New()
	other.Model = "test/other"
	b := buildTestBundle(t, chunks, other, bundles.EncodingInt8)
	_, err := openCollection(context.Background(), storeConfig{Embedder: embedtest.New(), Bundle: b}, chunks)
	if !errors.Is(err, bundles.ErrMismatch) {
		t.Fatalf("err = %v, want bundles.ErrMismatch", err)
	}
	if !strings.Contains(err.Error(), "--reembed") {
		t.Errorf("err = %q, want it to suggest --reembed", err)
	}
}

// TestOpenCollectionTornDB damages the persisted files in every way a crash
// or a bad disk can, and checks that the collection is rebuilt (from the
// corpus and live embedding) rather than served damaged, and repaired on disk.
func TestOpenCollectionTornDB(t *testing.T) {
	chunks := corpustest.Chunks(60)
	const key = "fixture"
	db, side := key+".chromem.vectors", key+".chromem.json"
	damage := []struct {
		name string
		file string
		f    func(b []byte) []byte
	}{
		{"db truncated to half", db, func(b []byte) []byte { return b[:len(b)/2] }},
		{"db truncated by one byte", db, func(b []byte) []byte { return b[:len(b)-1] }},
		{"db empty", db, func(b []byte) []byte { return nil }},
		{"db garbled in the middle", db, func(b []byte) []byte { copy(b[len(b)/2:], "garbage!garbage!"); return b }},
		{"db replaced by garbage of the same size", db, func(b []byte) []byte { return bytes.Repeat([]byte{0xff}, len(b)) }},
		{"db missing", db, nil},
		{"sidecar missing", side, nil},
		{"sidecar garbage", side, func(b []byte) []byte { return []byte("{not json") }},
		{"sidecar from another model", side, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"model": "test/fake-bag-of-words"`), []byte(`"model": "test/other"`), 1)
		}},
	}
	for _, tt := range damage {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			e := embedtest.New()
			var logs bytes.Buffer
			cfg := storeConfig{Dir: dir, Embedder: e, CorpusKey: key, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			if _, err := openCollection(context.Background(), cfg, chunks); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tt.file)
			if tt.f == nil {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			} else {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, tt.f(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			e.Reset()
			coll, err := openCollection(context.Background(), cfg, chunks)
			if err != nil {
				t.Fatal(err)
			}
			checkCollection(t, coll, chunks, 1e-6)
			if e.Documents() != len(chunks) {
				t.Errorf("rebuild embedded %d chunks, want %d", e.Documents(), len(chunks))
			}
			// Repaired: the next start reads everything from disk.
			e.Reset()
			if _, err := openCollection(context.Background(), cfg, chunks); err != nil {
				t.Fatal(err)
			}
			if e.Documents() != 0 {
				t.Errorf("after repair embedded %d chunks, want 0\n%s", e.Documents(), logs.String())
			}
		})
	}
}

// TestOpenCollectionTornDBWithBundle: with a bundle, a damaged DB costs only
// the live embedding of what the bundle lacks, and a bundle with every vector
// does not need the DB at all.
func TestOpenCollectionTornDBWithBundle(t *testing.T) {
	chunks := corpustest.Chunks(20)
	partial := buildTestBundle(t, chunks[:15], embedtest.New(), bundles.EncodingFloat16)
	full := buildTestBundle(t, chunks, embedtest.New(), bundles.EncodingFloat16)
	dir := t.TempDir()
	e := embedtest.New()
	cfg := storeConfig{Dir: dir, Embedder: e, Bundle: partial}
	if _, err := openCollection(context.Background(), cfg, chunks); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "docs.chromem.vectors")
	data, _ := os.ReadFile(db)
	torn := data[:len(data)/3]
	if err := os.WriteFile(db, torn, 0o644); err != nil {
		t.Fatal(err)
	}

	e.Reset()
	cfg.Bundle = full
	coll, err := openCollection(context.Background(), cfg, chunks)
	if err != nil {
		t.Fatal(err)
	}
	checkCollection(t, coll, chunks, float16Tolerance)
	if e.Documents() != 0 {
		t.Errorf("full bundle: embedded %d chunks, want 0", e.Documents())
	}

	cfg.Bundle = partial
	coll, err = openCollection(context.Background(), cfg, chunks)
	if err != nil {
		t.Fatal(err)
	}
	checkCollection(t, coll, chunks, float16Tolerance)
	if e.Documents() != 5 {
		t.Errorf("partial bundle: embedded %d chunks, want the 5 it lacks", e.Documents())
	}
	if got, err := os.ReadFile(db); err != nil || bytes.Equal(got, torn) {
		t.Errorf("damaged file not rewritten: %v", err)
	}
}

func TestOpenCollectionErrors(t *testing.T) {
	dup := corpustest.Chunks(3)
	dup[2].ID = dup[0].ID
	badHash := corpustest.Chunks(3)
	badHash[1].Hash = ""
	noID := corpustest.Chunks(3)
	noID[0].ID = ""
	failing := embedtest.New()
	failing.Fail(errors.New("model exploded"))
	tests := []struct {
		name   string
		cfg    storeConfig
		chunks []corpus.Chunk
		want   string
	}{
		{"no embedder", storeConfig{}, corpustest.Chunks(3), "no embedder"},
		{"duplicate id", storeConfig{Embedder: embedtest.New()}, dup, "duplicate chunk id"},
		{"bad hash", storeConfig{Embedder: embedtest.New()}, badHash, "not a hex sha256"},
		{"empty id", storeConfig{Embedder: embedtest.New()}, noID, "empty id"},
		{"embedder fails", storeConfig{Embedder: failing}, corpustest.Chunks(3), "model exploded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openCollection(context.Background(), tt.cfg, tt.chunks)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	coll, err := openCollection(context.Background(), storeConfig{Embedder: embedtest.New()}, nil)
	if err != nil || len(coll) != 0 {
		t.Errorf("no chunks: %v, %v", coll, err)
	}
}

// BenchmarkOpenCollection measures start-up: building the collection from a
// bundle versus reading the persisted chromem export, for corpus sizes
// around the WorkOS docs (384 dimensions like all-MiniLM-L6-v2).
func BenchmarkOpenCollection(b *testing.B) {
	for _, n := range []int{1000, 6000} {
		chunks := corpustest.Chunks(n)
		for i := range chunks {
			chunks[i].Text = strings.Repeat(chunks[i].Text+" ", 25) // ~1.5 KB like real chunks
			corpustest.Rehash(&chunks[i])
		}
		e := embedtest.New()
		e.Dims = 384
		bundle := buildTestBundle(b, chunks, e, bundles.EncodingInt8)
		data := bundleBytes(b, bundle)
		dir := b.TempDir()
		if _, err := openCollection(context.Background(), storeConfig{Dir: dir, Embedder: e}, chunks); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("bundle/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bd, err := bundles.Read(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := openCollection(context.Background(), storeConfig{Embedder: e, Bundle: bd}, chunks); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("persisted/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := openCollection(context.Background(), storeConfig{Dir: dir, Embedder: e}, chunks); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A kill in the middle of a first live embedding loses at most one slice:
// the next start reuses what the checkpoint kept, even with a torn record at
// its end, and ends with the whole collection persisted and no checkpoint.
// The collection's folder does not exist before the first start, as in a
// fresh data dir.
func TestOpenCollectionResumesAfterKill(t *testing.T) {
	chunks := corpustest.Chunks(1000)
	dir := filepath.Join(t.TempDir(), "index", "fixture-local-model")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs bytes.Buffer
	cfg := storeConfig{Dir: dir, Embedder: embedtest.New(), CorpusKey: "fixture", Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Progress: func(done, total int) {
			if done >= 600 {
				cancel() // the kill: nothing after this point is written
			}
		}}
	if _, err := openCollection(ctx, cfg, chunks); !errors.Is(err, context.Canceled) {
		t.Fatalf("open with a kill mid-embedding: err = %v, want context.Canceled", err)
	}
	if strings.Contains(logs.String(), "collection ready") {
		t.Errorf("a cancelled embedding logged the collection as ready:\n%s", logs.String())
	}
	partial := filepath.Join(dir, "fixture.chromem.partial")
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatalf("no checkpoint after the kill: %v", err)
	}
	f.Write([]byte{0x40, 0x00, 'a', 'b'}) // a record torn by the kill
	f.Close()

	e := embedtest.New()
	cfg.Embedder, cfg.Progress = e, nil
	coll, err := openCollection(context.Background(), cfg, chunks)
	if err != nil {
		t.Fatal(err)
	}
	checkCollection(t, coll, chunks, 1e-6)
	if n := e.Documents(); n > len(chunks)-512 {
		t.Errorf("restart embedded %d of %d chunks; want the %d+ checkpointed before the kill reused", n, len(chunks), 512)
	}
	if _, err := os.Stat(partial); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("checkpoint left after the collection was persisted: %v", err)
	}
	e.Reset()
	if _, err := openCollection(context.Background(), cfg, chunks); err != nil || e.Documents() != 0 {
		t.Errorf("third start: err %v, embedded %d; want everything from the persisted collection", err, e.Documents())
	}
}

// Temporary files of a write killed before its rename are removed at the next
// open once they are old enough not to belong to a writer still at work.
func TestOpenCollectionRemovesOrphanTemps(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ".fixture.chromem.vectors.tmp-111")
	fresh := filepath.Join(dir, ".fixture.chromem.json.tmp-222")
	for _, p := range []string{old, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * orphanAge)
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}
	cfg := storeConfig{Dir: dir, Embedder: embedtest.New(), CorpusKey: "fixture"}
	if _, err := openCollection(context.Background(), cfg, corpustest.Chunks(5)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("orphan temp file not removed: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a recent temp file (maybe another writer's) was removed: %v", err)
	}
}

// The persisted bytes depend only on the collection's content: two processes
// persisting the same chunks, even received in another order, write the same
// file, so neither sees the other's as changed. (chromem-go's gob export,
// used before, followed map order and differed from run to run.)
func TestOpenCollectionPersistsDeterministically(t *testing.T) {
	chunks := corpustest.Chunks(200)
	reversed := slices.Clone(chunks)
	slices.Reverse(reversed)
	var files [][]byte
	for _, cs := range [][]corpus.Chunk{chunks, chunks, reversed} {
		dir := t.TempDir()
		cfg := storeConfig{Dir: dir, Embedder: embedtest.New(), CorpusKey: "fixture"}
		if _, err := openCollection(context.Background(), cfg, cs); err != nil {
			t.Fatal(err)
		}
		for _, suffix := range []string{".vectors", ".json"} {
			data, err := os.ReadFile(filepath.Join(dir, "fixture.chromem"+suffix))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, data)
		}
	}
	for i := 2; i < len(files); i++ {
		if !bytes.Equal(files[i], files[i%2]) {
			t.Errorf("persisted file %d differs from the first run's (%d vs %d bytes)", i, len(files[i]), len(files[i%2]))
		}
	}
}

// A collection persisted by an older docseek (format 1, chromem-go's export)
// keeps its vectors: they are read once, rewritten in the current format, and
// the old file is removed.
func TestOpenCollectionReadsFormat1(t *testing.T) {
	chunks := corpustest.Chunks(50)
	dir := t.TempDir()
	e := embedtest.New()
	docs := make([]chromem.Document, len(chunks))
	for i, c := range chunks {
		docs[i] = chromem.Document{ID: c.ID, Content: c.Text, Metadata: chunkMetadata(c), Embedding: e.Vector(c.EmbedText())}
	}
	db := chromem.NewDB()
	coll, err := db.CreateCollection("fixture", nil, func(context.Context, string) ([]float32, error) {
		return nil, errors.New("embeds nothing")
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := coll.AddDocuments(context.Background(), docs, 2); err != nil {
		t.Fatal(err)
	}
	var export bytes.Buffer
	if err := db.ExportToWriter(&export, false, "", "fixture"); err != nil {
		t.Fatal(err)
	}
	legacy := filepath.Join(dir, "fixture.chromem.gob")
	if err := os.WriteFile(legacy, export.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(export.Bytes())
	side := storeManifest{Format: 1, Collection: "fixture", Model: e.ModelID(), Dimensions: e.Dimensions(), Count: len(chunks),
		Digest: "old", FileSHA256: hex.EncodeToString(sum[:]), FileSize: int64(export.Len())}
	data, _ := json.Marshal(side)
	if err := os.WriteFile(filepath.Join(dir, "fixture.chromem.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}

	cfg := storeConfig{Dir: dir, Embedder: e, CorpusKey: "fixture"}
	vecs, err := openCollection(context.Background(), cfg, chunks)
	if err != nil {
		t.Fatal(err)
	}
	checkCollection(t, vecs, chunks, 1e-6)
	if e.Documents() != 0 {
		t.Errorf("embedded %d chunks, want 0 (all from the format-1 file)", e.Documents())
	}
	if _, err := os.Stat(legacy); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("format-1 file left after the rewrite: %v", err)
	}
	if m := readSidecar(filepath.Join(dir, "fixture.chromem.json")); m == nil || m.Format != storeFormat {
		t.Errorf("sidecar after the rewrite = %+v, want format %d", m, storeFormat)
	}
	e.Reset()
	if _, err := openCollection(context.Background(), cfg, chunks); err != nil || e.Documents() != 0 {
		t.Errorf("next start: err %v, embedded %d; want everything from the rewritten file", err, e.Documents())
	}
}

// FuzzDecodeVectors: any bytes decode to an error or to documents of the
// asked dimensions, never a panic or an allocation beyond the input's size.
func FuzzDecodeVectors(f *testing.F) {
	docs := []document{
		{ID: "a", Metadata: map[string]string{"hash": "h1"}, Embedding: []float32{1, 2, 3}},
		{ID: "b", Metadata: map[string]string{"hash": "h2"}, Embedding: []float32{4, 5, 6}},
	}
	good, err := encodeVectors(docs, 3)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(vectorsMagic + "\x03\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeVectors(data, 3)
		if err != nil {
			return
		}
		for id, d := range got {
			if len(d.vector) != 3 {
				t.Fatalf("document %q: %d dimensions, want 3", id, len(d.vector))
			}
		}
		if again, err := decodeVectors(data, 3); err != nil || len(again) != len(got) {
			t.Fatalf("second decode differs: %v", err)
		}
	})
}
