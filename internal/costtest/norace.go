//go:build !race

package costtest

const race = false
