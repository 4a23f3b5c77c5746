package runner

import (
	"fmt"
	"strings"
	"time"
)

// PanicError is why a run failed when one of its goroutines panicked.
type PanicError struct {
	Goroutine string // the goroutine that panicked
	Value     any    // what it panicked with
	Stack     string // its stack at the panic
}

func (e *PanicError) Error() string {
	return "panic in goroutine " + e.Goroutine + ": " + fmt.Sprint(e.Value)
}

// DeadlockError is why a run failed when all its goroutines were blocked.
type DeadlockError struct {
	Waiting []Waiter // every goroutine of the run, main first

	at time.Duration // when the run was first seen deadlocked
}

// Waiter is a blocked goroutine and what it waits on.
type Waiter struct {
	Goroutine string // the goroutine's name
	On        string // what it waits on, in the runtime's words: "chan receive", "sync.Mutex.Lock", "network read"
	Where     string // the program's file and line it waits at, "join.go:31", when known
	Reason    string // On in the words of [Reasons]: "chan receive", "Mutex", "network"
}

func (e *DeadlockError) Error() string {
	var b strings.Builder
	b.WriteString("deadlock: every goroutine is blocked:")
	for i, w := range e.Waiting {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(" " + w.Goroutine + " waits on " + w.On)
		if w.Where != "" {
			b.WriteString(" at " + w.Where)
		}
	}
	return b.String()
}
