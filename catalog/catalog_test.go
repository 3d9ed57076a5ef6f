package catalog

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/embed"
	"github.com/docseek/docseek/embed/embedtest"
	"github.com/docseek/docseek/retrieval"
)

// newBagEmbedder is the test kit's embedder as the catalog tests use it: a
// hashed bag of whole words in 32 dimensions; hold (nil for none) keeps its
// EmbedDocuments waiting until closed.
func newBagEmbedder(hold <-chan struct{}) *embedtest.Embedder {
	return &embedtest.Embedder{Model: "test/bag", Dims: 32, WordsOnly: true, Hold: hold}
}

func TestConfigErrors(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		name string
		libs []LibraryConfig
		want string
	}{
		{"duplicate", []LibraryConfig{{Name: "guide", Dir: "testdata/guide"}, {Name: "guide", Dir: "testdata/notes"}}, `library "guide@local" is configured twice`},
		{"duplicate workos", []LibraryConfig{{Name: "workos"}, {Name: "workos", Version: "0.2.0"}}, `"workos@0.2.0" is configured twice`},
		{"bad characters", []LibraryConfig{{Name: "my docs", Dir: "testdata/guide"}}, `library name "my docs"`},
		{"leading dot", []LibraryConfig{{Name: ".hidden", Dir: "testdata/guide"}}, `library name ".hidden"`},
		{"bad version", []LibraryConfig{{Name: "guide", Dir: "testdata/guide", Version: "v 1"}}, `version "v 1"`},
		{"unknown workos version", []LibraryConfig{{Name: "workos", Version: "9.9.9"}}, `unknown WorkOS docs version "9.9.9" (known: 0.1.0, 0.2.0)`},
		{"missing folder", []LibraryConfig{{Name: "guide", Dir: "testdata/nope"}}, `folder "testdata/nope" does not exist`},
		{"file not folder", []LibraryConfig{{Name: "guide", Dir: "testdata/notes/rotate.mdx"}}, `is not a folder`},
		{"no folder", []LibraryConfig{{Name: "react"}}, `library "react": no folder given`},
		{"bad glob", []LibraryConfig{{Name: "guide", Dir: "testdata/guide", Exclude: []string{"[blog"}}}, `bad glob "[blog"`},
		{"bad base", []LibraryConfig{{Name: "guide", Dir: "testdata/guide", BaseURL: "example.com"}}, `must start with http://`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Config{DataDir: data, Libraries: tt.libs})
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("New: err = %v, want ErrConfig", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := New(Config{}); !errors.Is(err, ErrConfig) {
		t.Errorf("New without DataDir: err = %v, want ErrConfig", err)
	}
}

func TestDefaultIsWorkOS(t *testing.T) {
	c, err := New(Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	libs := c.Libraries()
	if len(libs) != 1 || libs[0].ID() != "workos@"+DefaultWorkOSVersion || libs[0].Config().BaseURL != "https://workos.com/docs" {
		t.Fatalf("default libraries = %+v, want workos@%s with the WorkOS base URL", libs[0].Config(), DefaultWorkOSVersion)
	}
}

func TestLibraryLookup(t *testing.T) {
	c, err := New(Config{DataDir: t.TempDir(), Libraries: []LibraryConfig{
		{Name: "workos", Version: "0.2.0"}, {Name: "workos", Version: "0.1.0"}, {Name: "guide", Dir: "testdata/guide", Version: "2"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, version, want, err string }{
		{"workos", "", "workos@0.2.0", ""},
		{"workos", "0.1.0", "workos@0.1.0", ""},
		{"workos@0.1.0", "", "workos@0.1.0", ""},
		{"Guide", "", "guide@2", ""},
		{"workos", "0.3.0", "", `"workos" has no version "0.3.0"; served versions: 0.2.0, 0.1.0`},
		{"react", "", "", `unknown library "react"; served libraries: workos@0.2.0, workos@0.1.0, guide@2`},
	} {
		l, err := c.Library(tt.name, tt.version)
		if tt.err != "" {
			if !errors.Is(err, ErrUnknownLibrary) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Library(%q, %q): err = %v, want %q", tt.name, tt.version, err, tt.err)
			}
			continue
		}
		if err != nil || l.ID() != tt.want {
			t.Errorf("Library(%q, %q) = %v, %v; want %s", tt.name, tt.version, l, err, tt.want)
		}
	}
}

func folderConfig(data string, e embed.Embedder) Config {
	return Config{
		DataDir: data,
		Libraries: []LibraryConfig{
			{Name: "guide", Dir: "testdata/guide", BaseURL: "https://guide.example/docs", Exclude: []string{"blog/**"}},
			{Name: "notes", Dir: "testdata/notes", Version: "1.0"},
		},
		Embedder: EmbedderConfig{Use: e},
	}
}

func TestLoadFoldersStoresVectors(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	e := newBagEmbedder(nil)
	c, err := Open(ctx, folderConfig(data, e))
	if err != nil {
		t.Fatal(err)
	}
	var got []Status
	for _, l := range c.Libraries() {
		st := l.Status()
		st.DocsDate = "" // the files' modification time
		got = append(got, st)
	}
	want := []Status{
		{Name: "guide", Version: "local", Source: "folder " + c.cfg.Libraries[0].Dir, BaseURL: "https://guide.example/docs", Pages: 2, Chunks: 2, State: "ready", Semantic: true, Model: "test/bag"},
		{Name: "notes", Version: "1.0", Source: "folder " + c.cfg.Libraries[1].Dir, Pages: 1, Chunks: 1, State: "ready", Semantic: true, Model: "test/bag"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if d := c.Libraries()[0].DocsDate(); len(d) != len("2006-01-02") {
		t.Errorf("docs date = %q, want YYYY-MM-DD", d)
	}
	embedded := e.Documents()
	if embedded == 0 {
		t.Fatal("nothing was embedded")
	}
	ix, semantic := c.Libraries()[0].Index()
	if !semantic {
		t.Fatal("guide is not semantic after Open")
	}
	rs, err := ix.Search(ctx, retrieval.Query{Text: "proxy address in the settings file before the first sync", K: 1})
	if err != nil || len(rs) != 1 || rs[0].Path != "start/install" {
		t.Fatalf("search = %+v, %v; want start/install", rs, err)
	}
	if _, err := ix.Fetch(ctx, "blog/release"); !errors.Is(err, retrieval.ErrNotFound) {
		t.Errorf("excluded page blog/release: err = %v, want not found", err)
	}

	// A restart reuses the stored vectors: nothing is embedded again.
	e2 := newBagEmbedder(nil)
	if _, err := Open(ctx, folderConfig(data, e2)); err != nil {
		t.Fatal(err)
	}
	if n := e2.Documents(); n != 0 {
		t.Errorf("restart embedded %d chunks, want 0 (stored vectors reused)", n)
	}
}

func TestKeywordAnswersWhileEmbedding(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gate := make(chan struct{})
	e := newBagEmbedder(gate)
	c, err := New(folderConfig(t.TempDir(), e))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var loadErr error
	go func() {
		defer wg.Done()
		loadErr = c.Load(ctx)
	}()
	guide := c.Libraries()[0]
	ix, err := guide.WaitKeyword(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, semantic := guide.Index(); semantic {
		t.Fatal("semantic before the embedder ran")
	}
	if st := guide.Status(); st.State != "keyword" || st.Semantic {
		t.Errorf("state while embedding = %q (semantic %v), want keyword", st.State, st.Semantic)
	}
	rs, err := ix.Search(ctx, retrieval.Query{Text: "proxy", Mode: retrieval.ModeLexical, K: 1})
	if err != nil || len(rs) == 0 {
		t.Errorf("keyword search while embedding = %v, %v", rs, err)
	}
	close(gate)
	wg.Wait()
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	if _, semantic := guide.Index(); !semantic {
		t.Error("not semantic after Load")
	}
}

func TestLoadFailureKeepsOthers(t *testing.T) {
	ctx := context.Background()
	cfg := folderConfig(t.TempDir(), newBagEmbedder(nil))
	cfg.Libraries[0].Include = []string{"nothing-matches/**"}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Load(ctx)
	notes := c.Libraries()[1]
	if _, semantic := notes.Index(); !semantic {
		t.Errorf("notes is not ready although only guide failed (load err %v)", err)
	}
	if st := c.Libraries()[0].Status(); err != nil && st.State == "ready" {
		t.Errorf("guide with no pages is %q, want failed or keyword; load err %v", st.State, err)
	}
}

func TestMergeRankedAcrossLibraries(t *testing.T) {
	r := func(lib string, order int, target, text string, vec, lex float64) Result {
		return Result{Result: retrieval.Result{Text: text, VectorScore: vec, LexScore: lex}, Library: lib, Target: target, order: order}
	}
	got := mergeRanked([]Result{
		r("a", 0, "a:x", "same words", 0, 3),
		r("a", 0, "a:y", "only in a", 0, 2),
		r("b", 1, "b:x", "same words", 0, 9), // a copy in another version, better by BM25
		r("b", 1, "b:z", "only in b", 0, 1),
	}, retrieval.ModeLexical, nil)
	var targets []string
	for _, x := range got {
		targets = append(targets, x.Target)
	}
	// By keywords alone: one global BM25 ranking b:x, a:x, a:y, b:z. The copy
	// of "same words" is kept once, at b:x's place, as the first library's a:x.
	if diff := cmp.Diff([]string{"a:x", "a:y", "b:z"}, targets); diff != "" {
		t.Errorf("merged order (-want +got):\n%s", diff)
	}
}

// With vectors, each library keeps its own order and is weighted by how
// well its best sections match: a library that matches the question weakly
// falls below every result of the one that matches it well; two libraries
// that match about equally interleave by their own scores.
func TestMergeRankedWeighsLibraries(t *testing.T) {
	r := func(lib string, order int, target string, score, vec float64) Result {
		return Result{Result: retrieval.Result{Text: target, Score: score, VectorScore: vec, LexScore: 1}, Library: lib, Target: target, order: order}
	}
	merge := func(rs ...Result) []string {
		var targets []string
		for _, x := range mergeRanked(rs, retrieval.ModeHybrid, libraryWeights(rs, retrieval.ModeHybrid)) {
			targets = append(targets, x.Target)
		}
		return targets
	}
	// b's first section has the best single cosine, but a's sections match
	// better as a whole (mean of the best five): a's three come first.
	weak := merge(
		r("a", 0, "a:1", 0.18, 0.70), r("a", 0, "a:2", 0.15, 0.68), r("a", 0, "a:3", 0.12, 0.66),
		r("b", 1, "b:1", 0.18, 0.72), r("b", 1, "b:2", 0.15, 0.30), r("b", 1, "b:3", 0.12, 0.25),
	)
	if diff := cmp.Diff([]string{"a:1", "a:2", "a:3", "b:1", "b:2", "b:3"}, weak); diff != "" {
		t.Errorf("a weakly matching library (-want +got):\n%s", diff)
	}
	even := merge(
		r("a", 0, "a:1", 0.18, 0.70), r("a", 0, "a:2", 0.10, 0.60),
		r("b", 1, "b:1", 0.17, 0.69), r("b", 1, "b:2", 0.16, 0.61),
	)
	if diff := cmp.Diff([]string{"a:1", "b:1", "b:2", "a:2"}, even); diff != "" {
		t.Errorf("two libraries matching equally (-want +got):\n%s", diff)
	}
}

// A first call that arrives while the docs are still parsing waits for them
// (a loaded machine can take longer than the brief semantic wait to parse),
// and the brief wait for vectors starts only once a keyword index exists.
func TestSearchWaitsForSlowParse(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gate := make(chan struct{})
	c, err := New(folderConfig(t.TempDir(), newBagEmbedder(gate)))
	if err != nil {
		t.Fatal(err)
	}
	guide := c.Libraries()[0]
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		time.Sleep(100 * time.Millisecond) // parsing starts after the call's semantic deadline
		_ = c.Load(ctx)
	}()
	go func() {
		defer wg.Done()
		if _, err := guide.WaitKeyword(ctx); err == nil {
			time.Sleep(100 * time.Millisecond)
		}
		close(gate) // vectors arrive soon after the keyword index
	}()
	ix, semantic, err := guide.waitBrief(ctx, retrieval.ModeHybrid, time.Now())
	if err != nil || ix == nil {
		t.Fatalf("waitBrief during parsing = %v, %v; want an index", ix, err)
	}
	if !semantic {
		t.Error("answered by keywords although vectors were ready 0.1 s after the keyword index")
	}
	wg.Wait()
}

// Two versions of one library hold the same section (same page and heading)
// with small edits: it is shown once, as the first configured version's copy,
// at the best place either copy reached; another library's section of the
// same path is a different section and stays.
func TestMergeRankedCollapsesVersionsOfASection(t *testing.T) {
	r := func(lib, version string, order int, path, anchor, text string, vec float64) Result {
		return Result{Result: retrieval.Result{Path: path, Anchor: anchor, Text: text, Score: vec, VectorScore: vec},
			Library: lib, Version: version, Target: lib + "@" + version + ":" + path + "#" + anchor, order: order}
	}
	rs := []Result{
		r("workos", "0.2.0", 0, "sso/index", "setup", "Set up SSO in three steps.", 0.60),
		r("workos", "0.2.0", 0, "sso/index", "test", "Test SSO.", 0.40),
		r("workos", "0.1.0", 1, "sso/index", "setup", "Set up SSO in four steps.", 0.90),
		r("other", "1.0", 2, "sso/index", "setup", "Another product's SSO set-up.", 0.50),
	}
	got := mergeRanked(rs, retrieval.ModeVector, libraryWeights(rs, retrieval.ModeVector))
	var targets []string
	for _, x := range got {
		targets = append(targets, x.Target)
	}
	want := []string{"workos@0.2.0:sso/index#setup", "other@1.0:sso/index#setup", "workos@0.2.0:sso/index#test"}
	if diff := cmp.Diff(want, targets); diff != "" {
		t.Errorf("merged order (-want +got):\n%s", diff)
	}
}

// A search that names no library searches each library at its default
// version (the first configured) and says which versions it left out; naming
// the library and version still searches the other one.
func TestSearchAllUsesDefaultVersions(t *testing.T) {
	ctx := context.Background()
	cfg := folderConfig(t.TempDir(), newBagEmbedder(nil))
	cfg.Libraries = append(cfg.Libraries, LibraryConfig{Name: "Guide", Dir: "testdata/guide", Version: "old"})
	c, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ans, err := c.Search(ctx, Query{Query: retrieval.Query{Text: "proxy address in the settings file", Mode: retrieval.ModeLexical}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"guide@local", "notes@1.0"}, ans.Searched); diff != "" {
		t.Errorf("searched (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Guide@old"}, ans.NotSearched); diff != "" {
		t.Errorf("not searched (-want +got):\n%s", diff)
	}
	for _, r := range ans.Results {
		if r.Version == "old" {
			t.Errorf("result %s from the version that was not searched", r.Target)
		}
	}
	ans, err = c.Search(ctx, Query{Query: retrieval.Query{Text: "proxy address in the settings file", Mode: retrieval.ModeLexical}, Library: "guide", Version: "old"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Results) == 0 || ans.Results[0].Version != "old" || len(ans.NotSearched) != 0 {
		t.Errorf("guide@old: searched %v, not searched %v, results %d", ans.Searched, ans.NotSearched, len(ans.Results))
	}
}

func TestLoadPrimary(t *testing.T) {
	for _, tt := range []struct {
		name        string
		lexicalOnly bool
		semantic    bool
	}{
		{"with vectors", false, true},
		{"keywords only", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := folderConfig(t.TempDir(), newBagEmbedder(nil))
			cfg.LexicalOnly = tt.lexicalOnly
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			var keyword, full *retrieval.Index
			var readyErr error
			readies := 0
			c.LoadPrimary(context.Background(), func(ix *retrieval.Index) { keyword = ix }, func(ix *retrieval.Index, err error) {
				full, readyErr = ix, err
				readies++
			})
			if keyword == nil || keyword.Corpus().Name != "guide" {
				t.Errorf("keyword index = %v, want the first library's (no WorkOS served)", keyword)
			}
			if readies != 1 || (full != nil) != tt.semantic || (readyErr != nil) == tt.semantic {
				t.Errorf("ready called %d times with %v, %v; want once, semantic %v", readies, full, readyErr, tt.semantic)
			}
			if readyErr != nil && !strings.Contains(readyErr.Error(), "library guide") {
				t.Errorf("ready's error %q does not name the library", readyErr)
			}
		})
	}
}

// Libraries whose best sections match a question within libraryClose of
// the best library's are named, best first; one that trails further, or a
// search without vector scores, names none.
func TestCloseLibraries(t *testing.T) {
	ids := []string{"a@1", "b@1", "c@1"}
	lib := func(order int, cosines ...float64) []Result {
		var rs []Result
		for _, c := range cosines {
			rs = append(rs, Result{Result: retrieval.Result{VectorScore: c}, order: order})
		}
		return rs
	}
	for _, tt := range []struct {
		name string
		mode retrieval.Mode
		libs [][]Result
		want []string
	}{
		{"one library clearly best", retrieval.ModeHybrid, [][]Result{lib(0, 0.7, 0.6), lib(1, 0.5, 0.4)}, nil},
		{"two alike, the second first", retrieval.ModeHybrid, [][]Result{lib(0, 0.6, 0.5), lib(1, 0.65, 0.55)}, []string{"b@1", "a@1"}},
		{"gap of exactly libraryClose", retrieval.ModeVector, [][]Result{lib(0, 0.6), lib(1, 0.5)}, []string{"a@1", "b@1"}},
		{"just past libraryClose", retrieval.ModeVector, [][]Result{lib(0, 0.6), lib(1, 0.49)}, nil},
		{"equal: configuration order", retrieval.ModeHybrid, [][]Result{lib(0, 0.5), lib(1, 0.5), lib(2, 0.2)}, []string{"a@1", "b@1"}},
		{"three alike", retrieval.ModeHybrid, [][]Result{lib(0, 0.5), lib(1, 0.52), lib(2, 0.45)}, []string{"b@1", "a@1", "c@1"}},
		{"a library without vector scores", retrieval.ModeHybrid, [][]Result{lib(0, 0.5), lib(1, 0)}, nil},
		{"keywords only", retrieval.ModeLexical, [][]Result{lib(0, 0.5), lib(1, 0.5)}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var all []Result
			for _, l := range tt.libs {
				all = append(all, l...)
			}
			got := closeLibraries(libraryWeights(all, tt.mode), ids[:len(tt.libs)])
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("close libraries (-want +got):\n%s", diff)
			}
			ans := Answer{Close: got}
			if hint := ans.Hint(); (hint != "") != (len(tt.want) > 1) || !strings.Contains(hint, strings.Join(tt.want, ", ")) {
				t.Errorf("hint %q for close libraries %v", hint, got)
			}
		})
	}
}

// A search over every library names the libraries that match about equally
// and hints at library; a question one library clearly answers, or a search
// of one library, names none.
func TestSearchNamesLibrariesThatMatchAlike(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, folderConfig(t.TempDir(), newBagEmbedder(nil)))
	if err != nil {
		t.Fatal(err)
	}
	both := "configure the proxy, then rotate the signing key"
	for _, tt := range []struct {
		text, library string
		mode          retrieval.Mode
		want          []string
	}{
		{"rotate the signing key", "", retrieval.ModeHybrid, nil},
		{both, "", retrieval.ModeHybrid, []string{"notes@1.0", "guide@local"}},
		{both, "", retrieval.ModeVector, []string{"notes@1.0", "guide@local"}},
		{both, "notes", retrieval.ModeHybrid, nil},
		{both, "", retrieval.ModeLexical, nil},
	} {
		ans, err := c.Search(ctx, Query{Query: retrieval.Query{Text: tt.text, Mode: tt.mode}, Library: tt.library})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, ans.Close); diff != "" {
			t.Errorf("%q in %q (%s): close libraries (-want +got):\n%s", tt.text, tt.library, tt.mode, diff)
		}
		if hint := ans.Hint(); (hint != "") != (tt.want != nil) || (tt.want != nil && !strings.Contains(hint, "library")) {
			t.Errorf("%q in %q (%s): hint %q", tt.text, tt.library, tt.mode, hint)
		}
	}
}
