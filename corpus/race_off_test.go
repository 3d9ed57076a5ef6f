//go:build !race

package corpus

// deepSize is the size of each adversarial input of TestDeepNestingFinishes.
const deepSize = 1 << 20
