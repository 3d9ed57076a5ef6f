package bert

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingJob records how often each chunk ran and with what chunk count.
type countingJob struct {
	runs      []atomic.Int32
	badParts  atomic.Int32
	wantParts int
}

func (j *countingJob) runPart(part, parts int) {
	if parts != j.wantParts {
		j.badParts.Add(1)
	}
	j.runs[part].Add(1)
}

// TestShareRunsEveryChunkOnce runs jobs of several sizes through share, one
// sharedJob reused call after call (as a workspace does) and from several
// callers at once (run with -race), inside forward passes that keep the
// workers spinning or not: every chunk runs exactly once per call, with or
// without workers, and every pass that began has ended.
func TestShareRunsEveryChunkOnce(t *testing.T) {
	type owner struct{ _ int }
	o := &owner{}
	for _, tc := range []struct {
		name    string
		w       *workers
		callers int
		passes  bool
	}{
		{"no workers", nil, 1, false},
		{"no workers, passes", nil, 1, true},
		{"one worker", newWorkers(o, 1), 1, false},
		{"one worker, passes", newWorkers(o, 1), 1, true},
		{"three workers, four callers", newWorkers(o, 3), 4, false},
		{"three workers, four callers, passes", newWorkers(o, 3), 4, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var wg sync.WaitGroup
			for range tc.callers {
				wg.Go(func() {
					var s sharedJob
					for round := range 200 {
						if tc.passes && round%10 == 0 {
							tc.w.endPass(&s)
							tc.w.beginPass(&s)
						}
						chunks := []int{1, 2, 3, 16, 37}[round%5]
						j := &countingJob{runs: make([]atomic.Int32, chunks), wantParts: chunks}
						tc.w.share(&s, j, chunks)
						for c := range j.runs {
							if n := j.runs[c].Load(); n != 1 {
								t.Errorf("round %d: chunk %d of %d ran %d times", round, c, chunks, n)
							}
						}
						if n := j.badParts.Load(); n != 0 {
							t.Errorf("round %d: %d chunks saw the wrong chunk count", round, n)
						}
						if s.job != nil {
							t.Errorf("round %d: share kept a reference to its job", round)
						}
					}
					tc.w.endPass(&s)
				})
			}
			wg.Wait()
			if tc.w != nil {
				if n := tc.w.passes.Load(); n != 0 {
					t.Errorf("%d passes still marked in flight", n)
				}
			}
		})
	}
	runtime.KeepAlive(o) // its cleanup stops the workers
}

// TestContendedStopsSpinning checks the calm that follows a sign of
// contention: no pass spins during it, a second sign soon after it ends
// doubles it, and one long after starts again from minCalm.
func TestContendedStopsSpinning(t *testing.T) {
	// No worker goroutines: nothing but this test marks contention.
	w := &workers{wake: make(chan struct{}, 1), epoch: time.Now()}
	var s sharedJob
	w.beginPass(&s)
	if !s.spinning || w.passes.Load() != 1 {
		t.Fatalf("a pass on a calm-free pool does not spin (spinning %v, passes %d)", s.spinning, w.passes.Load())
	}
	w.endPass(&s)
	if s.spinning || w.passes.Load() != 0 {
		t.Fatalf("endPass left spinning %v, passes %d", s.spinning, w.passes.Load())
	}

	now := w.since()
	w.contended(now)
	if got := time.Duration(w.calm.Load()) - now; got != minCalm {
		t.Errorf("first calm lasts %v, want %v", got, minCalm)
	}
	w.beginPass(&s)
	if s.spinning || w.passes.Load() != 0 {
		t.Errorf("a pass spins during a calm")
	}
	w.endPass(&s)

	later := now + minCalm + minCalm/2 // soon after the calm ended
	w.contended(later)
	if got := time.Duration(w.calm.Load()) - later; got != 2*minCalm {
		t.Errorf("calm after a calm lasts %v, want %v", got, 2*minCalm)
	}
	for range 20 {
		later = time.Duration(w.calm.Load()) + time.Millisecond
		w.contended(later)
	}
	if got := time.Duration(w.calmLen.Load()); got != maxCalm {
		t.Errorf("calm grew to %v, want at most %v", got, maxCalm)
	}
	later = time.Duration(w.calm.Load()) + 2*maxCalm // long after
	w.contended(later)
	if got := time.Duration(w.calmLen.Load()); got != minCalm {
		t.Errorf("calm after a long quiet lasts %v, want %v", got, minCalm)
	}
}
