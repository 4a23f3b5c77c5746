package programs

import (
	"testing"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

// BenchmarkServerClients runs the program server (a goroutine per
// connection) with 500 clients of 10 messages each, with per-goroutine
// network tracing off and on, as the page's benchmark does with more
// clients. Compare the two in one run: tracing costs a goroutine lookup per
// network call.
func BenchmarkServerClients(b *testing.B) {
	ex, ok := examples.Lookup("server")
	if !ok {
		b.Fatal("no program server")
	}
	for _, c := range []struct {
		name  string
		limit int
	}{{"trace=off", -1}, {"trace=on", 0}} {
		b.Run(c.name, func(b *testing.B) {
			events := 0
			for b.Loop() {
				res := runner.Run(b.Context(), Main(ex.Name), runner.Config{Knobs: ex.Knobs, TraceLimit: c.limit,
					Values: runner.Values{"clients": 500}, Sink: func(runner.Event) { events++ }})
				if res.Status != runner.Done {
					b.Fatalf("%v: %v", res.Status, res.Err)
				}
			}
			b.ReportMetric(float64(events)/float64(b.N), "events/op")
		})
	}
}
