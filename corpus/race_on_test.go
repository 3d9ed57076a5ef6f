//go:build race

package corpus

// deepSize is the size of each adversarial input of TestDeepNestingFinishes:
// smaller under -race, where parsing runs many times slower, yet large enough
// that a quadratic path misses the deadline.
const deepSize = 256 << 10
