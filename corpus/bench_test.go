package corpus

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/docseek/docseek/internal/realdata"
)

// syntheticPage writes a page of n sections of prose, code and a stack block.
func syntheticPage(n int) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Bench\ndescription: A generated page.\n---\n\nIntro text for the page.\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "## Section %d {{ \"url\": \"s%d\" }}\n\n", i, i)
		b.WriteString(strings.Repeat("Widgets turn sprockets into handles with care. ", 12) + "\n\n")
		b.WriteString("<Callout title=\"Note\">Remember the handle.</Callout>\n\n")
		b.WriteString("```go\nfmt.Println(\"widget\")\n# not a heading\n```\n\n")
		b.WriteString("- $ frontend=\"nextjs\"\n\n  ### Protected routes\n\n  Wrap it.\n\n")
	}
	return []byte(b.String())
}

func BenchmarkChunkPage(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		raw := syntheticPage(n)
		b.Run(fmt.Sprintf("sections=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				c := &Corpus{}
				if err := c.build(context.Background(), []docFile{{path: "bench/page", raw: raw}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEstimatePieces(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		text := strings.Repeat("sso.listConnections() returns Connections; ", n/5+1)[:n]
		b.Run(fmt.Sprintf("bytes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(n))
			for b.Loop() {
				estimatePieces(text)
			}
		})
	}
}

// BenchmarkLoadWorkOS measures loading the WorkOS 0.2.0 docs (548 files) as
// a server does at start: parsing, reference rendering and chunking. Needs
// the synced docs (see realdata.CorpusDir).
func BenchmarkLoadWorkOS(b *testing.B) {
	dir := realdata.CorpusDir(b, "0.2.0", Synced, CorpusDir)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(context.Background(), dir, Options{Name: "workos", Version: "0.2.0", BaseURL: DefaultBaseURL}); err != nil {
			b.Fatal(err)
		}
	}
}
