package server

import "testing"

// loadIndex returns the index the load test and benchmark run against, and
// a name for it.
func loadIndex(tb testing.TB) (Index, string) {
	tb.Helper()
	return newFakeIndex(fixtureCorpus()), "fake index"
}
