package bert

import (
	"runtime"
	"sync"
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
	done        *sync.WaitGroup
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
		t.done.Done()
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
