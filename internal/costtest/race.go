//go:build race

package costtest

// race is true under the race detector, which drops some of what a
// sync.Pool is given (so that pooled memory is allocated again) and
// makes every call slower.
const race = true
