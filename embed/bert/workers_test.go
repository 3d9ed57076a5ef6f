package bert

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
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
// callers at once (run with -race): every chunk runs exactly once per call,
// with or without workers.
func TestShareRunsEveryChunkOnce(t *testing.T) {
	type owner struct{ _ int }
	o := &owner{}
	for _, tc := range []struct {
		name    string
		w       *workers
		callers int
	}{
		{"no workers", nil, 1},
		{"one worker", newWorkers(o, 1), 1},
		{"three workers, four callers", newWorkers(o, 3), 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var wg sync.WaitGroup
			for range tc.callers {
				wg.Go(func() {
					var s sharedJob
					for round := range 200 {
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
				})
			}
			wg.Wait()
		})
	}
	runtime.KeepAlive(o) // its cleanup stops the workers
}
