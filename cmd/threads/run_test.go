package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// syncBuffer is a bytes.Buffer safe for the runner's goroutines and the
// test's at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// threads runs the command with args and returns its output and exit code.
func threads(t *testing.T, ctx context.Context, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut syncBuffer
	err := run(ctx, args, strings.NewReader(""), &out, &errOut)
	code = 0
	if err != nil {
		code = 1
		var ex *exitError
		if errors.As(err, &ex) {
			code = ex.code
		}
		if err.Error() != "" {
			errOut.Write([]byte(err.Error() + "\n"))
		}
	}
	return out.String(), errOut.String(), code
}

func TestList(t *testing.T) {
	out, _, code := threads(t, t.Context(), "list")
	if code != 0 {
		t.Fatalf("list exited %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	all := examples.All()
	if len(lines) != len(all) {
		t.Fatalf("list printed %d lines; want %d", len(lines), len(all))
	}
	for i, e := range all {
		name, title, _ := strings.Cut(lines[i], "  ")
		if name != e.Name || strings.TrimSpace(title) != e.Title {
			t.Errorf("line %d = %q; want %q then %q", i, lines[i], e.Name, e.Title)
		}
	}
	if !strings.HasPrefix(lines[6], "pool  ") {
		t.Errorf("pool's line is %q; want it to start with %q", lines[6], "pool  ")
	}
}

func TestRunDone(t *testing.T) {
	out, errOut, code := threads(t, t.Context(), "run", "clients", "-clients", "3", "-messages", "2", "-protocol", "2")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if n := strings.Count(out, "| [1, 2, 7, 9, 0]\n"); n != 3 {
		t.Errorf("%d clients printed the list; want 3\n%s", n, out)
	}
	if n := strings.Count(out, "| Hey. "); n != 6 {
		t.Errorf("the server printed %d messages; want 6\n%s", n, out)
	}
	if !strings.HasPrefix(errOut, "done after ") {
		t.Errorf("stderr = %q; want the end status", errOut)
	}
	// Names are aligned: every bar is in the same column once the widest
	// name ("handler-1") has appeared.
	col := -1
	for _, l := range strings.Split(out, "\n") {
		if i := strings.Index(l, " | "); i >= len("handler-1") {
			if col >= 0 && i != col {
				t.Errorf("bar at column %d in %q; want %d", i, l, col)
			}
			col = i
		}
	}
}

func TestRunFailedAndStopped(t *testing.T) {
	_, errOut, code := threads(t, t.Context(), "run", "panic")
	if code != 1 || !strings.Contains(errOut, "failed: panic in goroutine worker") {
		t.Errorf("panic: exit %d, stderr %q; want 1 and the panic", code, errOut)
	}
	_, errOut, code = threads(t, t.Context(), "run", "deadlock", "-stall", "100")
	if code != 1 || !strings.Contains(errOut, "deadlock:") || !strings.Contains(errOut, "alice") {
		t.Errorf("deadlock: exit %d, stderr %q; want 1 and who waits", code, errOut)
	}
	// Cancelled once a goroutine is running.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out cancelOn
	out.text, out.cancel = "thingTwo started", cancel
	err := run(ctx, []string{"run", "join"}, strings.NewReader(""), &out, io.Discard)
	var ex *exitError
	if code = 0; errors.As(err, &ex) {
		code = ex.code
	}
	if code != 130 {
		t.Errorf("interrupted: exit %d (%v); want 130", code, err)
	}
}

// cancelOn is a writer that calls cancel once text has been written.
type cancelOn struct {
	syncBuffer
	text   string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	n, err := c.syncBuffer.Write(p)
	if strings.Contains(c.String(), c.text) {
		c.cancel()
	}
	return n, err
}

func TestBadCommandLines(t *testing.T) {
	for _, tc := range []struct {
		desc string
		args []string
		want []string // in stderr
	}{
		{"no command", nil, []string{"usage"}},
		{"unknown command", []string{"walk"}, []string{`"walk"`}},
		{"no name", []string{"run"}, []string{"name"}},
		{"unknown program", []string{"run", "nope"}, []string{`"nope"`}},
		{"unknown flag", []string{"run", "pool", "-patients", "3"}, []string{"-patients"}},
		{"out of range", []string{"run", "pool", "-workers", "0"}, []string{"-workers", "[1, 100]"}},
		{"too big", []string{"run", "server", "-clients", "10001"}, []string{"-clients", "[1, 10000]"}},
		{"not a number", []string{"run", "group", "-goroutines", "many"}, []string{"-goroutines", "whole number"}},
		{"not a bool", []string{"run", "group", "-unsafe", "2"}, []string{"-unsafe", "0 (off) or 1 (on)"}},
		{"stray argument", []string{"run", "group", "20"}, []string{`"20"`}},
		{"bad net", []string{"run", "server", "-net", "udp"}, []string{"-net", "udp"}},
		{"bad role", []string{"run", "server", "-role", "doctor"}, []string{"-role", "doctor"}},
		{"bad color", []string{"run", "thread", "-color", "pink"}, []string{"-color", "pink"}},
		{"no network here", []string{"run", "thread", "-role", "server"}, []string{"thread", "-role"}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			_, errOut, code := threads(t, t.Context(), tc.args...)
			if code != 2 {
				t.Errorf("exit %d; want 2 (stderr %q)", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not mention %q", errOut, w)
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	out, _, code := threads(t, t.Context(), "run", "pool", "-h")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"-workers", "[1, 100]", "-timescale", "-stall", "-net", "waiting room"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not mention %q:\n%s", want, out)
		}
	}
}

func TestJSON(t *testing.T) {
	out, _, code := threads(t, t.Context(), "run", "client", "-json", "-messages", "1")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var kinds []runner.Kind
	var list string
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var e runner.Event
		if err := dec.Decode(&e); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("line is not an event: %v", err)
		}
		kinds = append(kinds, e.Kind)
		if e.Kind == runner.Output && e.Who == "main" && strings.HasPrefix(e.Text, "[") {
			list = e.Text
		}
	}
	if list != "[1, 2, 7, 9, 0]" {
		t.Errorf("the client printed %q; want the list", list)
	}
	for _, k := range []runner.Kind{runner.Start, runner.Listen, runner.Dial, runner.Accept, runner.Send, runner.Recv, runner.Close, runner.Exit} {
		if !strings.Contains(kindsString(kinds), k.String()) {
			t.Errorf("no %v event in the JSON", k)
		}
	}
	if kinds[len(kinds)-1] != runner.End {
		t.Errorf("the last event is %v; want end", kinds[len(kinds)-1])
	}
}

func kindsString(kinds []runner.Kind) string {
	var b strings.Builder
	for _, k := range kinds {
		b.WriteString(k.String() + " ")
	}
	return b.String()
}

func TestColor(t *testing.T) {
	out, _, _ := threads(t, t.Context(), "run", "names", "-color", "always")
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("-color always printed no colour:\n%q", out)
	}
	out, _, _ = threads(t, t.Context(), "run", "names")
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour in output that is not a terminal:\n%q", out)
	}
}

// TestTraceFile: -trace writes the run's execution trace, which go tool
// trace reads, with the runner's names for its goroutines in it.
func TestTraceFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "deadlock.trace")
	_, errOut, code := threads(t, t.Context(), "run", "deadlock", "-stall", "100", "-trace", file)
	if code != 1 || !strings.Contains(errOut, "deadlock") {
		t.Fatalf("exit %d, stderr %q; want 1 and the deadlock", code, errOut)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to run go tool trace")
	}
	out, err := exec.CommandContext(t.Context(), goCmd, "tool", "trace", "-d=parsed", file).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool trace -d=parsed: %v\n%.2000s", err, out)
	}
	for _, name := range []string{"main", "alice", "bob"} {
		if !strings.Contains(string(out), `Message="`+name+`"`) {
			t.Errorf("go tool trace -d=parsed shows no Log naming %s:\n%.2000s", name, out)
		}
	}
}

// TestTraceFileErrors: a trace file that cannot be made is an error
// before the run.
func TestTraceFileErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "no", "such", "dir", "x.trace")
	out, errOut, code := threads(t, t.Context(), "run", "thread", "-trace", file)
	if code != 1 || out != "" || !strings.Contains(errOut, file) {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1, nothing run, the file named", code, out, errOut)
	}
}
