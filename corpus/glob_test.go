package corpus

import (
	"strings"
	"testing"
)

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		name, pattern, path string
		want                bool
	}{
		{"double star folder", "blog/**", "blog/2024/post.md", true},
		{"double star folder itself", "blog/**", "blog/post.md", true},
		{"double star other folder", "blog/**", "guide/blog.md", false},
		{"leading double star", "**/*.md", "a/b/c.md", true},
		{"leading double star root", "**/*.md", "c.md", true},
		{"leading double star ext", "**/*.md", "a/c.mdx", false},
		{"base name anywhere", "*.mdx", "a/b/c.mdx", true},
		{"middle double star", "docs/**/api.md", "docs/x/y/api.md", true},
		{"middle double star zero", "docs/**/api.md", "docs/api.md", true},
		{"plain segment", "guide/*.md", "guide/a.md", true},
		{"plain segment deeper", "guide/*.md", "guide/x/a.md", false},
		{"translations", "[a-z][a-z]/**", "zh/guide/index.md", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := matchGlob(tt.pattern, tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
			}
		})
	}
	if _, err := matchGlob("[", "a"); err == nil {
		t.Error("matchGlob(\"[\") gave no error")
	}
}

func TestFileFilter(t *testing.T) {
	f := fileFilter{include: []string{"guide/**", "*.md"}, exclude: []string{"guide/old/**"}}
	for path, want := range map[string]bool{
		"guide/a.mdx":     true,
		"guide/old/b.md":  false,
		"blog/post.md":    true,
		"blog/post.mdx":   false,
		"guide/x/y/z.mdx": true,
	} {
		if got := f.keep(path); got != want {
			t.Errorf("keep(%q) = %v, want %v", path, got, want)
		}
	}
	if err := (fileFilter{exclude: []string{"a/[b"}}).check(); err == nil {
		t.Error("check accepted a bad glob")
	}
}

// FuzzMatchGlob checks matchGlob never panics, that "**" matches every
// path, and that a path always matches itself when it has no glob syntax.
func FuzzMatchGlob(f *testing.F) {
	for _, s := range [][2]string{{"blog/**", "blog/a.md"}, {"**/*.md", "a/b.md"}, {"[a-z]/**", "zh/x.md"}, {"a/**/b/**", "a/x/b/y"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		_, _ = matchGlob(pattern, name)
		if ok, err := matchGlob("**", name); err != nil || !ok {
			t.Errorf("matchGlob(\"**\", %q) = %v, %v", name, ok, err)
		}
		clean := name != "" && !strings.HasPrefix(name, "/") && !strings.HasSuffix(name, "/") && !strings.Contains(name, "//")
		if clean && !strings.ContainsAny(name, `*?[]\`) {
			if ok, err := matchGlob(name, name); err != nil || !ok {
				t.Errorf("matchGlob(%q, itself) = %v, %v", name, ok, err)
			}
		}
	})
}
