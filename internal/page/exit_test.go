package page

import (
	"strings"
	"testing"
)

func TestWorkerError(t *testing.T) {
	if got := WorkerError("Uncaught RangeError: Maximum call stack size exceeded"); !strings.HasPrefix(got, "the program overflowed its stack") {
		t.Errorf("got %q", got)
	}
	if got := WorkerError("Uncaught SyntaxError: x"); got != "the worker failed: Uncaught SyntaxError: x" {
		t.Errorf("got %q", got)
	}
	if got := Explain("panic in goroutine main: runtime error: makeslice: len out of range"); !strings.Contains(got, "out of memory") {
		t.Errorf("Explain: got %q", got)
	}
}

func TestExitReport(t *testing.T) {
	for _, tt := range []struct {
		name, stderr string
		code         int
		want         string
	}{
		{"out of memory", "fatal error: runtime: out of memory\n\ngoroutine 1 [running]:\n...", 2, "the program ran out of memory (exit code 2):\nfatal error: runtime: out of memory"},
		{"stack overflow", "runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n\nruntime stack:", 2, "the program overflowed its stack"},
		{"panic", "panic: boom\n\ngoroutine 7 [running]:\nmain.worker()\n\tprog.go:9 +0x2", 2, "a goroutine panicked: boom (exit code 2)"},
		{"plain exit", "", 3, "the program exited with code 3"},
		{"exit 0", "", 0, "the program exited (os.Exit(0))"},
		{"markup stays text", "panic: <b>x</b>", 2, "a goroutine panicked: <b>x</b>"},
	} {
		if got := ExitReport(tt.code, tt.stderr); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q; want it to start %q", tt.name, got, tt.want)
		}
	}
}
