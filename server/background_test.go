package server

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/docseek/docseek/retrieval"
)

// loaderFunc is a PrimaryLoader from a function.
type loaderFunc func(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error))

func (f loaderFunc) LoadPrimary(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error)) {
	f(ctx, keyword, ready)
}

func TestLoadInBackground(t *testing.T) {
	ix := realIndex(t)
	for _, tc := range []struct {
		name      string
		load      loaderFunc
		wantReady bool
		wantErr   string // in Ready's error; "" for none
		wantStop  bool   // Stop reports that loading did not end
	}{
		{
			name: "keyword then semantic",
			load: func(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error)) {
				keyword(ix)
				ready(ix, nil)
			},
			wantReady: true,
		},
		{
			name: "failed load keeps keywords and reports the error",
			load: func(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error)) {
				keyword(ix)
				ready(nil, errors.New("model file damaged"))
			},
			wantReady: true,
			wantErr:   "model file damaged",
		},
		{
			name: "no index and no error is a failed load, not a nil index served",
			load: func(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error)) {
				keyword(ix)
				ready(nil, nil)
			},
			wantReady: true,
			wantErr:   "no index",
		},
		{
			name: "stop cancels a load that waits for its context",
			load: func(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error)) {
				<-ctx.Done()
				ready(nil, ctx.Err())
			},
		},
		{
			name: "a load that ignores its context does not hold Stop",
			load: func(ctx context.Context, keyword func(*retrieval.Index), ready func(*retrieval.Index, error)) {
				time.Sleep(time.Second)
			},
			wantStop: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := NewPending(Config{})
			ld := srv.LoadInBackground(t.Context(), tc.load)
			if tc.wantReady {
				select {
				case <-srv.ready:
				case <-time.After(5 * time.Second):
					t.Fatal("loading never ended")
				}
				ok, err := srv.Ready()
				if tc.wantErr == "" && (!ok || err != nil) {
					t.Fatalf("Ready = %v, %v; want true, no error", ok, err)
				}
				if tc.wantErr != "" && (ok || err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
					t.Fatalf("Ready = %v, %v; want false and an error containing %q", ok, err, tc.wantErr)
				}
				if srv.provisional() == nil {
					t.Error("no keyword index after keyword was called")
				}
			}
			err := ld.Stop(50 * time.Millisecond)
			if tc.wantStop != (err != nil) {
				t.Fatalf("Stop = %v, want an error: %v", err, tc.wantStop)
			}
		})
	}
}
