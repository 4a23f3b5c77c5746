//go:build !race && !js

package bundle

// testLevel is how the tests compress the bundles they write (see
// race_test.go).
const testLevel = Fast
