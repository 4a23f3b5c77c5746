package programs

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

var (
	oneByOneRE   = regexp.MustCompile(`^(file-\d+\.txt): fetched in .+, compressed to ([\d,]+) bytes in .+\.$`)
	fetchedRE    = regexp.MustCompile(`^(file-\d+\.txt): fetched in .+\.$`)
	compressedRE = regexp.MustCompile(`^(file-\d+\.txt): compressed to ([\d,]+) bytes in .+\.$`)
	overlapRE    = regexp.MustCompile(`^Overlapped: .+, .+ \(-?\d+%\) less than one after another\.$`)
)

// TestOverlap: every file is fetched and compressed both ways, to the same
// size; in the second, the fetcher fetches and main compresses, in order.
// How much time that saves is printed, not checked: it depends on the
// machine.
func TestOverlap(t *testing.T) {
	rec := mustRun(t, "overlap", map[string]string{"files": "4", "size": "20"})
	files := []string{"file-1.txt", "file-2.txt", "file-3.txt", "file-4.txt"}
	size := map[string]string{}
	var first, fetchedBy, compressedBy []string
	summary := false
	for _, e := range rec.output("") {
		if m := oneByOneRE.FindStringSubmatch(e.Text); m != nil && e.Who == "main" {
			first = append(first, m[1])
			size[m[1]] = m[2]
		}
		if m := fetchedRE.FindStringSubmatch(e.Text); m != nil && e.Who == "fetcher" {
			fetchedBy = append(fetchedBy, m[1])
		}
		if m := compressedRE.FindStringSubmatch(e.Text); m != nil && e.Who == "main" {
			compressedBy = append(compressedBy, m[1])
			if size[m[1]] != m[2] {
				t.Errorf("%s compressed to %s bytes, then to %s", m[1], size[m[1]], m[2])
			}
		}
		summary = summary || overlapRE.MatchString(e.Text) && e.Who == "main"
	}
	for what, got := range map[string][]string{"one after another": first, "fetched by the fetcher": fetchedBy, "compressed by main": compressedBy} {
		if !slices.Equal(got, files) {
			t.Errorf("%s: %v; want %v\n%s", what, got, files, dump(rec))
		}
	}
	if !summary {
		t.Errorf("no line says what overlapping saved\n%s", dump(rec))
	}
	// The fetcher's reads are network events of its own, so the timeline
	// shows its waits beside main's work.
	if rec.index(runner.Recv, "fetcher", "") < 0 || rec.index(runner.Wait, "fetcher", "read") < 0 {
		t.Errorf("no reads and read waits by the fetcher\n%s", dump(rec))
	}
	checkAllExited(t, rec)
}

// TestOverlapNeedsBothSides: overlap is its own server and client.
func TestOverlapNeedsBothSides(t *testing.T) {
	ex, _ := examples.Lookup("overlap")
	res := runner.Run(t.Context(), Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Role: runner.Client})
	if res.Status != runner.Failed || !strings.Contains(res.Err.Error(), "role both") {
		t.Errorf("overlap as a client alone: %v %v; want a failure naming the role", res.Status, res.Err)
	}
}

// TestFileText: a file is the same every time, differs from the others and
// has the size asked for.
func TestFileText(t *testing.T) {
	a, b := fileText("file-1.txt", 5000), fileText("file-2.txt", 5000)
	if a != fileText("file-1.txt", 5000) || a == b || len(a) != 5000 || len(b) != 5000 {
		t.Errorf("file texts: %d and %d bytes, equal %v; want 5000 each, different, the same every time", len(a), len(b), a == b)
	}
}

// TestLatencyShowsInPool: with latency, every client's first read of a
// connection comes at least the (scaled) latency after the server's first
// write to it. A lower bound is all the clock can promise.
func TestLatencyShowsInPool(t *testing.T) {
	rec := mustRun(t, "pool", map[string]string{"clients": "3", "messages": "2", "pause": "0", "latency": "300"})
	const latency = 30 * time.Millisecond // 300 ms at the default time scale of 10
	sent := map[uint64]time.Duration{}
	checked := 0
	for _, e := range rec.list() {
		switch {
		case e.Kind == runner.Send && strings.HasPrefix(e.Who, "worker-") && e.Off == 0:
			sent[e.Conn] = e.At
		case e.Kind == runner.Recv && strings.HasPrefix(e.Who, "client-") && e.Off == 0:
			at, ok := sent[e.Conn]
			if !ok {
				t.Fatalf("conn %d: read before any write\n%s", e.Conn, dump(rec))
			}
			if d := e.At - at; d < latency {
				t.Errorf("conn %d: read %v after the write; want at least %v", e.Conn, d, latency)
			}
			checked++
		}
	}
	if checked != 3 {
		t.Errorf("checked %d conns; want 3\n%s", checked, dump(rec))
	}
}

// TestNetworkKnobs: the networked programs have the network's latency and
// bandwidth knobs, the others do not; overlap starts with a slow network.
func TestNetworkKnobs(t *testing.T) {
	for _, e := range examples.All() {
		var names []string
		for _, k := range e.Knobs {
			names = append(names, k.Name)
		}
		want := []string{"timescale", "stall"}
		if e.Network {
			want = []string{"latency", "bandwidth", "timescale", "stall"}
		}
		if got := names[len(names)-len(want):]; !slices.Equal(got, want) {
			t.Errorf("%s: knobs end with %v; want %v", e.Name, got, want)
		}
		if !e.Network && (slices.Contains(names, "latency") || slices.Contains(names, "bandwidth")) {
			t.Errorf("%s uses no network, yet has the knobs %v", e.Name, names)
		}
	}
	ex, _ := examples.Lookup("overlap")
	v := runner.Defaults(ex.Knobs)
	if v["latency"] == 0 || v["bandwidth"] == 0 {
		t.Errorf("overlap's network: latency %d ms, bandwidth %d KB/s; want both slow by default", v["latency"], v["bandwidth"])
	}
	for _, tc := range []struct{ knob, value, want string }{
		{"latency", "10001", "[0, 10000]"},
		{"latency", "-1", "[0, 10000]"},
		{"bandwidth", "1000001", "[0, 1000000]"},
		{"bandwidth", "fast", "whole number"},
	} {
		e, _ := examples.Lookup("pool")
		_, err := runner.Resolve(e.Knobs, map[string]string{tc.knob: tc.value})
		if err == nil || !strings.Contains(err.Error(), tc.knob) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("pool -%s %s: error %v; want one naming the knob and %q", tc.knob, tc.value, err, tc.want)
		}
	}
}
