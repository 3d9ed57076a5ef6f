package eval

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/docseek/docseek/internal/atomicfile"
)

// ChartPath is where the Recall@k chart of a markdown report goes:
// "x.md" -> "x-recall.svg".
func ChartPath(report string) string {
	return strings.TrimSuffix(report, filepath.Ext(report)) + "-recall.svg"
}

// WriteReport writes rep as a markdown report to path and its Recall@k chart
// to ChartPath(path), each atomically (a crash never leaves half a file).
func WriteReport(path string, rep *Report) error {
	svg := ChartPath(path)
	if err := atomicfile.Write(svg, rep.WriteRecallSVG); err != nil {
		return fmt.Errorf("write %q: %w", svg, err)
	}
	err := atomicfile.Write(path, func(w io.Writer) error {
		return rep.WriteMarkdown(w, filepath.Base(svg))
	})
	if err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	return nil
}
