package server

import (
	"context"
	"fmt"
	"time"

	"github.com/docseek/docseek/retrieval"
)

// PrimaryLoader loads the library whose index answers changelog and the
// workos_* tools: keyword is called with its keyword index as soon as that
// opens, then ready once with its semantic index or the error that stopped
// it, and LoadPrimary returns when loading has ended. catalog.Catalog is
// one.
type PrimaryLoader interface {
	LoadPrimary(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error))
}

// Loading is a load that LoadInBackground started.
type Loading struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// LoadInBackground loads l on its own goroutine for a server made by
// NewPending, and returns at once: the server answers by keywords from the
// moment the keyword index opens, and by meaning once the semantic index is
// ready (or by keywords for good, if loading fails). Call Stop when the
// server is done.
func (s *Server) LoadInBackground(ctx context.Context, l PrimaryLoader) *Loading {
	ctx, cancel := context.WithCancel(ctx)
	ld := &Loading{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(ld.done)
		l.LoadPrimary(ctx, func(ix *retrieval.Index) { s.Provisional(ix) }, func(ix *retrieval.Index, err error) {
			if ix == nil {
				s.setIndex(nil, err) // an untyped nil: a nil *retrieval.Index is not a nil Index
				return
			}
			s.setIndex(ix, nil)
		})
	}()
	return ld
}

// Stop cancels the load and waits for it to end, at most wait: loading
// checks its context, but a stuck load must not hold a process that is
// exiting. It returns an error when loading had not ended by then.
func (ld *Loading) Stop(wait time.Duration) error {
	ld.cancel()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ld.done:
		return nil
	case <-t.C:
		return fmt.Errorf("loading did not stop within %s", wait)
	}
}
