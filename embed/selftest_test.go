package embed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/internal/realdata"
)

// copyModel copies the fetched model folder to a temp dir (the weights too
// when withWeights, else a symlink to them).
func copyModel(t *testing.T, withWeights bool) string {
	t.Helper()
	data := realdata.Find(t, "the model (docseek model fetch)", func(d string) bool {
		_, err := ReadModelInfo(ModelDir(d, DefaultModel))
		return err == nil
	})
	src := ModelDir(data, DefaultModel)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		if rel == weightsFile && !withWeights {
			return os.Symlink(p, out)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, in); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestNewLocalRejectsSameSizeDamage: damage that keeps every file's size
// (so the marker's size check passes) and that the weights check cannot see
// is caught at start: a config edit by the small files' hashes, a weights
// edit by the self-test. Both loaded silently and ranked nonsense before.
func TestNewLocalRejectsSameSizeDamage(t *testing.T) {
	t.Run("head count in config.json", func(t *testing.T) {
		dir := copyModel(t, false)
		p := filepath.Join(dir, "config.json")
		b, _ := os.ReadFile(p)
		nb := bytes.Replace(b, []byte(`"num_attention_heads": 12`), []byte(`"num_attention_heads": 24`), 1)
		if bytes.Equal(b, nb) {
			t.Fatal("config.json has no num_attention_heads of 12")
		}
		if err := os.WriteFile(p, nb, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := NewLocal(dir); err == nil || !strings.Contains(err.Error(), "config.json") {
			t.Errorf("NewLocal = %v, want an error naming config.json", err)
		}
	})
	t.Run("LayerNorm weights negated", func(t *testing.T) {
		dir := copyModel(t, true)
		p := filepath.Join(dir, weightsFile)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		n := binary.LittleEndian.Uint64(b)
		var header map[string]json.RawMessage
		if err := json.Unmarshal(b[8:8+n], &header); err != nil {
			t.Fatal(err)
		}
		var ti struct {
			DataOffsets []int64 `json:"data_offsets"`
		}
		if err := json.Unmarshal(header["encoder.layer.5.output.LayerNorm.weight"], &ti); err != nil || len(ti.DataOffsets) != 2 {
			t.Fatalf("no final LayerNorm weight in the header: %v", err)
		}
		for off := 8 + int64(n) + ti.DataOffsets[0]; off < 8+int64(n)+ti.DataOffsets[1]; off += 4 {
			v := math.Float32frombits(binary.LittleEndian.Uint32(b[off:]))
			binary.LittleEndian.PutUint32(b[off:], math.Float32bits(-v))
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := NewLocal(dir); err == nil || !strings.Contains(err.Error(), "self-test") {
			t.Errorf("NewLocal = %v, want a self-test failure", err)
		}
	})
	t.Run("undamaged copy loads", func(t *testing.T) {
		if _, err := NewLocal(copyModel(t, false)); err != nil {
			t.Errorf("NewLocal: %v", err)
		}
	})
}
