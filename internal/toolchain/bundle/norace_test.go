//go:build !race && !js

package bundle

const raceEnabled = false
