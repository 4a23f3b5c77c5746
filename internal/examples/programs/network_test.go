package programs

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/pickle"
	"github.com/goroutine-playground/playground/internal/runner"
)

const theList = "[1, 2, 7, 9, 0]"

// byWho groups the output lines by goroutine.
func byWho(rec *events) map[string][]string {
	m := map[string][]string{}
	for _, e := range rec.output("") {
		m[e.Who] = append(m[e.Who], e.Text)
	}
	return m
}

// checkServed checks that each goroutine whose name starts with server
// served whole conversations: a connection received, messages lines in
// order, the connection closed; and that clients conversations took place
// in all. It returns the most conversations that were going on at once.
func checkServed(t *testing.T, rec *events, server string, clients, messages int) (most int) {
	t.Helper()
	conversations, now := 0, 0
	state := map[string]int{} // -1 between conversations, else lines read
	for _, e := range rec.output(server) {
		n, serving := state[e.Who]
		switch {
		case e.Text == "Received connection: 127.0.0.1":
			if serving && n >= 0 {
				t.Errorf("%s received a connection while serving one", e.Who)
			}
			state[e.Who] = 0
			now++
			most = max(most, now)
		case e.Text == "Closed connection: 127.0.0.1":
			if !serving || n != messages {
				t.Errorf("%s closed after %d of %d messages", e.Who, n, messages)
			}
			state[e.Who] = -1
			now--
			conversations++
		case serving && n >= 0 && e.Text == "Hey. "+strconv.Itoa(n):
			state[e.Who] = n + 1
		default:
			t.Errorf("%s printed %q out of turn", e.Who, e.Text)
		}
	}
	if conversations != clients {
		t.Errorf("%d conversations; want %d", conversations, clients)
	}
	return most
}

// checkClients checks that every goroutine whose name starts with
// "client-" connected and printed the list, and that there were n.
func checkClients(t *testing.T, rec *events, n int) {
	t.Helper()
	got := 0
	for who, lines := range byWho(rec) {
		if !strings.HasPrefix(who, "client-") {
			continue
		}
		got++
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "Connected to ") || lines[1] != theList {
			t.Errorf("%s printed %q; want to connect and print %s", who, lines, theList)
		}
	}
	if got != n {
		t.Errorf("%d clients printed; want %d", got, n)
	}
}

// checkAllExited checks that every goroutine the runner saw start exited.
func checkAllExited(t *testing.T, rec *events) {
	t.Helper()
	live := map[string]bool{}
	for _, e := range rec.list() {
		switch e.Kind {
		case runner.Start:
			live[e.Who] = true
		case runner.Exit:
			delete(live, e.Who)
		}
	}
	if len(live) > 0 {
		t.Errorf("still running at the end: %v", live)
	}
}

func TestServer(t *testing.T) {
	rec := mustRun(t, "server", map[string]string{"clients": "50"})
	checkServed(t, rec, "handler-", 50, 10)
	checkClients(t, rec, 50)
	checkAllExited(t, rec)
	// The listener closed after the last accept, and main was the one.
	accepts := rec.of(runner.Accept)
	if len(accepts) != 50 {
		t.Errorf("%d accepts; want 50", len(accepts))
	}
	closed := -1
	for i, e := range rec.list() {
		if e.Kind == runner.Close && e.Conn == 0 && e.Who == "main" {
			closed = i
		}
	}
	if closed < rec.index(runner.Accept, "main", "") || closed < 0 {
		t.Error("main did not close its listener after accepting")
	}
}

// TestServerSendsRealPickle checks the bytes on the wire for every
// protocol: each handler's first write is CPython's pickle of the list.
func TestServerSendsRealPickle(t *testing.T) {
	for p := range 6 {
		rec := mustRun(t, "server", map[string]string{"clients": "2", "messages": "1", "protocol": strconv.Itoa(p)})
		want, err := pickle.Encode(someList, p)
		if err != nil {
			t.Fatal(err)
		}
		checkClients(t, rec, 2)
		first := map[string]string{}
		for _, e := range rec.of(runner.Send) {
			if _, ok := first[e.Who]; !ok && strings.HasPrefix(e.Who, "handler-") {
				first[e.Who] = e.Text
			}
		}
		for who, sent := range first {
			if sent != string(want[:min(len(want), runner.SendPreview)]) {
				t.Errorf("protocol %d: %s sent %q; want %q", p, who, sent, want)
			}
		}
		if len(first) != 2 {
			t.Errorf("protocol %d: %d handlers sent; want 2", p, len(first))
		}
	}
}

func TestClient(t *testing.T) {
	rec := mustRun(t, "client", nil)
	lines := byWho(rec)["main"]
	if len(lines) != 2 || lines[1] != theList {
		t.Errorf("the client printed %q; want the list", lines)
	}
	checkServed(t, rec, "handler-", 1, 10)
	// The server's goroutine reports its error to main and only then
	// exits, so its Exit event may come after main's; what must come
	// before main's is the server's work: its listener closed, and every
	// handler done.
	mainExit := rec.index(runner.Exit, "main", "")
	if i := rec.index(runner.Close, "server", ""); i < 0 || i > mainExit {
		t.Errorf("the server's listener closed at event %d, main exited at %d: main returned before the server shut down", i, mainExit)
	}
	if i := rec.index(runner.Output, "handler-1", "Closed connection"); i < 0 || i > mainExit {
		t.Errorf("the handler closed its connection at event %d, main exited at %d: main did not wait for it", i, mainExit)
	}
	checkAllExited(t, rec)
}

func TestClients(t *testing.T) {
	rec := mustRun(t, "clients", map[string]string{"clients": "7", "messages": "3"})
	checkClients(t, rec, 7)
	checkServed(t, rec, "handler-", 7, 3)
	checkAllExited(t, rec)
}

func TestPool(t *testing.T) {
	for _, tc := range []struct{ clients, workers int }{{5, 2}, {6, 1}, {3, 5}} {
		set := map[string]string{
			"clients": strconv.Itoa(tc.clients), "workers": strconv.Itoa(tc.workers),
			"messages": "4", "pause": "300",
		}
		rec := mustRun(t, "pool", set)
		most := checkServed(t, rec, "worker-", tc.clients, 4)
		if want := min(tc.clients, tc.workers); most != want {
			t.Errorf("%v: at most %d clients served at once; want %d", set, most, want)
		}
		checkClients(t, rec, tc.clients)
		checkAllExited(t, rec)
		for who := range byWho(rec) {
			if strings.HasPrefix(who, "handler-") {
				t.Errorf("%s: the pool started a goroutine per client", who)
			}
		}
		// Clients beyond the workers waited: connected before a worker
		// was free, served only after another client's connection closed.
		waited, firstClose := 0, -1
		for i, e := range rec.list() {
			if firstClose < 0 && e.Kind == runner.Output && strings.HasPrefix(e.Text, "Closed connection") {
				firstClose = i
			}
		}
		for i, e := range rec.list() {
			if e.Kind == runner.Output && e.Text == theList && i > firstClose && firstClose >= 0 &&
				rec.index(runner.Output, e.Who, "Connected to") < firstClose {
				waited++
			}
		}
		if want := max(tc.clients-tc.workers, 0); waited < want {
			t.Errorf("%v: %d clients waited in the room; want at least %d\n%s", set, waited, want, dump(rec))
		}
	}
}

// TestStopPool stops the pool mid-run: the run ends stopped, with no
// goroutine left behind (TestMain's goleak checks the plain ones too), and
// the next run is whole.
func TestStopPool(t *testing.T) {
	ex, _ := examples.Lookup("pool")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	served := 0
	rec := &events{}
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Sink: func(e runner.Event) {
		rec.sink(e)
		if e.Kind == runner.Output && e.Text == "Hey. 1" {
			if served++; served == 2 {
				cancel()
			}
		}
	}})
	if !stopped(ctx, res) || len(res.Lingering) > 0 {
		t.Fatalf("stopped run: %v, lingering %v\n%s", res.Status, res.Lingering, dump(rec))
	}
	checkAllExited(t, rec)
	rec = mustRun(t, "pool", map[string]string{"pause": "0"})
	checkServed(t, rec, "worker-", 5, 10)
}

// TestServerMany serves as many clients as the benchmark does.
func TestServerMany(t *testing.T) {
	if testing.Short() || raceEnabled || runtimeGOOS == "js" {
		t.Skip("10,000 clients take a while in -short, -race and wasm runs")
	}
	rec := mustRun(t, "server", map[string]string{"clients": "10000"})
	checkServed(t, rec, "handler-", 10000, 10)
	checkClients(t, rec, 10000)
}

func TestRoles(t *testing.T) {
	// A server alone: nobody comes, and Stop ends it.
	ctx, cancel := context.WithCancel(t.Context())
	ex, _ := examples.Lookup("server")
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Role: runner.Server, Sink: func(e runner.Event) {
		if e.Kind == runner.Wait && e.Text == "accept" {
			cancel()
		}
	}})
	if !stopped(ctx, res) || len(res.Lingering) > 0 {
		t.Errorf("a lone server: %v %v, lingering %v", res.Status, res.Err, res.Lingering)
	}
	// Clients alone: nobody listens, and the run fails saying so.
	for _, name := range []string{"client", "clients"} {
		ex, _ := examples.Lookup(name)
		res := runner.Run(t.Context(), Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Role: runner.Client})
		if res.Status != runner.Failed || res.Err == nil || !strings.Contains(res.Err.Error(), "refused") {
			t.Errorf("%s alone: %v %v; want failed: connection refused", name, res.Status, res.Err)
		}
	}
}
