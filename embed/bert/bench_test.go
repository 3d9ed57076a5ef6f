package bert

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkQuery embeds one query of about twelve words, as a search does.
func BenchmarkQuery(b *testing.B) {
	m := testModel(b)
	q := readBenchTexts(b).Query
	ctx := context.Background()
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if _, err := m.Embed(ctx, []string{q}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkBulk embeds the document-sized texts of testdata/bench_texts.json
// in one call, as indexing does, and reports word pieces per second
// (special tokens included).
func BenchmarkBulk(b *testing.B) {
	m := testModel(b)
	texts := readBenchTexts(b).Bulk
	tokens := 0
	for _, t := range texts {
		tokens += len(m.Tokenize(t))
	}
	ctx := context.Background()
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if _, err := m.Embed(ctx, texts); err != nil {
			b.Fatal(err)
		}
	}
	reportTokens(b, tokens, processCPU()-cpu0)
}

// reportTokens reports tokens per second of wall time and, where measured,
// per CPU-second (all threads of the process together).
func reportTokens(b *testing.B, tokens int, cpu time.Duration) {
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	if cpu > 0 {
		b.ReportMetric(float64(tokens)*float64(b.N)/cpu.Seconds(), "tokens/cpu-s")
	}
}

// BenchmarkSequence is a size series: one text of n word pieces.
func BenchmarkSequence(b *testing.B) {
	m := testModel(b)
	ctx := context.Background()
	for _, words := range []int{8, 32, 128, 254} {
		text := strings.TrimSpace(strings.Repeat("word ", words-1) + "end")
		n := len(m.Tokenize(text))
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				if _, err := m.Embed(ctx, []string{text}); err != nil {
					b.Fatal(err)
				}
			}
			reportTokens(b, n, processCPU()-cpu0)
		})
	}
}

// BenchmarkGemm is the matrix-multiply kernel alone on the feed-forward
// shape (rows × 384 · 384 × 1536), reporting GFLOP/s.
func BenchmarkGemm(b *testing.B) {
	const k, n = 384, 1536
	w := packLinear(make([]float32, n*k), n, k)
	bias := make([]float32, n)
	for _, rows := range []int{16, 128, 512} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			x := make([]float32, rows*k)
			out := make([]float32, rows*n)
			b.ReportAllocs()
			for b.Loop() {
				gemm(nil, out, x, rows, w, bias, 1)
			}
			b.ReportMetric(2*float64(rows*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
