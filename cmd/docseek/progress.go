package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress reports long work (bundle builds, live embedding). On a terminal it
// draws a bar with rate and ETA, redrawn at most every barInterval; otherwise
// it logs a plain line every logInterval. A nil *progress does nothing. It is
// safe for concurrent use.
type progress struct {
	mu       sync.Mutex
	w        io.Writer    // terminal to draw the bar on, or nil
	logger   *slog.Logger // log lines when not a terminal, or nil
	label    string
	total    int
	done     int
	start    time.Time
	last     time.Time // last draw or log line
	now      func() time.Time
	finished bool
}

const (
	barInterval = 100 * time.Millisecond
	logInterval = 10 * time.Second
	barWidth    = 30
)

// newProgress returns a reporter for total units of work. w is where the
// bar goes when it is a terminal; when it is not, lines go to logger (or, if
// logger is nil, to a text logger on w). With w and logger both nil, or
// total <= 0, it returns nil, which reports nothing.
func newProgress(w io.Writer, total int, label string, logger *slog.Logger) *progress {
	if total <= 0 || (w == nil && logger == nil) {
		return nil
	}
	p := &progress{label: label, total: total, now: time.Now}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.w = w
	} else if logger != nil {
		p.logger = logger
	} else {
		p.logger = slog.New(slog.NewTextHandler(w, nil))
	}
	p.start = p.now()
	p.last = p.start
	return p
}

// Add records n more units done.
func (p *progress) Add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = min(p.done+n, p.total)
	now := p.now()
	if p.w != nil && now.Sub(p.last) >= barInterval {
		p.last = now
		fmt.Fprintf(p.w, "\r%s", p.barLine(now))
	} else if p.logger != nil && now.Sub(p.last) >= logInterval {
		p.last = now
		p.logger.Info(p.label, p.logAttrs(now)...)
	}
}

// Done ends the report: the final bar and a newline, or a summary line.
// Calling it again does nothing.
func (p *progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	now := p.now()
	if p.w != nil {
		fmt.Fprintf(p.w, "\r%s\n", p.barLine(now))
		return
	}
	p.logger.Info(p.label+" done", "done", p.done, "total", p.total,
		"elapsed", now.Sub(p.start).Round(time.Millisecond).String())
}

// rate is units per second so far, and eta the estimated time left (-1 when
// unknown).
func (p *progress) rate(now time.Time) (rate float64, eta time.Duration) {
	elapsed := now.Sub(p.start).Seconds()
	if elapsed <= 0 || p.done == 0 {
		return 0, -1
	}
	rate = float64(p.done) / elapsed
	return rate, time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
}

// barLine renders "label [#####.....]  120/6000  40.0/s  ETA 2m27s".
func (p *progress) barLine(now time.Time) string {
	filled := barWidth * p.done / p.total
	rate, eta := p.rate(now)
	s := fmt.Sprintf("%s [%s%s] %d/%d %.1f/s", p.label,
		strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), p.done, p.total, rate)
	if p.done == p.total {
		return s + " in " + now.Sub(p.start).Round(time.Second).String() + "   "
	}
	if eta >= 0 {
		s += " ETA " + eta.Round(time.Second).String()
	}
	return s + "   " // spaces overwrite the tail of a longer previous line
}

func (p *progress) logAttrs(now time.Time) []any {
	rate, eta := p.rate(now)
	attrs := []any{"done", p.done, "total", p.total, "rate", fmt.Sprintf("%.1f/s", rate)}
	if eta >= 0 {
		attrs = append(attrs, "eta", eta.Round(time.Second).String())
	}
	return attrs
}

// reportProgress returns the callback the libraries report progress through
// (bundles.Progress, retrieval.Config.Progress): a bar on w when w is a
// terminal, log lines to logger (or, if nil, a text logger on w) otherwise.
// A call with done = 0 or below the last count starts a new report; done =
// total ends it.
func reportProgress(w io.Writer, label string, logger *slog.Logger) func(done, total int) {
	var (
		mu   sync.Mutex
		p    *progress
		last int
	)
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if p == nil || done == 0 || done < last {
			p, last = newProgress(w, total, label, logger), 0
		}
		p.Add(done - last)
		last = done
		if done >= total {
			p.Done()
		}
	}
}

// reportLibraryProgress is reportProgress for the catalog's live embedding:
// one report per library, whose log lines name it (a "library" attribute).
func reportLibraryProgress(w io.Writer, logger *slog.Logger) func(library string, done, total int) {
	var (
		mu        sync.Mutex
		reporters = map[string]func(done, total int){}
	)
	return func(library string, done, total int) {
		mu.Lock()
		r := reporters[library]
		if r == nil {
			lg := logger
			if lg != nil {
				lg = lg.With("library", library)
			}
			r = reportProgress(w, "embedding chunks", lg)
			reporters[library] = r
		}
		mu.Unlock()
		r(done, total)
	}
}
