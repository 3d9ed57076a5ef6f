package embed

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docseek/docseek/embed/bert/berttest"
)

// float16Model converts the fetched model (copied to a temp dir) to float16
// in another temp dir and returns both folders.
func float16Model(t *testing.T) (src, dst string) {
	t.Helper()
	src = copyModel(t, false)
	dst = filepath.Join(t.TempDir(), "f16")
	if _, err := Float16Model(context.Background(), src, dst); err != nil {
		t.Fatal(err)
	}
	return src, dst
}

// The float16 copy loads, passes the start-up self-test, keeps the float32
// weights' hash as its identity, is about half the size, and embeds like the
// float32 model.
func TestFloat16Model(t *testing.T) {
	_, dst := float16Model(t)
	l32 := localModel(t)
	l16, err := NewLocal(dst)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l16.WeightsSHA256(), l32.WeightsSHA256(); got != want {
		t.Errorf("WeightsSHA256() = %s, want the float32 weights' %s", got, want)
	}
	mi := l16.Info()
	if mi.Float16Of == nil || mi.Float16Of.SHA256 != l32.WeightsSHA256() {
		t.Fatalf("marker float16_of = %+v", mi.Float16Of)
	}
	for _, f := range mi.Files {
		if f.Name == weightsFile && (f.Size > mi.Float16Of.Size/2+64<<10 || f.SHA256 == mi.Float16Of.SHA256) {
			t.Errorf("float16 weights: %d bytes, sha256 %s; float32: %d bytes", f.Size, f.SHA256, mi.Float16Of.Size)
		}
	}
	if _, err := VerifyModel(context.Background(), dst); err != nil {
		t.Errorf("verify the float16 folder: %v", err)
	}
	for _, q := range []string{"How do I verify webhook signatures?", "SSO with SAML and Okta", "list directory users"} {
		a, err := l32.EmbedQuery(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := l16.EmbedQuery(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if c := berttest.Cosine(a, b); c < 0.9999 {
			t.Errorf("%q: cosine float16 vs float32 = %.6f, want >= 0.9999", q, c)
		}
	}
	if _, err := Float16Model(context.Background(), dst, filepath.Join(t.TempDir(), "again")); err == nil || !strings.Contains(err.Error(), "already holds float16") {
		t.Errorf("converting a float16 folder again: err = %v", err)
	}
	if _, err := Float16Model(context.Background(), dst, dst); err == nil {
		t.Error("converting into an existing folder: no error")
	}
}

// Damage to the float16 weights that keeps their size is refused at start
// (their sha256 is checked), whether or not it would pass the self-test.
func TestFloat16ModelDamageRefused(t *testing.T) {
	_, dst := float16Model(t)
	path := filepath.Join(dst, weightsFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-2] ^= 0x01 // the last half of the last tensor, one mantissa bit
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = NewLocal(dst)
	if !errors.Is(err, ErrModelMissing) || !strings.Contains(err.Error(), "sha256") {
		t.Errorf("NewLocal on damaged float16 weights: err = %v, want a sha256 mismatch (ErrModelMissing)", err)
	}
	if err := os.WriteFile(path, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewLocal(dst); !errors.Is(err, ErrModelMissing) {
		t.Errorf("NewLocal on truncated float16 weights: err = %v, want ErrModelMissing", err)
	}
}
