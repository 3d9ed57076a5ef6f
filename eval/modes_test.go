package eval

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/docseek/docseek/retrieval"
)

func TestParseModes(t *testing.T) {
	tests := []struct {
		list string
		want []retrieval.Mode
		err  string
	}{
		{"hybrid", []retrieval.Mode{retrieval.ModeHybrid}, ""},
		{" grep, lexical ,", []retrieval.Mode{retrieval.ModeGrep, retrieval.ModeLexical}, ""},
		{"hybrid,fuzzy", nil, `unknown mode "fuzzy"`},
		{"grep,grep", nil, `mode "grep" listed twice`},
		{" , ", nil, "no mode given"},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			got, err := ParseModes(tt.list)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseModes (-want +got):\n%s", diff)
			}
		})
	}
}
