//go:build !race

package main

// raceEnabled says the tests run under the race detector, so the end-to-end
// binary is built the same way and reuses the compiled dependencies.
const raceEnabled = false
