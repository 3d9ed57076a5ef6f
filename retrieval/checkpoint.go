package retrieval

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A checkpoint keeps the vectors embedded live so far, so that a kill or a
// restart in the middle of a first, long embedding loses at most one slice of
// work. It sits beside the persisted collection (<collection>.chromem.partial)
// and is an append-only run of records:
//
//	uint16 hash length | hash | uint32 dimensions | dimensions x float32 | uint32 CRC-32 of all before
//
// all little-endian. A reader keeps the records up to the first torn or
// damaged one, so a kill in the middle of an append costs only that record.
// The checkpoint is removed once the whole collection is persisted.

// checkpointSlice is how many chunks are embedded between two checkpoint
// appends: small enough that a kill loses little, large enough that the
// embedder's batches stay full.
const checkpointSlice = 128

// maxCheckpointDims bounds the dimensions a record may claim, so that a
// damaged length cannot make the reader allocate without limit.
const maxCheckpointDims = 1 << 16

// readCheckpoint returns the vectors of the intact records of the checkpoint
// at path that have dims dimensions and finite values; a missing file is no
// vectors. It never fails: a damaged checkpoint is only lost work.
func readCheckpoint(path string, dims int) map[string][]float32 {
	out := map[string][]float32{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		h, v, err := readRecord(r)
		if err != nil {
			return out
		}
		if len(v) == dims && finiteVector(v) {
			out[h] = v
		}
	}
}

func readRecord(r io.Reader) (string, []float32, error) {
	crc := crc32.NewIEEE()
	tr := io.TeeReader(r, crc)
	var n uint16
	if err := binary.Read(tr, binary.LittleEndian, &n); err != nil {
		return "", nil, err
	}
	hash := make([]byte, n)
	if _, err := io.ReadFull(tr, hash); err != nil {
		return "", nil, err
	}
	var dims uint32
	if err := binary.Read(tr, binary.LittleEndian, &dims); err != nil {
		return "", nil, err
	}
	if dims > maxCheckpointDims {
		return "", nil, errors.New("checkpoint record: dimensions out of range")
	}
	raw := make([]byte, 4*int(dims))
	if _, err := io.ReadFull(tr, raw); err != nil {
		return "", nil, err
	}
	want := crc.Sum32()
	var got uint32
	if err := binary.Read(r, binary.LittleEndian, &got); err != nil {
		return "", nil, err
	}
	if got != want {
		return "", nil, errors.New("checkpoint record: checksum mismatch")
	}
	v := make([]float32, dims)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return string(hash), v, nil
}

// appendCheckpoint appends the vectors of hashes (in that order) to the
// checkpoint at path and syncs it.
func appendCheckpoint(path string, hashes []string, vectors map[string][]float32) error {
	var buf []byte
	for _, h := range hashes {
		v := vectors[h]
		if len(h) > math.MaxUint16 || len(v) > maxCheckpointDims {
			return fmt.Errorf("checkpoint %q: record for %q out of range", path, h)
		}
		start := len(buf)
		buf = binary.LittleEndian.AppendUint16(buf, uint16(len(h)))
		buf = append(buf, h...)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(v)))
		for _, x := range v {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
		}
		buf = binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf[start:]))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if _, err := f.Write(buf); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint %q: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint %q: %w", path, err)
	}
	return f.Close()
}

// orphanAge is how old a temporary file must be to be removed as an orphan;
// writing a collection takes seconds.
const orphanAge = 10 * time.Minute

// removeOrphanTemps deletes the temporary files that atomic writes of paths
// (all in one folder) left behind when the process was killed before their
// rename (".<name>.tmp-*"). Another process may be writing the same
// collection right now, so only files untouched for orphanAge are taken for
// orphans.
func removeOrphanTemps(paths ...string) {
	if len(paths) == 0 {
		return
	}
	dir := filepath.Dir(paths[0])
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !slices.ContainsFunc(paths, func(p string) bool {
			return strings.HasPrefix(e.Name(), "."+filepath.Base(p)+".tmp-")
		}) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > orphanAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
