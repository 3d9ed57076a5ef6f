package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGate(t *testing.T) {
	rep := &Report{CorpusVersion: "0.2.0", Modes: map[string]*ModeReport{"hybrid": {Page: Metrics{Recall5: 0.75}}}}
	if got, err := rep.Gate(0.75); err != nil || got != 0.75 {
		t.Errorf("Gate(0.75) = %v, %v; want 0.75 and no error", got, err)
	}
	_, err := rep.Gate(0.9)
	if err == nil || !strings.Contains(err.Error(), "Recall@5 is 0.750, below the floor 0.900 (corpus 0.2.0)") {
		t.Errorf("Gate(0.9) err = %v, want the shortfall", err)
	}
	if _, err := (&Report{Modes: map[string]*ModeReport{}}).Gate(0.5); err == nil {
		t.Error("Gate without hybrid scores passed")
	}
}

func TestWriteReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report-x.md")
	if err := WriteReport(path, fixedReport()); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(md), "report-x-recall.svg") {
		t.Errorf("report %q, %v; want it to link its chart", md, err)
	}
	if _, err := os.Stat(ChartPath(path)); err != nil {
		t.Errorf("chart: %v", err)
	}
	if got := ChartPath("eval/report-0.2.0.md"); got != "eval/report-0.2.0-recall.svg" {
		t.Errorf("ChartPath = %q", got)
	}
}
