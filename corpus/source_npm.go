package corpus

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// NPMPackage is the npm package the WorkOS docs come from.
const NPMPackage = "@workos/mcp-docs-server"

// DefaultNPMVersion is the package version synced when none is given.
const DefaultNPMVersion = "0.2.0"

// npmIntegrity pins the sha512 of every supported package version's tarball.
var npmIntegrity = map[string]string{
	"0.1.0": "sha512-twqheKQN8lmhzAqPcE3a6cJbWpdaH7O5rjnAGbppBQM1+frXWc/xcRZmljG1Oa6P/MSpeKDa5wHvI6VEWPaIoA==",
	"0.2.0": "sha512-0Mf5MzFK7Wr80wnXU4CuCG8QvCjL8hJDk6+JzyVAhyoU7fQ9hQMN2yASFz5cONIeeBNsm/UAiZ/VsXO0axs62w==",
}

// SupportedVersions lists the package versions SyncNPM accepts, oldest first.
func SupportedVersions() []string {
	v := make([]string, 0, len(npmIntegrity))
	for k := range npmIntegrity {
		v = append(v, k)
	}
	sort.Strings(v)
	return v
}

// Integrity returns the pinned npm integrity of a supported version.
func Integrity(version string) (string, bool) {
	i, ok := npmIntegrity[version]
	return i, ok
}

// NPMConfig configures SyncNPM.
type NPMConfig struct {
	// DataDir is the data directory; the docs land in
	// DataDir/corpus/workos/<Version>/. Required.
	DataDir string
	// Version of the package; default DefaultNPMVersion.
	Version string
	// NPM is the npm binary; default "npm".
	NPM string
	// Logger receives progress messages; default: discard.
	Logger *slog.Logger
}

// markerFile is written last into a synced version's directory; it holds the
// tarball's integrity and marks the extraction complete.
const markerFile = ".docseek-integrity"

// Archive limits: a real package is ~10 MB unpacked.
const (
	maxEntryBytes   = 32 << 20
	maxArchiveBytes = 512 << 20
)

// CorpusDir returns DataDir/corpus/workos/<version>, where SyncNPM puts a version.
func CorpusDir(dataDir, version string) string {
	return filepath.Join(dataDir, "corpus", "workos", version)
}

// Synced reports whether a version is already extracted and verified in dataDir.
func Synced(dataDir, version string) bool {
	want, ok := npmIntegrity[version]
	return ok && markerOK(CorpusDir(dataDir, version), want)
}

// SyncNPM makes sure the docs of a package version are in the data dir and
// returns their directory (for Load). When the directory is present and its
// integrity marker matches, it does nothing else. Otherwise it runs
// `npm pack`, checks the tarball against the pinned sha512, extracts only
// .docs/organized/docs/** and .docs/organized/changelogs/*.json into a
// temporary directory and renames it into place; on any error nothing is
// left behind.
func SyncNPM(ctx context.Context, cfg NPMConfig) (dir string, err error) {
	if cfg.Version == "" {
		cfg.Version = DefaultNPMVersion
	}
	if cfg.NPM == "" {
		cfg.NPM = "npm"
	}
	want, ok := npmIntegrity[cfg.Version]
	if !ok {
		return "", fmt.Errorf("unsupported corpus version %q (supported: %s)", cfg.Version, strings.Join(SupportedVersions(), ", "))
	}
	fetch := func(ctx context.Context, destDir string) (string, error) {
		return npmPack(ctx, cfg.NPM, NPMPackage+"@"+cfg.Version, destDir)
	}
	return syncTarball(ctx, cfg, want, fetch)
}

// syncLockFile, in the data dir, serializes corpus installs across processes.
const syncLockFile = ".corpus-sync.lock"

// fetchFunc downloads a package tarball into destDir and returns its path.
type fetchFunc func(ctx context.Context, destDir string) (string, error)

// syncTarball is SyncNPM with the integrity and the download injected.
func syncTarball(ctx context.Context, cfg NPMConfig, want string, fetch fetchFunc) (string, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.DataDir == "" {
		return "", errors.New("sync corpus: no data dir")
	}
	final := CorpusDir(cfg.DataDir, cfg.Version)
	if markerOK(final, want) {
		log.Debug("corpus present", "dir", final)
		return final, nil
	}
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("sync corpus: %w", err)
	}
	// One install at a time per data dir: two agents starting docseek
	// together used to delete the copy the other had just installed.
	unlock, err := lockFile(ctx, filepath.Join(cfg.DataDir, syncLockFile))
	if err != nil {
		return "", fmt.Errorf("sync corpus: %w", err)
	}
	defer unlock()
	if markerOK(final, want) { // installed by another process while we waited
		log.Debug("corpus present", "dir", final)
		return final, nil
	}
	packDir, err := os.MkdirTemp(parent, ".pack-")
	if err != nil {
		return "", fmt.Errorf("sync corpus: %w", err)
	}
	defer os.RemoveAll(packDir)
	log.Info("fetching docs", "package", NPMPackage, "version", cfg.Version)
	tarball, err := fetch(ctx, packDir)
	if err != nil {
		return "", fmt.Errorf("sync corpus %s: %w", cfg.Version, err)
	}
	data, err := os.ReadFile(tarball)
	if err != nil {
		return "", fmt.Errorf("sync corpus %s: %w", cfg.Version, err)
	}
	if got := integrityOf(data); got != want {
		return "", fmt.Errorf("sync corpus %s: tarball integrity mismatch: got %s, want %s", cfg.Version, got, want)
	}
	tmp, err := os.MkdirTemp(parent, ".extract-")
	if err != nil {
		return "", fmt.Errorf("sync corpus: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	n, err := extractDocs(ctx, bytes.NewReader(data), tmp)
	if err != nil {
		return "", fmt.Errorf("sync corpus %s: %w", cfg.Version, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp made it 0700
		return "", fmt.Errorf("sync corpus %s: %w", cfg.Version, err)
	}
	if err := writeFileSync(filepath.Join(tmp, markerFile), []byte(want+"\n")); err != nil {
		return "", fmt.Errorf("sync corpus %s: %w", cfg.Version, err)
	}
	// A stale or half-written directory (no valid marker) is ours to
	// replace: move it aside first (one rename), so the final name never
	// points at a half-deleted tree.
	if _, err := os.Stat(final); err == nil {
		trash, err := os.MkdirTemp(parent, ".stale-")
		if err != nil {
			return "", fmt.Errorf("sync corpus: %w", err)
		}
		defer os.RemoveAll(trash)
		if err := os.Rename(final, filepath.Join(trash, "old")); err != nil {
			return "", fmt.Errorf("sync corpus %s: move stale %q aside: %w", cfg.Version, final, err)
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		if markerOK(final, want) { // another process won the race
			return final, nil
		}
		return "", fmt.Errorf("sync corpus %s: %w", cfg.Version, err)
	}
	log.Info("docs ready", "dir", final, "files", n)
	return final, nil
}

// npmPack runs `npm pack spec --json --pack-destination dir` and returns the
// tarball's path.
func npmPack(ctx context.Context, npm, spec, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, npm, "pack", spec, "--json", "--pack-destination", dir)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 500 {
			msg = msg[len(msg)-500:]
		}
		return "", fmt.Errorf("%s pack %s: %w: %s", npm, spec, err, msg)
	}
	var out []struct {
		Filename string `json:"filename"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil || len(out) == 0 || out[0].Filename == "" {
		return "", fmt.Errorf("%s pack %s: unexpected output %q", npm, spec, truncate(stdout.String(), 200))
	}
	name := filepath.Base(out[0].Filename) // npm reports a bare file name
	return filepath.Join(dir, name), nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// integrityOf returns the npm-style sha512 integrity of data.
func integrityOf(data []byte) string {
	sum := sha512.Sum512(data)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// markerOK reports whether dir holds a completed extraction of want.
func markerOK(dir, want string) bool {
	b, err := os.ReadFile(filepath.Join(dir, markerFile))
	return err == nil && strings.TrimSpace(string(b)) == want
}

// Archive prefixes extracted from the package, and where they go.
const (
	docsPrefix      = "package/.docs/organized/docs/"
	changelogPrefix = "package/.docs/organized/changelogs/"
)

// extractDocs extracts the docs and changelogs of an npm tarball (gzip'd tar)
// into dest: docs/** and changelogs/*.json. It rejects entries that would
// escape dest (absolute paths, "..", links) and oversized archives. It
// returns how many files it wrote.
func extractDocs(ctx context.Context, r io.Reader, dest string) (int, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return 0, fmt.Errorf("read tarball: %w", err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	files, total := 0, int64(0)
	for {
		if err := ctx.Err(); err != nil {
			return files, err
		}
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return files, fmt.Errorf("read tarball: %w", err)
		}
		name, err := safeEntryName(h.Name)
		if err != nil {
			return files, err
		}
		rel, ok := selectEntry(name)
		if !ok {
			continue
		}
		switch h.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
		default:
			return files, fmt.Errorf("archive entry %q: type %q not allowed (links and devices are rejected)", h.Name, string(h.Typeflag))
		}
		if h.Size > maxEntryBytes || total+h.Size > maxArchiveBytes {
			return files, fmt.Errorf("archive entry %q: too large (%d bytes)", h.Name, h.Size)
		}
		total += h.Size
		target := filepath.Join(dest, filepath.FromSlash(rel))
		if !within(dest, target) {
			return files, fmt.Errorf("archive entry %q escapes the target directory", h.Name)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return files, err
		}
		if err := writeEntry(target, tr, h.Size); err != nil {
			return files, fmt.Errorf("extract %q: %w", h.Name, err)
		}
		files++
	}
	if files == 0 {
		return 0, errors.New("tarball holds no docs under package/.docs/organized/docs")
	}
	return files, nil
}

// safeEntryName rejects absolute names and any ".." element.
func safeEntryName(name string) (string, error) {
	n := strings.ReplaceAll(name, "\\", "/")
	if n == "" || strings.HasPrefix(n, "/") || (len(n) > 1 && n[1] == ':') {
		return "", fmt.Errorf("archive entry %q: absolute path rejected", name)
	}
	for _, seg := range strings.Split(n, "/") {
		if seg == ".." {
			return "", fmt.Errorf("archive entry %q: \"..\" would escape the target directory", name)
		}
	}
	if strings.ContainsRune(n, 0) {
		return "", fmt.Errorf("archive entry %q: NUL in name", name)
	}
	return path.Clean(n), nil
}

// selectEntry maps an archive name to its place under dest, reporting false
// for entries we do not extract.
func selectEntry(name string) (string, bool) {
	switch {
	case strings.HasPrefix(name, docsPrefix):
		rel := strings.TrimPrefix(name, docsPrefix)
		return "docs/" + rel, rel != ""
	case strings.HasPrefix(name, changelogPrefix):
		rel := strings.TrimPrefix(name, changelogPrefix)
		if rel == "" || strings.Contains(rel, "/") || !strings.HasSuffix(rel, ".json") {
			return "", false
		}
		return "changelogs/" + rel, true
	}
	return "", false
}

// within reports whether target is inside dir.
func within(dir, target string) bool {
	rel, err := filepath.Rel(dir, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func writeEntry(target string, r io.Reader, size int64) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(f, r, size); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeFileSync writes, syncs and closes a file, checking every error.
func writeFileSync(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
