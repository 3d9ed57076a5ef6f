//go:build !race

package bert

// raceEnabled reports a -race build, where pure-Go loops run many times
// slower.
const raceEnabled = false
