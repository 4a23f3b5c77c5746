// Package runner runs one ported program and watches it while it runs.
//
// A program is a [Main] function. The runner starts it as the goroutine
// "main", hands it an [Env] (its knob values and a network) and a context
// that carries the goroutine's identity. The program starts further
// goroutines with [Go], prints with [Println] and [Printf], and sleeps with
// [Sleep]; each of these takes the goroutine's context, which is how the
// runner knows who did what without asking the Go runtime for goroutine IDs
// (which Go deliberately does not offer).
//
// # Events
//
// Everything a run does reaches the caller as one stream of [Event] values:
// output lines, goroutines starting, waiting, resuming, exiting and
// panicking, and the network's listens, dials, accepts, bytes moved and
// closes. The terminal front end, the page's output panel and its timeline
// are all sinks of that one stream, and tests assert on it.
//
// # Input
//
// A program reads lines with [ReadLine], from the [Stdin] its caller put in
// [Config.Stdin] and sends lines to while it runs. Each line read is an
// [Input] event of the goroutine that read it, and a goroutine waiting for
// a line sends a [Wait] event with the text "input": it waits on its user,
// so it is never part of a deadlock.
//
// # Goroutine states
//
// With [Config.States], the run is recorded with Go's execution tracer,
// and its goroutines' states reach the stream as events too: [Blocked]
// (why, in the words of [Reasons], and at which line of the program),
// [Runnable] (and who woke it), [Running] and [Gone]. Package states turns
// the trace into those events ([Config.Parse]); the runner names its
// goroutines in the trace, cuts a generation every [DefaultStatePeriod] so
// the states come while the run goes on, bounds them ([DefaultStateLimit]
// goroutines; past it the trace stops, unless [Config.TraceAll]), and
// leaves its own Wait and Resume events to them. [Config.Trace] receives
// the trace itself, which go tool trace reads.
//
// # How a run ends
//
// [Run] returns a [Result] whose [Status] is [Done] when main returned nil,
// [Stopped] when the caller's context was cancelled, and [Failed] when main
// returned an error, a goroutine panicked (a [*PanicError]), or every
// goroutine of the run has been blocked with no event for the stall time (a
// [*DeadlockError] naming each goroutine and what it waits on, each also a
// [Stuck] event before the [End]). In every case
// the run's context is cancelled and its network closed, so goroutines that
// honour their context are gone before Run returns; a goroutine that ignores
// it is named in the Result.
//
// As in a Go program, the end of main is the end of the run: goroutines still
// running then are named in a [Note] event and then cancelled.
//
// # Scale
//
// Tracking who is blocked on the network costs a stack read per network
// operation. Up to [Config.TraceLimit] live goroutines the runner does it;
// beyond, it stops emitting per-goroutine network detail (bytes and waits)
// and says so in a Note, while output, goroutine and connection events go
// on. Stall detection works only while tracing.
package runner
