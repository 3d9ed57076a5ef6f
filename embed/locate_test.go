package embed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeModel writes a complete model folder named name under parent
// (parent/name) with a marker, and returns it.
func fakeModel(t *testing.T, parent, name string) string {
	t.Helper()
	dir := filepath.Join(parent, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	weights := []byte("weights")
	if err := os.WriteFile(filepath.Join(dir, weightsFile), weights, 0o644); err != nil {
		t.Fatal(err)
	}
	mi := ModelInfo{Model: name, ID: "test/" + name, Files: []FileInfo{{Name: weightsFile, Size: int64(len(weights)), SHA256: sha(weights)}}}
	if err := writeMarker(dir, mi); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFindModel(t *testing.T) {
	const name = "fake"
	root := t.TempDir()
	good := fakeModel(t, filepath.Join(root, "given"), name)
	other := fakeModel(t, filepath.Join(root, "other"), "another")
	data := filepath.Join(root, "data")
	inData := fakeModel(t, filepath.Join(data, "models"), name)
	bin := filepath.Join(root, "bin")
	inBin := fakeModel(t, filepath.Join(bin, "models"), name)
	broken := filepath.Join(root, "broken")
	brokenModel := fakeModel(t, filepath.Join(broken, "models"), name)
	if err := os.Truncate(filepath.Join(brokenModel, weightsFile), 3); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()

	tests := []struct {
		name    string
		search  ModelSearch
		want    ModelLocation
		wantErr string // substring; "" = no error
	}{
		{"flag first", ModelSearch{Name: name, Flag: good, Env: inData, BinaryDir: bin, DataDir: data}, ModelLocation{good, FromFlag, true}, ""},
		{"env before the binary", ModelSearch{Name: name, Env: good, BinaryDir: bin, DataDir: data}, ModelLocation{good, FromEnv, true}, ""},
		{"next to the binary before the data dir", ModelSearch{Name: name, BinaryDir: bin, DataDir: data}, ModelLocation{inBin, FromBinary, true}, ""},
		{"data dir", ModelSearch{Name: name, BinaryDir: empty, DataDir: data}, ModelLocation{inData, FromDataDir, true}, ""},
		{"data dir, absent", ModelSearch{Name: name, DataDir: empty}, ModelLocation{filepath.Join(empty, "models", name), FromDataDir, false}, ""},
		{"missing flag folder is an error, not skipped", ModelSearch{Name: name, Flag: filepath.Join(root, "nope"), DataDir: data}, ModelLocation{}, "does not exist"},
		{"missing env folder is an error", ModelSearch{Name: name, Env: empty, DataDir: data}, ModelLocation{}, "given by environment is unusable (fix or reinstall it"},
		{"another model in the flag folder", ModelSearch{Name: name, Flag: other, DataDir: data}, ModelLocation{}, `holds "another"`},
		{"truncated model next to the binary", ModelSearch{Name: name, BinaryDir: broken, DataDir: data}, ModelLocation{}, "reinstall"},
		{"nowhere to look", ModelSearch{Name: name}, ModelLocation{}, "no data dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindModel(tt.search)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("FindModel = %+v, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("FindModel = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFindModelBrokenIsModelMissing(t *testing.T) {
	bin := t.TempDir()
	dir := fakeModel(t, filepath.Join(bin, "models"), DefaultModel)
	if err := os.Remove(filepath.Join(dir, weightsFile)); err != nil {
		t.Fatal(err)
	}
	_, err := FindModel(ModelSearch{BinaryDir: bin, DataDir: t.TempDir()})
	if !errors.Is(err, ErrModelMissing) || !strings.Contains(err.Error(), weightsFile) {
		t.Errorf("err = %v, want ErrModelMissing naming %s", err, weightsFile)
	}
	// An installed model is reinstalled, not fetched into a data dir.
	if strings.Contains(err.Error(), "model fetch") {
		t.Errorf("err = %v, want no fetch advice for an installed model", err)
	}
}
