package bert

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelJob is work split into parts: runPart(part, parts) does part
// number part of parts, and the parts are independent.
type parallelJob interface {
	runPart(part, parts int)
}

// task is one part of a parallelJob handed to a worker.
type task struct {
	job         parallelJob
	part, parts int
	done        *sync.WaitGroup // nil for a shared job
}

// workers is a fixed set of goroutines, started with the model, that run
// parts of the parallel loops of a forward pass, so a query does not start
// goroutines (and allocate for them) two dozen times. Concurrent callers
// share them: a part no idle worker takes at once runs on the caller, so a
// call never waits for another caller's work.
type workers struct {
	tasks chan task
}

// newWorkers starts n workers. They stop when owner becomes unreachable.
func newWorkers[T any](owner *T, n int) *workers {
	w := &workers{tasks: make(chan task)}
	for range n {
		go work(w.tasks)
	}
	runtime.AddCleanup(owner, func(tasks chan task) { close(tasks) }, w.tasks)
	return w
}

func work(tasks chan task) {
	for {
		t, ok := <-tasks
		if !ok {
			return
		}
		t.job.runPart(t.part, t.parts)
		if t.done != nil {
			t.done.Done()
		}
	}
}

// run does job in parts parts, on idle workers and the calling goroutine,
// and returns when all are done. w may be nil: then the caller does every
// part.
func (w *workers) run(job parallelJob, parts int, wg *sync.WaitGroup) {
	for p := 1; p < parts; p++ {
		if w != nil {
			wg.Add(1)
			select {
			case w.tasks <- task{job, p, parts, wg}:
				continue
			default:
				wg.Done()
			}
		}
		job.runPart(p, parts)
	}
	job.runPart(0, parts)
	wg.Wait()
}

// share runs the chunks of job (job.runPart(c, chunks) for every c) on the
// calling goroutine and on up to helpers idle workers, which claim chunks one
// at a time. It returns when every chunk is done, but never waits for a
// worker that has not claimed one: on a loaded machine a woken worker's
// thread may not get a CPU for milliseconds, and the caller then does the
// chunks itself.
func (w *workers) share(job parallelJob, chunks, helpers int) {
	s := &sharedJob{job: job, chunks: int32(chunks), finished: make(chan struct{})}
	if w != nil {
	handOut:
		for range helpers {
			select {
			case w.tasks <- task{job: s}:
			default:
				break handOut
			}
		}
	}
	s.runPart(0, 1)
	if s.done.Load() < s.chunks {
		<-s.finished
	}
}

// sharedJob is one call of share: its own object, so that a worker that
// wakes after the call has returned finds no chunk left and touches nothing
// the caller has moved on to.
type sharedJob struct {
	job        parallelJob
	chunks     int32
	next, done atomic.Int32
	finished   chan struct{} // closed when done reaches chunks
}

func (s *sharedJob) runPart(int, int) {
	for {
		c := s.next.Add(1) - 1
		if c >= s.chunks {
			return
		}
		s.job.runPart(int(c), int(s.chunks))
		if s.done.Add(1) == s.chunks {
			close(s.finished)
		}
	}
}
