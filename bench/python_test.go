//go:build !js

package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestLineWriter(t *testing.T) {
	var got []string
	w := &lineWriter{line: func(l string) { got = append(got, l) }}
	for _, chunk := range []string{"Listening on 4", "2\nRec", "eived\n\nHey. 0\nHey. 1", "\n", "tail without newline"} {
		if n, err := w.Write([]byte(chunk)); n != len(chunk) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", chunk, n, err)
		}
	}
	want := []string{"Listening on 42", "Received", "", "Hey. 0", "Hey. 1"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q; want %q", got, want)
	}
}

func TestTailBuffer(t *testing.T) {
	var b tailBuffer
	tb := "Traceback (most recent call last):\n  File ...\nConnectionRefusedError: [Errno 111]\n"
	// One traceback whole, one cut in two between writes.
	b.Write([]byte("Exception in thread Thread-1:\n" + tb))
	b.Write([]byte("Exception in thread Thread-2:\nTraceback (most rec"))
	b.Write([]byte("ent call last):\nTimeoutError: timed out\n"))
	if b.count != 2 {
		t.Errorf("counted %d tracebacks; want 2", b.count)
	}
	if got := lastLine(b.String()); got != "TimeoutError: timed out" {
		t.Errorf("last line %q", got)
	}
	b.Write([]byte(strings.Repeat("x", 3*keepTail)))
	if len(b.String()) > 2*keepTail {
		t.Errorf("kept %d bytes; want at most %d", len(b.String()), 2*keepTail)
	}
}

// TestRunPython runs the tutorial's Python programs with a few clients, as
// P4 does with 10,000: they must finish, and every client must be counted.
func TestRunPython(t *testing.T) {
	if testing.Short() {
		t.Skip("starts python3: not under -short")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true requires python3: %v", err)
		}
		t.Skipf("no python3: %v", err)
	}
	ctx := context.Background()
	py, err := findPython(ctx, "python3")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(py.Version, "3.") {
		t.Fatalf("python3 is version %q", py.Version)
	}
	t.Chdir("..") // the module root, where P4 runs
	const clients, messages = 3, 4
	r := runPython(ctx, py, clients, messages, 5, time.Minute)
	if !r.Finished || r.Complaint != "" {
		t.Fatalf("the run did not finish: %+v", r)
	}
	if r.Served != clients || r.Failures != 0 || r.Elapsed <= 0 {
		t.Errorf("run %+v; want %d clients served, no failures", r, clients)
	}
	// Listening, then per client: received, up to messages recv lines (the
	// stream may merge messages; an empty recv prints an empty line), closed.
	if want := 1 + clients*(2+messages); r.Lines < want {
		t.Errorf("the server printed %d lines; want at least %d", r.Lines, want)
	}
}

// TestRunPythonTimeout checks that a run that cannot end in its time is
// stopped at the limit and says so.
func TestRunPythonTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts python3: not under -short")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skipf("no python3: %v", err)
	}
	ctx := context.Background()
	py, err := findPython(ctx, "python3")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("..")
	r := runPython(ctx, py, 1000, 10, 5, 20*time.Millisecond)
	if r.Finished || !strings.Contains(r.Complaint, "did not finish within 20ms") {
		t.Errorf("run %+v; want it stopped at the limit", r)
	}
}
