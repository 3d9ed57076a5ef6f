package corpus

import (
	"errors"
	"strings"
	"testing"
)

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

func TestCheckTarget(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"sso/index", "sso/index", false},
		{" sso/index#get-started ", "sso/index#get-started", false},
		{"https://workos.com/docs/sso#x", "https://workos.com/docs/sso#x", false},
		{"/sso/index", "sso/index", false},
		{"../../etc/passwd", "", true},
		{"sso/../../secrets", "", true},
		{"sso/%2e%2e/%2E%2E/etc/passwd", "", true},
		{"https://workos.com/docs/../../etc", "", true},
		{"/etc/passwd", "", true},
		{"~/.ssh/id_rsa", "", true},
		{`C:\Windows\win.ini`, "", true},
		{"file:///etc/passwd", "", true},
		{"sso\x00index", "", true},
		{strings.Repeat("a", MaxTargetLen+1), "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := CheckTarget("target", tt.in)
		if err != nil && !errors.Is(err, ErrBadTarget) {
			t.Errorf("CheckTarget(%q) error %v does not match ErrBadTarget", tt.in, err)
		}
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("CheckTarget(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
