//go:build !unix

package corpus

import "context"

// lockFile does nothing where flock is unavailable: syncTarball still
// re-checks the copy and renames into place, so concurrent syncs may
// download twice but never leave a broken copy.
func lockFile(ctx context.Context, path string) (unlock func(), err error) {
	return func() {}, ctx.Err()
}
