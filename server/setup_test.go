package server

import (
	"strings"
	"testing"
)

func TestWriteClientSetup(t *testing.T) {
	cmd := []string{"/bin/docseek", "serve", "--docs", "/my/docs"}
	tests := []struct {
		name      string
		cs        ClientSetup
		want, not []string
	}{
		{"stdio", ClientSetup{Command: cmd},
			[]string{"claude mcp add docseek -- /bin/docseek serve --docs /my/docs", `"mcpServers"`, `"type": "stdio"`, `"command": "/bin/docseek"`},
			[]string{"http"}},
		{"http with a token", ClientSetup{Command: cmd, URL: "http://127.0.0.1:8080/mcp", TokenEnv: "TOKEN"},
			[]string{"claude mcp add --transport http docseek http://127.0.0.1:8080/mcp --header \"Authorization: Bearer $TOKEN\"",
				`"Authorization": "Bearer ${env:TOKEN}"`, "health: http://127.0.0.1:8080/healthz", "web page: http://127.0.0.1:8080/)",
				"or on stdio: claude mcp add docseek -- /bin/docseek serve"},
			nil},
		{"http, no token, no page", ClientSetup{Command: cmd, URL: "http://h:1/mcp", Page: "off"},
			[]string{"web page: off)", `"type": "http"`},
			[]string{"Authorization"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteClientSetup(&b, tt.cs); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("lacks %q:\n%s", w, b.String())
				}
			}
			for _, n := range tt.not {
				if strings.Contains(b.String(), n) {
					t.Errorf("holds %q:\n%s", n, b.String())
				}
			}
		})
	}
}
