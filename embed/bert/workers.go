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

// passSpin is callerSpin inside a forward pass that keeps its helpers
// spinning (see beginPass): a running helper finishes a chunk in well under
// this, so a longer wait means its thread lost its CPU, and the pass stops
// spinning.
const passSpin = 200 * time.Microsecond

// workerSpin bounds how long a worker busy-waits for the next job while a
// forward pass is in flight: the gaps between one pass's jobs are a few
// microseconds of the caller's serial work.
const workerSpin = 100 * time.Microsecond

// preemptGap is how long a busy-wait loop's few nanoseconds between two
// looks at the clock must have lasted for its thread to have lost the CPU.
const preemptGap = 200 * time.Microsecond

// minCalm and maxCalm bound how long no pass spins after a thread of the
// pool was seen losing its CPU: on a loaded machine a spinning thread is
// preempted in the middle of chunks others wait for. The calm doubles when
// contention is seen again soon after one ends, up to maxCalm, so that
// under steady load about one pass in maxCalm spins.
const (
	minCalm = 10 * time.Millisecond
	maxCalm = time.Second
)

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
	passes  atomic.Int32              // forward passes in flight that keep workers spinning
	wake    chan struct{}             // a token per wake-up; closed to stop the workers
	epoch   time.Time                 // the zero of calm's clock
	calm    atomic.Int64              // no pass spins before this time since epoch (ns)
	calmLen atomic.Int64              // the last calm's length (ns)
}

// since is the time since w.epoch.
func (w *workers) since() time.Duration { return time.Since(w.epoch) }

// contended stops passes from spinning for a while from now (time since
// epoch): minCalm, or twice the last calm when that ended less than its
// length ago, up to maxCalm.
func (w *workers) contended(now time.Duration) {
	d := time.Duration(w.calmLen.Load())
	if end := time.Duration(w.calm.Load()); now < end {
		return // already calm
	} else if now-end < d {
		d = min(2*d, maxCalm)
	} else {
		d = minCalm
	}
	w.calmLen.Store(int64(d))
	w.calm.Store(int64(now + d))
}

// newWorkers starts n workers. They stop when owner becomes unreachable.
func newWorkers[T any](owner *T, n int) *workers {
	w := &workers{wake: make(chan struct{}, n), epoch: time.Now()}
	for range n {
		go w.work()
	}
	runtime.AddCleanup(owner, func(w *workers) { close(w.wake) }, w)
	return w
}

// work is one worker: help with the posted job, then, while a forward pass
// is in flight (beginPass), busy-wait up to workerSpin for its next job, and
// otherwise block until a caller posts one. A query posts thirty jobs a few
// microseconds apart, and waking a blocked thread for each costs more than
// its share of the job: spinning within a pass took a query from 3.3 to 2.4
// ms when nothing else ran. Between passes workers always block. Spinning
// is harmful when other processes want the CPUs (measured on the shared
// 2-core machine at load 5-18, workers that spun after every job made a
// query 2-5x slower: the scheduler preempts a spinning thread in the middle
// of a chunk the caller must wait for, while a thread that mostly sleeps is
// run as soon as it wakes), so any sign of that (a spinning thread that lost
// its CPU, a gap between jobs over workerSpin, a caller that waited over
// passSpin for a helper) stops all spinning for a while (contended).
func (w *workers) work() {
	for {
		if s := w.posted.Load(); s != nil {
			s.help()
		}
		if w.passes.Load() > 0 && w.awaitJob() {
			continue
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

// awaitJob busy-waits until a job with chunks to claim is posted (true), or
// until no pass wants spinning or workerSpin has passed (false).
// A look at the clock long after the last one means this thread was
// preempted: then no pass spins for a while.
func (w *workers) awaitJob() bool {
	start := w.since()
	last := start
	for i := 1; ; i++ {
		if s := w.posted.Load(); s != nil && s.open() {
			return true
		}
		if i%32 == 0 {
			if w.passes.Load() == 0 {
				return false
			}
			now := w.since()
			// Preempted mid-spin, or no job for workerSpin: both mean
			// the cores are wanted elsewhere.
			if now-last > preemptGap || now-start > workerSpin {
				w.contended(now)
				return false
			}
			last = now
		}
	}
}

// beginPass marks the start of a forward pass that shares its jobs through
// s: until endPass, workers busy-wait between its jobs instead of blocking,
// and a blocked worker is woken now, so that it is running when the first
// job is posted. w may be nil.
func (w *workers) beginPass(s *sharedJob) {
	if w == nil || s.spinning || int64(w.since()) < w.calm.Load() {
		return
	}
	s.spinning = true
	w.passes.Add(1)
	if w.parked.Load() > 0 {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// endPass ends what beginPass started (if share has not ended it already).
func (w *workers) endPass(s *sharedJob) {
	if w == nil || !s.spinning {
		return
	}
	s.spinning = false
	w.passes.Add(-1)
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
	// spinning is set between beginPass and endPass; owned by the caller.
	spinning bool
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
	// Wait for the chunks helpers have started: busy for callerSpin (or
	// passSpin), then blocked, so that on a loaded machine this thread's CPU
	// time goes to the helper's thread. A pass that had to block stops
	// spinning: its helper's thread is being preempted, and a spinning
	// thread is preempted more.
	spin := callerSpin
	if s.spinning {
		spin = passSpin
	}
	start := time.Now()
	for i := 1; s.done.Load() < int32(chunks); i++ {
		if i%64 == 0 && time.Since(start) > spin {
			if s.spinning {
				w.contended(w.since())
			}
			w.endPass(s)
			s.waiter.Store(1)
			if s.done.Load() < int32(chunks) || s.waiter.Swap(0) == 0 {
				<-s.finish // the helper that finishes the last chunk sends it
			}
			break
		}
	}
	s.job = nil // hold nothing between calls
}
