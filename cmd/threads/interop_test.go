package main

import (
	"bufio"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// The interop tests run the tutorial's own programs, ported to Python 3
// (testdata/python/server.py and client.py at the top of the module), against ours over loopback
// TCP, for the pickle protocol Python 2 used (0) and a binary one (2).

const (
	interopClients  = 3
	interopMessages = 10
)

// python3 returns the path of python3, or skips the test without it;
// under CI it must be there.
func python3(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no subprocesses on " + runtime.GOOS)
	}
	p, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is not installed, and the interop tests must run under CI")
		}
		t.Skip("python3 is not installed: skipping the interop tests with the tutorial's Python programs")
	}
	return p
}

// listenWatcher is run's stdout in -json mode: it keeps the events and
// reports the address of the first Listen.
type listenWatcher struct {
	mu     sync.Mutex
	events []runner.Event
	buf    []byte
	addr   chan string
}

func (w *listenWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		line, rest, ok := strings.Cut(string(w.buf), "\n")
		if !ok {
			break
		}
		w.buf = []byte(rest)
		var e runner.Event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return 0, err
		}
		w.events = append(w.events, e)
		if e.Kind == runner.Listen {
			select {
			case w.addr <- e.Addr:
			default:
			}
		}
	}
	return len(p), nil
}

func (w *listenWatcher) output() []runner.Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []runner.Event
	for _, e := range w.events {
		if e.Kind == runner.Output {
			out = append(out, e)
		}
	}
	return out
}

func TestOurServerPythonClient(t *testing.T) {
	py := python3(t)
	for _, protocol := range []string{"0", "2"} {
		t.Run("protocol="+protocol, func(t *testing.T) {
			w := &listenWatcher{addr: make(chan string, 1)}
			var errOut syncBuffer
			done := make(chan error, 1)
			go func() {
				done <- run(t.Context(), []string{"run", "server", "-json", "-net", "tcp", "-addr", "127.0.0.1:0",
					"-role", "server", "-clients", strconv.Itoa(interopClients), "-messages", strconv.Itoa(interopMessages),
					"-protocol", protocol}, strings.NewReader(""), w, &errOut)
			}()
			var addr string
			select {
			case addr = <-w.addr:
			case err := <-done:
				t.Fatalf("the server ended before listening: %v\n%s", err, errOut.String())
			case <-time.After(30 * time.Second):
				t.Fatal("the server did not listen within 30 s")
			}
			_, port, _ := net.SplitHostPort(addr)

			out, err := exec.CommandContext(t.Context(), py, "../../testdata/python/client.py", port,
				strconv.Itoa(interopClients), strconv.Itoa(interopMessages)).CombinedOutput()
			if err != nil {
				t.Fatalf("client.py: %v\n%s", err, out)
			}
			// print writes its text and its newline separately, so the
			// threads' lines can run together: count the lists, not lines.
			if n := strings.Count(string(out), "[1, 2, 7, 9, 0]"); n != interopClients {
				t.Errorf("client.py printed the list %d times; want %d:\n%s", n, interopClients, out)
			}
			if err := <-done; err != nil {
				t.Fatalf("the server: %v\n%s", err, errOut.String())
			}

			// Every handler got every message, in order.
			got := map[string][]string{}
			for _, e := range w.output() {
				got[e.Who] = append(got[e.Who], e.Text)
			}
			if len(got) != interopClients {
				t.Errorf("%d goroutines printed; want %d handlers: %v", len(got), interopClients, got)
			}
			for who, lines := range got {
				want := []string{"Received connection: 127.0.0.1"}
				for x := range interopMessages {
					want = append(want, "Hey. "+strconv.Itoa(x))
				}
				want = append(want, "Closed connection: 127.0.0.1")
				if strings.Join(lines, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s printed %q; want %q", who, lines, want)
				}
			}
		})
	}
}

func TestPythonServerOurClients(t *testing.T) {
	py := python3(t)
	for _, protocol := range []string{"0", "2"} {
		t.Run("protocol="+protocol, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), py, "../../testdata/python/server.py", "0", protocol,
				strconv.Itoa(interopClients), strconv.Itoa(interopMessages))
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var pyErr syncBuffer
			cmd.Stderr = &pyErr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := bufio.NewScanner(stdout)
			if !lines.Scan() {
				cmd.Wait()
				t.Fatalf("server.py printed nothing: %s", pyErr.String())
			}
			port, ok := strings.CutPrefix(lines.Text(), "Listening on ")
			if !ok {
				t.Fatalf("server.py's first line is %q", lines.Text())
			}

			out, errOut, code := threads(t, t.Context(), "run", "clients", "-net", "tcp", "-addr", "127.0.0.1:"+port,
				"-role", "client", "-clients", strconv.Itoa(interopClients), "-messages", strconv.Itoa(interopMessages))
			if code != 0 {
				t.Fatalf("our clients exited %d:\n%s%s", code, out, errOut)
			}
			if n := strings.Count(out, "| [1, 2, 7, 9, 0]\n"); n != interopClients {
				t.Errorf("our clients printed the list %d times; want %d:\n%s", n, interopClients, out)
			}

			var pyOut strings.Builder
			for lines.Scan() {
				pyOut.WriteString(lines.Text() + "\n")
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("server.py: %v\n%s", err, pyErr.String())
			}
			// recv(1024) may return several messages at once, so count
			// them in the text rather than by line.
			text := pyOut.String()
			for x := range interopMessages {
				msg := "Hey. " + strconv.Itoa(x) + "\n"
				if n := strings.Count(text, msg); n != interopClients {
					t.Errorf("server.py printed %q %d times; want %d:\n%s", msg, n, interopClients, text)
				}
			}
			// print writes each of its arguments separately, so another
			// thread's output may come between "connection:" and the address.
			for _, s := range []string{"Received connection:", "Closed connection:"} {
				if n := strings.Count(text, s); n != interopClients {
					t.Errorf("server.py printed %q %d times; want %d", s, n, interopClients)
				}
			}
		})
	}
}
