//go:build js || wasip1 || windows || plan9

package states

import "time"

// cpuTime is 0 where the process's CPU time is not known: the benchmark
// then reports the wall clock only.
func cpuTime() time.Duration { return 0 }
