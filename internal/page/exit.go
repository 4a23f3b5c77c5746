package page

import (
	"strconv"
	"strings"
)

// WorkerError says what a Web Worker's uncaught error means for the Go
// program in it, in a reader's words where the browser's are cryptic:
// deep recursion overflows the browser's own call stack (Go's frames on
// js/wasm are on it too) before Go's stack limit is reached.
func WorkerError(msg string) string {
	switch {
	case strings.Contains(msg, "Maximum call stack size exceeded"), strings.Contains(msg, "too much recursion"):
		return "the program overflowed its stack (unbounded recursion?): the browser's call stack ran out (" + msg + ")"
	case strings.Contains(msg, "Out of memory"), strings.Contains(msg, "Cannot allocate Wasm memory"),
		strings.Contains(msg, "Memory.grow"):
		return "the program ran out of memory: the browser would give it no more (" + msg + ")"
	}
	return "the worker failed: " + msg
}

// Explain adds a reader's words to a runtime error whose own are terse,
// or returns "" for one that says enough: asking for a slice larger than
// any memory is, to Go on js/wasm, a length "out of range".
func Explain(err string) string {
	switch {
	case strings.Contains(err, "makeslice: len out of range"), strings.Contains(err, "makeslice: cap out of range"),
		strings.Contains(err, "makechan: size out of range"), strings.Contains(err, "makemap: size out of range"):
		return "That is out of memory: the program asked for more than a browser's wasm memory can hold (4 GB at most)."
	}
	return ""
}

// ExitReport says why a worker's Go runtime exited, from its exit code and
// what it wrote to standard error (worker.js keeps the start and the end
// of it): the runtime's own verdict first, in words a reader knows (out of
// memory, stack overflow, a panic), then the text as the runtime wrote it.
func ExitReport(code int, stderr string) string {
	var head string
	for line := range strings.SplitSeq(stderr, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "fatal error: stack overflow"),
			strings.Contains(line, "goroutine stack exceeds"):
			head = "the program overflowed its stack (unbounded recursion?)"
		case strings.HasPrefix(line, "fatal error: runtime: out of memory"),
			strings.HasPrefix(line, "fatal error: out of memory"),
			strings.Contains(line, "cannot allocate") && head == "":
			head = "the program ran out of memory"
		case strings.HasPrefix(line, "fatal error: all goroutines are asleep"):
			head = "every goroutine is asleep: a deadlock"
		case strings.HasPrefix(line, "panic: ") && head == "":
			head = "a goroutine panicked: " + strings.TrimPrefix(line, "panic: ")
		case strings.HasPrefix(line, "fatal error: ") && head == "":
			head = "the Go runtime gave up: " + strings.TrimPrefix(line, "fatal error: ")
		}
	}
	if head == "" && code == 0 {
		head = "the program exited (os.Exit(0))"
	} else if head == "" {
		head = "the program exited with code " + strconv.Itoa(code)
	} else {
		head += " (exit code " + strconv.Itoa(code) + ")"
	}
	if s := strings.TrimSpace(stderr); s != "" {
		head += ":\n" + s
	}
	return head
}
