package page

// Key is one entry of the timeline's legend: a swatch drawn with the CSS
// classes Class (the ones the drawing uses for what it explains) and its
// words.
type Key struct {
	Class string
	Words string
}

// Legend is the timeline's legend, in the order the page shows it: the
// states of a goroutine, the waits by what they wait for, the deadlock,
// the arrows, and a client's service.
func Legend() []Key {
	return []Key{
		{"running", "running"},
		{"runnable", "ready, waiting for the CPU"},
		{"waiting " + ReasonClass("chan receive"), "waiting on a channel or select"},
		{"waiting " + ReasonClass("Mutex"), "on a Mutex, WaitGroup or Cond"},
		{"waiting " + ReasonClass("sleep"), "asleep"},
		{"waiting " + ReasonClass("network"), "on the network or input"},
		{"waiting " + ReasonClass("GC"), "other waits"},
		{"stuck", "stuck (deadlock)"},
		{"wake", "woke another"},
		{"message", "bytes sent"},
		{"queued", "client in the waiting room"},
		{"served", "client being served"},
	}
}

// LegendHint follows the legend: what the marks say when asked.
const LegendHint = "Point at or focus a mark for its reason, line and who woke it; click a mark or a line of output to link them."

// ReasonClass is the CSS class of a wait for reason (one of
// runner.Reasons, or the runtime's own words): waits that a reader would
// fix alike share a colour.
func ReasonClass(reason string) string {
	switch reason {
	case "chan send", "chan receive", "select", "forever":
		return "r-chan"
	case "Mutex", "RWMutex", "WaitGroup", "Cond", "sync":
		return "r-sync"
	case "sleep":
		return "r-sleep"
	case "network", "input", "output":
		return "r-io"
	}
	return "r-other" // GC, the playground's own bookkeeping, the runtime's other words
}
