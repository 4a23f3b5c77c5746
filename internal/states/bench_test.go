package states

import (
	"bytes"
	"context"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	xtrace "golang.org/x/exp/trace"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/examples/programs"
	"github.com/goroutine-playground/playground/internal/runner"
)

// BenchmarkStates is P8: the program server with 10,000 clients of 10
// messages, its engine only (each event encoded to the wire form, as the
// page's engine does), with states ÷ without, measured in alternating
// runs of the same benchmark. It reports both times (wall clock, and the
// process's CPU time where known: steadier on a shared machine), the
// ratios, and what the states add: events, wire bytes, trace bytes.
//
//	go test -run '^$' -bench States -benchtime 3x ./internal/states
//
// "on" is the states as a page would have them (Config.States, and
// Config.Trace for a download): the trace stops past the first 1,000
// goroutines. PG_MODES adds runs to the rotation, each reported against
// off: "all" (the same with Config.TraceAll: the whole run traced and
// parsed), "trace" (the execution trace to a writer, no states),
// "runtime" (states without the flight recorder's cuts). PG_CLIENTS
// changes the clients; PG_PERIOD the generation period (a duration, or
// "runtime").
func BenchmarkStates(b *testing.B) {
	ex, ok := examples.Lookup("server")
	if !ok {
		b.Fatal("no program server")
	}
	clients := 10000
	if s := os.Getenv("PG_CLIENTS"); s != "" {
		clients, _ = strconv.Atoi(s)
	}
	var period time.Duration
	switch s := os.Getenv("PG_PERIOD"); s {
	case "":
	case "runtime":
		period = -1
	default:
		period, _ = time.ParseDuration(s)
	}
	modes := []string{"off", "on"}
	if s := os.Getenv("PG_MODES"); s != "" {
		modes = append(modes, strings.Split(s, ",")...)
	}
	type tally struct {
		time, cpu     time.Duration
		events, bytes int
		trace         int64
	}
	tallies := make([]tally, len(modes))
	run := func(mode string, t *tally) {
		var wire []byte
		cw := &countWriter{}
		cfg := runner.Config{Knobs: ex.Knobs, Values: runner.Values{"clients": clients, "messages": 10},
			Sink: func(e runner.Event) {
				wire = runner.AppendEvent(wire, e)
				t.events++
				if len(wire) > 64<<10 {
					t.bytes += len(wire)
					wire = wire[:0]
				}
			}}
		switch mode {
		case "on":
			cfg.States, cfg.Parse, cfg.StatePeriod, cfg.Trace = true, Parse, period, cw
		case "trace":
			cfg.Trace = cw
		case "runtime":
			cfg.States, cfg.Parse, cfg.StatePeriod = true, Parse, -1
		case "all":
			cfg.States, cfg.Parse, cfg.StatePeriod, cfg.Trace, cfg.TraceAll = true, Parse, period, cw, true
		}
		start, cpu := time.Now(), cpuTime()
		res := runner.Run(b.Context(), programs.Main(ex.Name), cfg)
		t.time += time.Since(start)
		t.cpu += cpuTime() - cpu
		t.bytes += len(wire)
		t.trace += cw.n
		if res.Status != runner.Done || res.TraceErr != nil {
			b.Fatalf("%s: %v %v %v", mode, res.Status, res.Err, res.TraceErr)
		}
	}
	for i := 0; b.Loop(); i++ {
		for j := range modes {
			k := (i + j) % len(modes) // each mode in each place of the rotation
			run(modes[k], &tallies[k])
		}
	}
	n := float64(b.N)
	for k, m := range modes {
		t := tallies[k]
		b.ReportMetric(t.time.Seconds()/n, m+"-s/op")
		b.ReportMetric(float64(t.events)/n, m+"-events/op")
		b.ReportMetric(float64(t.bytes)/n, m+"-wireB/op")
		if k > 0 {
			b.ReportMetric(float64(t.time)/float64(tallies[0].time), m+"/off")
		}
		if t.cpu > 0 {
			b.ReportMetric(t.cpu.Seconds()/n, m+"-cpu-s/op")
			if k > 0 {
				b.ReportMetric(float64(t.cpu)/float64(tallies[0].cpu), m+"/off-cpu")
			}
		}
		if t.trace > 0 {
			b.ReportMetric(float64(t.trace)/n, m+"-traceB/op")
		}
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(b []byte) (int, error) { w.n += int64(len(b)); return len(b), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkStateDelay measures how late states reach the sink, and how
// often the tracer cuts a generation: a program sleeps 10 ms at a time for
// a second, with the runner's cuts (every DefaultStatePeriod) and with the
// runtime's own period. It reports the generations per second (Sync events
// in the trace, less the first and last) and the median and longest delay
// from a Blocked event's time to its arrival.
//
//	go test -run '^$' -bench StateDelay -benchtime 2x ./internal/states
func BenchmarkStateDelay(b *testing.B) {
	sleeper := func(ctx context.Context, env *runner.Env) error {
		for range 100 {
			if err := runner.Sleep(ctx, 10*time.Millisecond); err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range []struct {
		name   string
		period time.Duration
	}{{"cut", 0}, {"runtime", -1}} {
		b.Run(c.name, func(b *testing.B) {
			var delays []time.Duration
			gens, elapsed := 0, time.Duration(0)
			for b.Loop() {
				var buf bytes.Buffer
				var t0 time.Time
				res := runner.Run(b.Context(), sleeper, runner.Config{States: true, Parse: Parse, StatePeriod: c.period, Trace: &buf,
					Values: runner.Values{runner.TimeScale.Name: 1},
					Sink: func(e runner.Event) {
						if e.Kind == runner.Start && e.Who == "main" {
							t0 = time.Now().Add(-e.At) // the run's time 0, on this clock
						}
						if e.Kind == runner.Blocked {
							delays = append(delays, time.Since(t0)-e.At)
						}
					}})
				if res.Status != runner.Done || res.TraceErr != nil {
					b.Fatalf("%v %v %v", res.Status, res.Err, res.TraceErr)
				}
				elapsed += res.Elapsed
				gens += syncs(b, &buf) - 2
			}
			slices.Sort(delays)
			b.ReportMetric(float64(gens)/elapsed.Seconds(), "gens/s")
			b.ReportMetric(float64(delays[len(delays)/2])/1e6, "p50-delay-ms")
			b.ReportMetric(float64(delays[len(delays)-1])/1e6, "max-delay-ms")
		})
	}
}

// syncs counts the Sync events of a trace: one per generation, and one
// more at its end.
func syncs(b *testing.B, r io.Reader) int {
	rd, err := xtrace.NewReader(r)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for {
		ev, err := rd.ReadEvent()
		if err == io.EOF {
			return n
		}
		if err != nil {
			b.Fatal(err)
		}
		if ev.Kind() == xtrace.EventSync {
			n++
		}
	}
}

// BenchmarkFirstLine measures how long a run takes to print its first
// line, from the call to runner.Run to the Output event at the sink, with
// states (and a flight recorder's cuts) and without, in alternating runs:
// the tracer starts before main does, and that start is all the first
// line waits for (the parser runs beside the program). It reports the
// medians.
//
//	go test -run '^$' -bench FirstLine -benchtime 200x ./internal/states
func BenchmarkFirstLine(b *testing.B) {
	hello := func(ctx context.Context, env *runner.Env) error {
		runner.Println(ctx, "hello")
		return nil
	}
	var off, on []time.Duration
	for i := 0; b.Loop(); i++ {
		for _, states := range []bool{i%2 == 0, i%2 != 0} {
			var first time.Duration
			start := time.Now()
			cfg := runner.Config{Sink: func(e runner.Event) {
				if e.Kind == runner.Output && first == 0 {
					first = time.Since(start)
				}
			}}
			if states {
				cfg.States, cfg.Parse = true, Parse
			}
			if res := runner.Run(b.Context(), hello, cfg); res.Status != runner.Done || res.TraceErr != nil {
				b.Fatalf("%v %v %v", res.Status, res.Err, res.TraceErr)
			}
			if states {
				on = append(on, first)
			} else {
				off = append(off, first)
			}
		}
	}
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2]) / 1e3
	}
	b.ReportMetric(median(off), "off-µs")
	b.ReportMetric(median(on), "on-µs")
	b.ReportMetric(median(on)/median(off), "on/off")
}
