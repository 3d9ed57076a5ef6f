package corpus

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSyncTarballConcurrent: processes syncing the docs at once (two agents
// starting docseek together) all end with the installed copy, download it
// once, and none deletes the copy another has just installed.
func TestSyncTarballConcurrent(t *testing.T) {
	data := makeTarball(t, goodEntries)
	want := integrityOf(data)
	dataDir := t.TempDir()
	var fetches atomic.Int32
	fetch := func(ctx context.Context, dest string) (string, error) {
		fetches.Add(1)
		time.Sleep(50 * time.Millisecond) // a download takes a while
		n := 0
		return fetchBytes(data, &n)(ctx, dest)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			dir, err := syncTarball(context.Background(), NPMConfig{DataDir: dataDir, Version: "9.9.9"}, want, fetch)
			if err == nil && !markerOK(dir, want) {
				t.Errorf("%q has no valid marker right after sync returned", dir)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d downloads, want 1 (the others wait for the lock and find the copy)", n)
	}
}
