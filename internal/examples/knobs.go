package examples

import "github.com/goroutine-playground/playground/internal/runner"

// The knobs of the programs. A knob with one name means the same thing in
// every program that has it, so the page and the command line can carry a
// value from one program to the next.
var (
	goroutinesKnob = runner.Knob{Name: "goroutines", Help: "how many goroutines share the counter",
		Default: 20, Min: 1, Max: 1000}
	unsafeKnob = runner.Knob{Name: "unsafe", Help: "run the tutorial's racy counter instead of the fix",
		Bool: true, Default: 0, Min: 0, Max: 1}

	// clientsKnob goes to 10,000: the benchmark serves that many, each
	// sending ten messages.
	clientsKnob = runner.Knob{Name: "clients", Help: "how many clients connect (the server serves this many, then stops)",
		Default: 5, Min: 1, Max: 10000}
	messagesKnob = runner.Knob{Name: "messages", Help: "lines each client sends; the server prints at most this many per client",
		Default: 10, Min: 0, Max: 1000}
	// protocolKnob's default is what Python 2's pickle.dumps wrote, as in
	// the tutorial; 5 is the newest protocol CPython has.
	protocolKnob = runner.Knob{Name: "protocol", Help: "pickle protocol of the list the server sends (0 was Python 2's default)",
		Default: 0, Min: 0, Max: 5}
	workersKnob = runner.Knob{Name: "workers", Help: "worker goroutines in the pool",
		Default: 2, Min: 1, Max: 100}
	// pauseKnob's default makes each client of the pool busy for about
	// 0.3 s at the default time scale, so the waiting room fills and
	// empties in about a second.
	pauseKnob = runner.Knob{Name: "pause", Help: "ms a client waits between its messages (scaled)",
		Default: 300, Min: 0, Max: 10000}

	waitKnob = runner.Knob{Name: "wait", Help: "main waits for the goroutine before it returns",
		Bool: true, Default: 1, Min: 0, Max: 1}

	// manyGoroutinesKnob's maximum is what the wasm build holds, with
	// room to spare. Measured with cmd/threads built for js/wasm and run
	// by Node 20 (V8, Chrome's engine, whose wasm memory is capped at
	// 4 GiB as in a tab): "threads run many -goroutines N -clients 1".
	// N = 100,000 ran to the end (2.6 kB a goroutine, 205 MB of stack);
	// N = 1,000,000 started them all, holding 2.0 GB of stack and 576 MB
	// of heap, too near the cap for a tab that also draws a page. Half
	// that is the limit. The default stays quick on a slow machine.
	manyGoroutinesKnob = runner.Knob{Name: "goroutines", Help: "how many goroutines to start at once",
		Default: 10000, Min: 1, Max: 500000}
	manyClientsKnob = runner.Knob{Name: "clients", Help: "clients in the comparison of a goroutine per client with a pool",
		Default: 200, Min: 1, Max: 10000}
	manyWorkersKnob = runner.Knob{Name: "workers", Help: "worker goroutines in the pool of the comparison",
		Default: 8, Min: 1, Max: 1000}

	// manyStallKnob replaces runner.Stall in many, whose goroutines are
	// mostly started with a plain go statement: the runner cannot see them
	// work, so while main waits for them (or for the garbage collector) the
	// run looks stuck to it. A stall of a minute at the default scale keeps
	// it from reporting a deadlock that is not there.
	manyStallKnob = withDefault(runner.Stall, 60000)

	// primesKnob's default keeps responsive's worker busy for several
	// seconds (about ten on a laptop, natively or in the browser), long
	// enough to ask for the status a few times.
	primesKnob = runner.Knob{Name: "primes", Help: "count the primes below this many million",
		Default: 20, Min: 1, Max: 1000}
	backgroundKnob = runner.Knob{Name: "background", Help: "a goroutine does the work, so main can answer at once",
		Bool: true, Default: 1, Min: 0, Max: 1}

	filesKnob = runner.Knob{Name: "files", Help: "how many files main fetches and compresses",
		Default: 8, Min: 1, Max: 100}
	sizeKnob = runner.Knob{Name: "size", Help: "KB in each file",
		Default: 128, Min: 1, Max: 2000}
	// overlapLatencyKnob and overlapBandwidthKnob replace the network's
	// knobs in overlap, whose lesson needs a slow network from the start:
	// at the default time scale, a 128 KB file then takes about 45 ms to
	// fetch, and compressing it about 25 ms natively (more in a browser).
	overlapLatencyKnob   = withDefault(runner.Latency, 100)
	overlapBandwidthKnob = withDefault(runner.Bandwidth, 500)

	recoverKnob = runner.Knob{Name: "recover", Help: "the goroutine recovers its own panic and reports it as an error",
		Bool: true, Default: 0, Min: 0, Max: 1}
	fixKnob = runner.Knob{Name: "fix", Help: "one side speaks first, so nobody waits forever",
		Bool: true, Default: 0, Min: 0, Max: 1}
	spinKnob = runner.Knob{Name: "spin", Help: "ms the goroutine spins (real time, not scaled)",
		Default: 1000, Min: 10, Max: 60000}
	yieldKnob = runner.Knob{Name: "yield", Help: "the spinning goroutine calls runtime.Gosched as it goes",
		Bool: true, Default: 0, Min: 0, Max: 1}
)

// withDefault returns k with another default.
func withDefault(k runner.Knob, v int) runner.Knob {
	k.Default = v
	return k
}
