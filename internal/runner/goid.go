package runner

import (
	"runtime"
	"strconv"
	"strings"
)

// goid returns the runtime's ID of the calling goroutine, read from the
// header of its stack trace ("goroutine 18 [running]:"). Go keeps these IDs
// out of its API on purpose, so programs cannot build goroutine-local state
// on them; the runner uses them only to attribute network events and to
// find its goroutines in a stack dump, and only while tracing, since a
// stack read costs microseconds.
func goid() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	s, ok := strings.CutPrefix(string(buf[:n]), "goroutine ")
	if !ok {
		return 0
	}
	s, _, _ = strings.Cut(s, " ")
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}
