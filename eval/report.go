package eval

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/docseek/docseek/retrieval"
)

// modeOrder is the column order of reports: the grep baseline first (the
// "before" column), then the new modes from simplest to fused.
var modeOrder = []string{string(retrieval.ModeGrep), string(retrieval.ModeLexical), string(retrieval.ModeVector), string(retrieval.ModeHybrid)}

// reportModes returns the evaluated modes in column order: known modes in
// modeOrder, then any others in evaluation order.
func (rep *Report) reportModes() []string {
	names := slices.Clone(rep.Order)
	for m := range rep.Modes {
		if !slices.Contains(names, m) {
			names = append(names, m)
		}
	}
	slices.SortStableFunc(names, func(a, b string) int {
		return orderIndex(a) - orderIndex(b)
	})
	return names
}

func orderIndex(m string) int {
	if i := slices.Index(modeOrder, m); i >= 0 {
		return i
	}
	return len(modeOrder)
}

func modeHeader(m string) string {
	if m == string(retrieval.ModeGrep) {
		return "grep (before)"
	}
	return m
}

// WriteMarkdown writes the report as markdown: the overall table with the
// modes side by side, Recall@5 per question kind, and the misses of each
// mode. When svgName is not empty the Recall@k chart (see WriteRecallSVG) is
// linked under that relative name.
func (rep *Report) WriteMarkdown(w io.Writer, svgName string) error {
	bw := bufio.NewWriter(w)
	modes := rep.reportModes()
	fmt.Fprintf(bw, "# Retrieval evaluation: corpus %s\n\n", orDash(rep.CorpusVersion))
	fmt.Fprintf(bw, "%d questions, %d results per question, model %s.\n", rep.Questions, rep.K, orDash(rep.Model))
	fmt.Fprintf(bw, "Page level: a result on a relevant page hits. Section level: it must also lie inside the named section.\n")
	if _, ok := rep.Modes[string(retrieval.ModeGrep)]; ok {
		fmt.Fprintf(bw, "grep (before) is the original server's search: the whole question as one case-insensitive substring of a line, files ranked by matching lines.\n")
	}
	fmt.Fprintln(bw)

	fmt.Fprintf(bw, "## Overall\n\n")
	writeRow(bw, append([]string{"metric"}, mapSlice(modes, modeHeader)...))
	writeAlign(bw, len(modes))
	type row struct {
		name string
		get  func(*ModeReport) string
	}
	metric := func(level string, f func(Metrics) float64) func(*ModeReport) string {
		return func(mr *ModeReport) string {
			if level == "page" {
				return fmt.Sprintf("%.3f", f(mr.Page))
			}
			return fmt.Sprintf("%.3f", f(mr.Section))
		}
	}
	var rows []row
	for _, level := range []string{"page", "section"} {
		rows = append(rows,
			row{level + " Recall@1", metric(level, func(m Metrics) float64 { return m.Recall1 })},
			row{level + " Recall@5", metric(level, func(m Metrics) float64 { return m.Recall5 })},
			row{level + " Recall@10", metric(level, func(m Metrics) float64 { return m.Recall10 })},
			row{level + " MRR@10", metric(level, func(m Metrics) float64 { return m.MRR10 })},
			row{level + " nDCG@10", metric(level, func(m Metrics) float64 { return m.NDCG10 })},
		)
	}
	rows = append(rows,
		row{"latency p50 (ms)", func(mr *ModeReport) string { return fmt.Sprintf("%.1f", mr.Latency.P50) }},
		row{"latency p95 (ms)", func(mr *ModeReport) string { return fmt.Sprintf("%.1f", mr.Latency.P95) }},
		row{"search errors", func(mr *ModeReport) string { return fmt.Sprint(mr.Errors) }},
	)
	for _, r := range rows {
		cells := []string{r.name}
		for _, m := range modes {
			cells = append(cells, r.get(rep.Modes[m]))
		}
		writeRow(bw, cells)
	}
	if svgName != "" {
		fmt.Fprintf(bw, "\n![Page-level Recall@k for k = 1..10 per mode](%s)\n", svgName)
	}

	rep.writeKinds(bw, modes)
	rep.writeMisses(bw, modes)
	return bw.Flush()
}

// writeKinds writes the Recall@5 table per question kind.
func (rep *Report) writeKinds(bw io.Writer, modes []string) {
	fmt.Fprintf(bw, "\n## Recall@5 by kind (page / section)\n\n")
	writeRow(bw, append([]string{"kind", "questions"}, mapSlice(modes, modeHeader)...))
	writeAlign(bw, len(modes)+1)
	for _, kind := range rep.kinds() {
		n := 0
		cells := []string{kind, ""}
		for _, m := range modes {
			kr := rep.Modes[m].ByKind[kind]
			if kr == nil {
				cells = append(cells, "-")
				continue
			}
			n = kr.Questions
			cells = append(cells, fmt.Sprintf("%.2f / %.2f", kr.Recall5, kr.Section.Recall5))
		}
		cells[1] = fmt.Sprint(n)
		writeRow(bw, cells)
	}
}

// writeMisses writes each mode's misses, at most reportMaxMisses of them.
func (rep *Report) writeMisses(bw io.Writer, modes []string) {
	fmt.Fprintf(bw, "\n## Misses (no relevant page in the top %d)\n", rep.K)
	for _, m := range modes {
		mr := rep.Modes[m]
		fmt.Fprintf(bw, "\n<details><summary>%s: %d of %d</summary>\n\n", m, len(mr.Misses), rep.Questions)
		if len(mr.Misses) > 0 {
			writeRow(bw, []string{"id", "kind", "query", "expected", "first result"})
			fmt.Fprintf(bw, "| --- | --- | --- | --- | --- |\n")
			for i, x := range mr.Misses {
				if i == reportMaxMisses {
					fmt.Fprintf(bw, "\n%d more; `docseek eval --json` lists every miss.\n", len(mr.Misses)-i)
					break
				}
				got := x.Got
				if x.Error != "" {
					got = "error: " + x.Error
				}
				writeRow(bw, []string{x.ID, x.Kind, x.Query, relevantString(x.Expected), orDash(got)})
			}
			fmt.Fprintln(bw)
		}
		fmt.Fprintf(bw, "</details>\n")
	}
}

// reportMaxMisses caps the misses listed per mode in the markdown report
// (the grep baseline misses nearly every question).
const reportMaxMisses = 50

// kinds returns the question kinds present in any mode, in format order.
func (rep *Report) kinds() []string {
	seen := map[string]bool{}
	for _, mr := range rep.Modes {
		for k := range mr.ByKind {
			seen[k] = true
		}
	}
	var out []string
	for _, k := range questionKinds {
		if seen[k] {
			out = append(out, k)
			delete(seen, k)
		}
	}
	var rest []string
	for k := range seen {
		rest = append(rest, k)
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func relevantString(rel []Relevant) string {
	parts := make([]string, len(rel))
	for i, r := range rel {
		parts[i] = r.Path
		if r.Section != "" {
			parts[i] += " § " + r.Section
		}
	}
	return strings.Join(parts, "; ")
}

func writeRow(w io.Writer, cells []string) {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(strings.ReplaceAll(c, "|", `\|`), "\n", " ")
	}
	fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
}

func writeAlign(w io.Writer, numeric int) {
	fmt.Fprintf(w, "| ---%s |\n", strings.Repeat(" | ---:", numeric))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func mapSlice(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}

// Chart geometry of WriteRecallSVG, in pixels.
const (
	svgW, svgH                           = 640, 380
	svgLeft, svgRight, svgTop, svgBottom = 56, 120, 40, 48
)

// modeStyle gives each mode a colour and dash pattern that stay readable in
// grey scale.
func modeStyle(m string, i int) (color, dash string) {
	switch m {
	case string(retrieval.ModeGrep):
		return "#8c8c8c", "6 4"
	case string(retrieval.ModeLexical):
		return "#1f77b4", ""
	case string(retrieval.ModeVector):
		return "#ff7f0e", "2 3"
	case string(retrieval.ModeHybrid):
		return "#2ca02c", ""
	}
	others := []string{"#9467bd", "#d62728", "#17becf", "#bcbd22"}
	return others[i%len(others)], "8 3 2 3"
}

// WriteRecallSVG draws page-level Recall@k for k = 1..10, one line per mode,
// as a self-contained SVG.
func (rep *Report) WriteRecallSVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	plotW := float64(svgW - svgLeft - svgRight)
	plotH := float64(svgH - svgTop - svgBottom)
	x := func(k int) float64 { return float64(svgLeft) + plotW*float64(k-1)/float64(recallCurveLen-1) }
	y := func(v float64) float64 { return float64(svgTop) + plotH*(1-v) }

	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", svgW, svgH, svgW, svgH)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", svgW, svgH)
	title := fmt.Sprintf("Page-level Recall@k, corpus %s (%d questions)", orDash(rep.CorpusVersion), rep.Questions)
	fmt.Fprintf(bw, `<text x="%d" y="22" font-size="14" font-weight="bold">%s</text>`+"\n", svgLeft, html.EscapeString(title))
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		fmt.Fprintf(bw, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e0e0e0"/>`+"\n", svgLeft, y(v), x(recallCurveLen), y(v))
		fmt.Fprintf(bw, `<text x="%d" y="%.1f" text-anchor="end">%.1f</text>`+"\n", svgLeft-6, y(v)+4, v)
	}
	for k := 1; k <= recallCurveLen; k++ {
		fmt.Fprintf(bw, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n", x(k), svgH-svgBottom+18, k)
	}
	fmt.Fprintf(bw, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333333"/>`+"\n", svgLeft, svgTop, svgLeft, svgH-svgBottom)
	fmt.Fprintf(bw, `<line x1="%d" y1="%d" x2="%.1f" y2="%d" stroke="#333333"/>`+"\n", svgLeft, svgH-svgBottom, x(recallCurveLen), svgH-svgBottom)
	fmt.Fprintf(bw, `<text x="%.1f" y="%d" text-anchor="middle">k (results read)</text>`+"\n", float64(svgLeft)+plotW/2, svgH-10)
	fmt.Fprintf(bw, `<text x="16" y="%.1f" text-anchor="middle" transform="rotate(-90 16 %.1f)">Recall@k</text>`+"\n", float64(svgTop)+plotH/2, float64(svgTop)+plotH/2)

	for i, m := range rep.reportModes() {
		color, dash := modeStyle(m, i)
		curve := rep.Modes[m].RecallAtK
		pts := make([]string, 0, len(curve))
		for j, v := range curve {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(j+1), y(v)))
		}
		dashAttr := ""
		if dash != "" {
			dashAttr = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
		}
		fmt.Fprintf(bw, `<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`+"\n", color, dashAttr, strings.Join(pts, " "))
		for j, v := range curve {
			fmt.Fprintf(bw, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s Recall@%d = %.3f</title></circle>`+"\n", x(j+1), y(v), color, html.EscapeString(m), j+1, v)
		}
		ly := svgTop + 10 + 22*i
		lx := svgW - svgRight + 16
		fmt.Fprintf(bw, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n", lx, ly, lx+24, ly, color, dashAttr)
		fmt.Fprintf(bw, `<text x="%d" y="%d">%s</text>`+"\n", lx+30, ly+4, html.EscapeString(modeHeader(m)))
	}
	fmt.Fprintln(bw, "</svg>")
	return bw.Flush()
}
