package timeline

import (
	"strconv"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// benchEvents is a run of 1,000 goroutines that each start, print, send a
// line to a partner that reads it, wait, and exit: the events the page's
// timeline takes per frame at scale.
func benchEvents() []runner.Event {
	var evs []runner.Event
	at := time.Duration(0)
	add := func(e runner.Event) { at += time.Microsecond; e.At = at; evs = append(evs, e) }
	for i := range 1000 {
		who := "g" + strconv.Itoa(i)
		add(runner.Event{Kind: runner.Start, Who: who, Text: "main"})
		add(runner.Event{Kind: runner.Output, Who: who, Text: "hello from " + who})
	}
	for i := 0; i < 1000; i += 2 {
		a, b := "g"+strconv.Itoa(i), "g"+strconv.Itoa(i+1)
		c := uint64(i + 1)
		add(runner.Event{Kind: runner.Wait, Who: b, Text: "read", Conn: c})
		add(net(runner.Send, 0, a, c, "a", "b", 0, "Hey. "+strconv.Itoa(i)+"\n"))
		add(net(runner.Recv, 0, b, c, "b", "a", 0, "Hey. "+strconv.Itoa(i)+"\n"))
	}
	for i := range 1000 {
		add(runner.Event{Kind: runner.Exit, Who: "g" + strconv.Itoa(i)})
	}
	return evs
}

// BenchmarkLayout lays out the events; BenchmarkWire, the baseline, does
// what the page already does with each event before the timeline sees it:
// encode it in the engine and decode it in the view. Compare ns/op.
func BenchmarkLayout(b *testing.B) {
	evs := benchEvents()
	b.ReportAllocs()
	for b.Loop() {
		tl := New()
		for i, e := range evs {
			tl.Add(e, i)
		}
	}
}

func BenchmarkWire(b *testing.B) {
	evs := benchEvents()
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = buf[:0]
		for _, e := range evs {
			buf = runner.AppendEvent(buf, e)
		}
		for rest := buf; len(rest) > 0; {
			var err error
			if _, rest, err = runner.ReadEvent(rest); err != nil {
				b.Fatal(err)
			}
		}
	}
}
