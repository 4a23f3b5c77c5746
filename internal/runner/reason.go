package runner

import (
	"slices"
	"strings"
)

// Reasons are the words a [Blocked] or [Stuck] event's Text says a
// goroutine waits for, in the order a legend lists them. A wait the list
// does not name keeps the runtime's own words ("forever" for a select with
// no cases or a nil channel, "preempted", "synctest"...).
var Reasons = [...]string{
	"chan send",    // a send on a channel no one receives from yet
	"chan receive", // a receive from a channel no one sends on yet
	"select",       // a select none of whose cases is ready
	"Mutex",        // sync.Mutex.Lock: another goroutine holds the lock
	"RWMutex",      // sync.RWMutex: a writer, or readers, hold it
	"WaitGroup",    // sync.WaitGroup.Wait: some goroutine has not called Done
	"Cond",         // sync.Cond.Wait: no Signal or Broadcast yet
	"sync",         // another sync primitive (Once, Map, a semaphore)
	"sleep",        // time.Sleep or runner.Sleep: a timer will wake it
	"network",      // a read, write, accept or dial that waits for the peer
	"input",        // a read of the program's input: the user has not typed it yet
	"output",       // a write the host has not taken yet (js/wasm's standard output)
	"GC",           // the garbage collector made it wait
	"playground",   // the runner's own bookkeeping: another goroutine's output or network event is being recorded
}

// reasonOf names what a goroutine waits for, given the runtime's words
// for it (a trace's block reason, or a stack dump's state) and its stack. The stack says more than the words: the
// runtime calls every sync wait "sync", and a wait inside the network or
// the runner's Sleep is, to the program, a network wait or a sleep.
func reasonOf(words string, s stack) string {
	funcs := s.funcs
	// The innermost frame outside the standard library says whose wait it
	// is: the program's, the network's or the runner's.
	for i, fn := range funcs {
		if isStd(fn) {
			continue
		}
		if strings.Contains(s.places[i], "_test.go:") {
			break // a test's program
		}
		if _, ok := strings.CutPrefix(fn, modulePath+"memnet."); ok {
			if _, ok := netWait(funcs); ok {
				return "network"
			}
		}
		if m, ok := strings.CutPrefix(fn, modulePath+"runner."); ok {
			switch m {
			case "Sleep":
				return "sleep"
			case "ReadLine", "(*Stdin).ReadLineFor":
				return "input"
			}
			return "playground"
		}
		break
	}
	// In js/wasm a read or write of a file (standard input or output)
	// waits for the host, on a channel of syscall's.
	for _, fn := range funcs {
		if fn == "syscall.fsCall" {
			if slices.Contains(funcs, "os.(*File).Read") {
				return "input"
			}
			return "output"
		}
	}
	// The sync type is the one the program called: the outermost sync
	// frame before the program's own (RWMutex.Lock waits in a Mutex).
	kind := ""
	for _, fn := range funcs {
		if !isStd(fn) {
			break
		}
		fn = strings.TrimPrefix(fn, "internal/")
		for _, t := range [...]string{"Mutex", "RWMutex", "WaitGroup", "Cond"} {
			if strings.HasPrefix(fn, "sync.(*"+t+")") {
				kind = t
			}
		}
	}
	switch {
	case kind != "":
		return kind
	case words == "chan send", words == "chan receive", words == "select", words == "sleep", words == "forever":
		return words
	case strings.HasPrefix(words, "chan send"), strings.HasPrefix(words, "chan receive"), words == "select (no cases)":
		return "forever" // "chan receive (nil chan)" in a dump: as the trace says it
	case strings.HasPrefix(words, "sync.Mutex"):
		return "Mutex"
	case strings.HasPrefix(words, "sync.RWMutex"):
		return "RWMutex"
	case strings.HasPrefix(words, "sync.WaitGroup"):
		return "WaitGroup"
	case words == "sync.Cond.Wait", words == "sync.(*Cond).Wait":
		return "Cond"
	case words == "sync", words == "semacquire", strings.HasPrefix(words, "sync."):
		return "sync"
	case words == "network", words == "IO wait":
		return "network"
	case strings.Contains(words, "GC"), strings.Contains(words, "garbage collection"):
		return "GC"
	}
	return words
}

// netWait reports whether a stack is blocked in the in-memory network, and
// in which call.
func netWait(funcs []string) (string, bool) {
	for _, fn := range funcs {
		if m, ok := strings.CutPrefix(fn, modulePath+"memnet."); ok {
			switch {
			case strings.HasSuffix(m, ".Accept"):
				return "network accept", true
			case strings.HasSuffix(m, ".Read"):
				return "network read", true
			case strings.HasSuffix(m, ".Write"):
				return "network write (the peer's buffer is full)", true
			case strings.Contains(m, "Dial"):
				return "network dial (the backlog is full)", true
			}
		}
	}
	return "", false
}

// Classify says what a blocked goroutine waits for, in the words of
// [Reasons], and where: the file and line in the program's own source
// ("deadlock.go:63"), or "" when its stack has none. words are the
// runtime's words for the wait (an execution trace's block reason, or a
// stack dump's state); funcs and places ("/path/file.go:42") are its
// stack, innermost first. Package states uses it on the trace's stacks,
// as the runner does on a stack dump when it finds a deadlock.
func Classify(words string, funcs, places []string) (reason, where string) {
	s := stack{funcs: funcs, places: places}
	return reasonOf(words, s), s.where()
}
