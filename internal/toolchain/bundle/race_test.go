//go:build race && !js

package bundle

// raceEnabled: under the race detector, compressing the bundle's 100 MB
// (instrumented brotli and gzip) takes minutes, so the tests write theirs
// without copies; the tests without -race cover the copies.
const raceEnabled = true
