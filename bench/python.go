//go:build !js

package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pythonDir holds the tutorial's server and threaded client in Python 3.
const pythonDir = "testdata/python"

// python is the interpreter P4 runs: the executable itself, not a shim
// such as pyenv's, whose start-up would be timed too.
type python struct{ Path, Version string }

// findPython asks the interpreter name found on PATH where it lives.
func findPython(ctx context.Context, name string) (python, error) {
	out, err := exec.CommandContext(ctx, name, "-c",
		"import sys; print(sys.executable); print(sys.version.split()[0])").Output()
	if err != nil {
		return python{}, fmt.Errorf("running %s: %w", name, err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return python{}, fmt.Errorf("%s printed %q; want its path and version", name, out)
	}
	return python{Path: f[0], Version: f[1]}, nil
}

// pyRun is what one run of the Python server and client did.
type pyRun struct {
	Backlog   int
	Elapsed   time.Duration // from starting the server to both exiting (or the timeout)
	Finished  bool          // both exited with status 0 within the time limit
	Served    int           // "Closed connection" lines the server printed
	Lines     int           // lines the server printed
	Failures  int           // client threads that died with an exception
	Complaint string        // why it did not finish, when it did not
}

// runPython runs the tutorial's server with the listen backlog given, then
// its threaded client with clients threads sending messages each, over
// loopback TCP, and waits up to limit for both to exit. The server's
// output goes to a pipe that is read as it comes, as a terminal would.
func runPython(ctx context.Context, py python, clients, messages, backlog int, limit time.Duration) pyRun {
	res := pyRun{Backlog: backlog}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	listening := make(chan int, 1)
	var mu sync.Mutex
	srvOut := &lineWriter{line: func(l string) {
		if p, ok := strings.CutPrefix(l, "Listening on "); ok {
			if port, err := strconv.Atoi(p); err == nil {
				listening <- port
			}
		}
		mu.Lock()
		res.Lines++
		res.Served += strings.Count(l, "Closed connection:")
		mu.Unlock()
	}}
	var srvErr, cliErr tailBuffer
	srv := pyCommand(ctx, py, "server.py", "0", "0", strconv.Itoa(clients), strconv.Itoa(messages), strconv.Itoa(backlog))
	srv.Stdout, srv.Stderr = srvOut, &srvErr

	start := time.Now()
	if err := srv.Start(); err != nil {
		res.Complaint = err.Error()
		return res
	}
	srvDone := make(chan error, 1)
	go func() { srvDone <- srv.Wait() }()

	var port int
	select {
	case port = <-listening:
	case err := <-srvDone:
		res.Elapsed = time.Since(start)
		res.Complaint = fmt.Sprintf("the server exited before listening: %v\n%s", err, srvErr.String())
		if ctx.Err() != nil {
			res.Complaint = fmt.Sprintf("did not finish within %v", limit)
		}
		return res
	}

	cli := pyCommand(ctx, py, "client.py", strconv.Itoa(port), strconv.Itoa(clients), strconv.Itoa(messages))
	cli.Stdout, cli.Stderr = &lineWriter{line: func(string) {}}, &cliErr
	cliWait := cli.Run()
	srvWait := <-srvDone
	res.Elapsed = time.Since(start)
	res.Failures = cliErr.count
	switch {
	case ctx.Err() != nil:
		res.Complaint = fmt.Sprintf("did not finish within %v", limit)
	case cliWait != nil || srvWait != nil:
		res.Complaint = fmt.Sprintf("client: %v, server: %v", cliWait, srvWait)
	case res.Failures > 0:
		res.Complaint = fmt.Sprintf("%d client threads failed", res.Failures)
	default:
		res.Finished = true
	}
	if !res.Finished {
		if t := cliErr.String(); t != "" {
			res.Complaint += "; the client's last error: " + lastLine(t)
		}
	}
	return res
}

// pyCommand runs one of the tutorial's programs; the timeout kills it.
func pyCommand(ctx context.Context, py python, script string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, py.Path, append([]string{filepath.Join(pythonDir, script)}, args...)...)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// lineWriter calls line for each complete line written to it.
type lineWriter struct {
	line    func(string)
	partial []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	n := len(p)
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.partial = append(w.partial, p...)
			return n, nil
		}
		if len(w.partial) > 0 {
			w.line(string(append(w.partial, p[:i]...)))
			w.partial = w.partial[:0]
		} else {
			w.line(string(p[:i]))
		}
		p = p[i+1:]
	}
}

// tailBuffer keeps the end of what is written to it and counts Python's
// tracebacks, one per thread that died.
type tailBuffer struct {
	mu    sync.Mutex
	buf   []byte
	count int
	split []byte // a possible "Traceback" cut between writes
}

const keepTail = 4096

var traceback = []byte("Traceback (most recent call last)")

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	joined := append(t.split, p...)
	t.count += bytes.Count(joined, traceback)
	// Keep fewer bytes than the marker, so a marker is never counted twice.
	t.split = append([]byte(nil), joined[max(0, len(joined)-len(traceback)+1):]...)
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*keepTail {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-keepTail:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
