package embed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/docseek/docseek/embed/bert"
)

// Float16Model writes into dst (which must not exist) a copy of the fetched
// model folder src with its weights converted to float16: half the size,
// and vectors within a cosine of 0.9999 of the float32 model's. make dist
// ships such a folder.
//
// The float32 weights stay the model's identity: the marker keeps their
// size and sha256 (ModelInfo.Float16Of), which WeightsSHA256 reports, so
// bundles and the start-up self-test built for the float32 model accept the
// copy; the marker's file list gives the float16 file's own size and sha256,
// which NewLocal checks at start. src is fully verified first. The output
// depends only on src, so two dist builds write the same bytes.
func Float16Model(ctx context.Context, src, dst string) (ModelInfo, error) {
	mi, err := VerifyModel(ctx, src)
	if err != nil {
		return ModelInfo{}, err
	}
	if mi.Float16Of != nil {
		return ModelInfo{}, fmt.Errorf("model folder %q already holds float16 weights", src)
	}
	if _, err := os.Lstat(dst); !errors.Is(err, os.ErrNotExist) {
		return ModelInfo{}, fmt.Errorf("float16 model: %q already exists", dst)
	}
	out, err := writeFloat16(src, dst, mi)
	if err != nil {
		os.RemoveAll(dst)
		return ModelInfo{}, fmt.Errorf("float16 model %q: %w", dst, err)
	}
	return out, nil
}

func writeFloat16(src, dst string, mi ModelInfo) (ModelInfo, error) {
	out := mi
	out.Dir = dst
	out.Files = make([]FileInfo, 0, len(mi.Files))
	for _, f := range mi.Files {
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(f.Name)))
		if err != nil {
			return ModelInfo{}, err
		}
		if f.Name == weightsFile {
			orig := f
			out.Float16Of = &orig
			if b, err = bert.Float16Safetensors(b); err != nil {
				return ModelInfo{}, err
			}
			sum := sha256.Sum256(b)
			f = FileInfo{Name: f.Name, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
		}
		path := filepath.Join(dst, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return ModelInfo{}, err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return ModelInfo{}, err
		}
		out.Files = append(out.Files, f)
	}
	if out.Float16Of == nil {
		return ModelInfo{}, fmt.Errorf("the marker of %q lists no %s", src, weightsFile)
	}
	return out, writeMarker(dst, out) // last: the folder is complete
}
