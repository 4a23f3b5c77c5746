package programs

import "runtime"

// runtimeGOOS is runtime.GOOS, named so tests read as what they check.
const runtimeGOOS = runtime.GOOS
