//go:build race

package programs

// raceEnabled reports whether the test binary was built with -race.
const raceEnabled = true
