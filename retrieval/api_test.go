package retrieval

import "testing"

func TestModes(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    Mode
		vectors bool
		err     bool
	}{
		{"", ModeHybrid, true, false},
		{"hybrid", ModeHybrid, true, false},
		{"vector", ModeVector, true, false},
		{"lexical", ModeLexical, false, false},
		{"grep", ModeGrep, false, false},
		{"semantic", "", false, true},
	} {
		m, err := ParseMode(tt.in)
		if m != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseMode(%q) = %q, %v; want %q, error %v", tt.in, m, err, tt.want, tt.err)
		}
		if err == nil && m.UsesVectors() != tt.vectors {
			t.Errorf("%q.UsesVectors() = %v, want %v", m, m.UsesVectors(), tt.vectors)
		}
	}
	if !Mode("").UsesVectors() {
		t.Error(`Mode("") (hybrid) does not use vectors`)
	}
}
