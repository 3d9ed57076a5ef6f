package bert

import (
	"runtime"
	"sync/atomic"
	"time"
)

// parallelJob is work split into chunks: runPart(c, chunks) does chunk c of
// chunks, and the chunks are independent.
type parallelJob interface {
	runPart(part, parts int)
}

// callerSpin is how long a caller whose own chunks are done busy-waits for
// helpers to finish theirs before it blocks.
const callerSpin = 10 * time.Microsecond

// workers is a fixed set of goroutines, started with the model, that help
// with the chunks of a forward pass's parallel loops (matrix products,
// attention heads). A caller posts its job and wakes a blocked worker, which
// claims chunks alongside the caller. Nothing is handed to a worker: the
// caller claims chunks too, so it never waits for a worker that is slow to
// wake (on a loaded machine its thread may not get a CPU for milliseconds),
// only for chunks a worker has already started.
// Concurrent callers share the workers: one job is posted at a time, and a
// caller that finds the slot taken does all its chunks itself.
type workers struct {
	posted  atomic.Pointer[sharedJob] // the job open for helpers, or nil
	parked  atomic.Int32              // workers blocked on wake
	wake    chan struct{}             // a token per wake-up; closed to stop the workers
	stopped atomic.Bool
}

// newWorkers starts n workers. They stop when owner becomes unreachable.
func newWorkers[T any](owner *T, n int) *workers {
	w := &workers{wake: make(chan struct{}, n)}
	for range n {
		go w.work()
	}
	runtime.AddCleanup(owner, func(w *workers) {
		w.stopped.Store(true)
		close(w.wake)
	}, w)
	return w
}

// work is one worker: block until a caller posts a job, help with it, and
// block again. Workers do not spin between jobs: measured on the shared
// 2-core machine (load 5-18), a worker that spins for a few hundred
// microseconds after its last chunk made a query 2-5x slower, as the
// scheduler then preempts its thread in the middle of a chunk the caller
// must wait for; a thread that mostly sleeps is run as soon as it wakes.
// That held even when spinning turned itself off for a second after each
// wait of over 0.5 ms for a helper. On an idle machine spinning would win
// (onnxruntime spins by default).
func (w *workers) work() {
	for {
		if s := w.posted.Load(); s != nil {
			s.help()
		}
		w.parked.Add(1)
		// Announced as parked before this check: a caller that posts after
		// it sees parked > 0 and sends a token.
		if s := w.posted.Load(); s == nil || !s.open() {
			if _, ok := <-w.wake; !ok {
				return
			}
		}
		w.parked.Add(-1)
	}
}

// sharedJob is one caller's reusable handle for share: a workspace keeps
// one, so sharing a job allocates nothing.
type sharedJob struct {
	job parallelJob
	// state is chunks<<32 | the next chunk to claim. A helper claims chunk
	// c by advancing it from exactly c, so a helper that read the state of
	// an earlier call can only ever claim an unclaimed chunk of the current
	// one, and reads job only after a claim (the caller sets it before
	// storing the state, and cannot move on until every claimed chunk is
	// done).
	state  atomic.Uint64
	done   atomic.Int32  // chunks finished
	waiter atomic.Int32  // 1 while the caller is about to block on finished
	finish chan struct{} // the token for a blocked caller
}

// open reports whether a chunk is left to claim.
func (s *sharedJob) open() bool {
	st := s.state.Load()
	return uint32(st) < uint32(st>>32)
}

// help claims and runs chunks until none is left. Whoever finishes the last
// one while the caller is blocked sends it the token.
func (s *sharedJob) help() {
	for {
		st := s.state.Load()
		chunks, next := uint32(st>>32), uint32(st)
		if next >= chunks {
			return
		}
		if !s.state.CompareAndSwap(st, st+1) {
			continue
		}
		s.job.runPart(int(next), int(chunks))
		if s.done.Add(1) == int32(chunks) && s.waiter.Swap(0) == 1 {
			s.finish <- struct{}{}
		}
	}
}

// share runs every chunk of job (job.runPart(c, chunks) for c < chunks) on
// the calling goroutine and whichever workers join in, through s, and
// returns when all are done. w may be nil: then the caller runs them all.
func (w *workers) share(s *sharedJob, job parallelJob, chunks int) {
	if chunks <= 0 {
		return
	}
	if s.finish == nil {
		s.finish = make(chan struct{}, 1)
	}
	s.job = job
	s.done.Store(0)
	s.state.Store(uint64(chunks) << 32)
	posted := w != nil && chunks > 1 && w.posted.CompareAndSwap(nil, s)
	if posted && w.parked.Load() > 0 {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
	s.help()
	if posted {
		w.posted.Store(nil) // every chunk is claimed
	}
	// Wait for the chunks helpers have started: busy for callerSpin, then
	// blocked, so that on a loaded machine this thread's CPU time goes to
	// the helper's thread.
	start := time.Now()
	for i := 1; s.done.Load() < int32(chunks); i++ {
		if i%64 == 0 && time.Since(start) > callerSpin {
			s.waiter.Store(1)
			if s.done.Load() < int32(chunks) || s.waiter.Swap(0) == 0 {
				<-s.finish // the helper that finishes the last chunk sends it
			}
			break
		}
	}
	s.job = nil // hold nothing between calls
}
