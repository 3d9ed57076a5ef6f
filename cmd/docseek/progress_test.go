package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeClock is a settable time source.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func withClock(p *progress, c *fakeClock) *progress {
	p.now, p.start, p.last = c.now, c.t, c.t
	return p
}

func TestProgressLogLines(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := withClock(newProgress(&buf, 1000, "embedding chunks", logger), clock)
	clock.advance(time.Second)
	p.Add(100) // too soon for a line
	clock.advance(9 * time.Second)
	p.Add(100) // 200 in 10s: a line, 20/s, 40s left
	clock.advance(5 * time.Second)
	p.Add(100) // too soon again
	clock.advance(5 * time.Second)
	p.Add(700)
	p.Done()
	p.Done() // no second summary
	want := `level=INFO msg="embedding chunks" done=200 total=1000 rate=20.0/s eta=40s
level=INFO msg="embedding chunks" done=1000 total=1000 rate=50.0/s eta=0s
level=INFO msg="embedding chunks done" done=1000 total=1000 elapsed=20s
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}

func TestProgressDefaultLogger(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 3, "work", nil)
	p.Add(3)
	p.Done()
	if !strings.Contains(buf.String(), `msg="work done" done=3 total=3`) {
		t.Errorf("got %q", buf.String())
	}
}

func TestProgressBarLine(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := withClock(&progress{label: "embedding chunks", total: 6000}, clock)
	tests := []struct {
		name    string
		done    int
		elapsed time.Duration
		want    string
	}{
		{"start", 0, 0, "embedding chunks [..............................] 0/6000 0.0/s   "},
		{"a fifth", 1200, 30 * time.Second, "embedding chunks [######........................] 1200/6000 40.0/s ETA 2m0s   "},
		{"done", 6000, 150 * time.Second, "embedding chunks [##############################] 6000/6000 40.0/s in 2m30s   "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.done = tt.done
			if got := p.barLine(clock.t.Add(tt.elapsed)); got != tt.want {
				t.Errorf("barLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProgressNil(t *testing.T) {
	for _, p := range []*progress{nil, newProgress(nil, 10, "x", nil), newProgress(&bytes.Buffer{}, 0, "x", nil)} {
		if p != nil {
			t.Fatalf("newProgress returned %v, want nil", p)
		}
		p.Add(1) // must not panic
		p.Done()
	}
}

func TestReportLibraryProgress(t *testing.T) {
	var buf bytes.Buffer
	report := reportLibraryProgress(&buf, slog.New(slog.NewTextHandler(&buf, nil)))
	report("react@local", 0, 2)
	report("vite@5", 0, 1)
	report("react@local", 2, 2)
	report("vite@5", 1, 1)
	for _, want := range []string{`msg="embedding chunks done" library=react@local done=2 total=2`, `msg="embedding chunks done" library=vite@5 done=1 total=1`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, buf.String())
		}
	}
}
