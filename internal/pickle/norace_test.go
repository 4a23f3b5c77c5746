//go:build !race

package pickle

// raceEnabled reports whether the test binary was built with -race.
const raceEnabled = false
