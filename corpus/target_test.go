package corpus

import "testing"

func TestTargetAndSectionURL(t *testing.T) {
	tests := []struct {
		path, anchor, pageURL string
		target, url           string
	}{
		{"sso/index", "", "https://d.example/sso", "sso/index", "https://d.example/sso"},
		{"sso/index", "get-started", "https://d.example/sso", "sso/index#get-started", "https://d.example/sso#get-started"},
		{"local", "x", "", "local#x", ""},
	}
	for _, tt := range tests {
		if got := Target(tt.path, tt.anchor); got != tt.target {
			t.Errorf("Target(%q, %q) = %q, want %q", tt.path, tt.anchor, got, tt.target)
		}
		if got := SectionURL(tt.pageURL, tt.anchor); got != tt.url {
			t.Errorf("SectionURL(%q, %q) = %q, want %q", tt.pageURL, tt.anchor, got, tt.url)
		}
	}
}
