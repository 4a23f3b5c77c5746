//go:build race && !js

package bundle

// testLevel is how the tests compress the bundles they write. Under the
// race detector, compressing the bundle's 100 MB (instrumented brotli and
// gzip) takes minutes, so they write theirs without copies; the tests
// without -race cover the copies.
const testLevel = None
