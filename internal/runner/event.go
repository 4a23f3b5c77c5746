package runner

import (
	"strconv"
	"time"
)

// Kind says what an [Event] reports.
type Kind uint8

// The kinds of event. Network kinds carry Conn, Addr and Peer.
const (
	Output     Kind = iota + 1 // Who printed the line Text
	Start                      // goroutine Who started; Text is the goroutine that started it
	Exit                       // goroutine Who returned
	Panic                      // goroutine Who panicked; Text is the value and the stack
	Wait                       // Who began to wait; Text says on what ("accept", "read", "sleep 10s")
	Resume                     // Who stopped waiting (sent only where no other event marks it)
	Listen                     // Who listens on Addr
	Dial                       // Who dialed Peer and got connection Conn with local address Addr
	Accept                     // Who accepted connection Conn from Peer
	Send                       // Who wrote N bytes at stream offset Off on Conn; Text holds the first bytes
	Recv                       // Who read N bytes at stream offset Off from Conn; Text holds the first bytes
	CloseWrite                 // Who half-closed its end of Conn
	Close                      // Who closed its end of Conn, or (Conn 0) the listener on Addr
	Note                       // the runner says Text about the run
	End                        // the run ended with Status; Text is why, if it did not end by itself
	Input                      // Who read the line Text of the run's input (ReadLine)

	// The goroutine states, from Go's execution tracer (see [Config.States]
	// and package states). Their At is when the tracer saw the change, so
	// they reach the sink up to a generation (see [DefaultStatePeriod])
	// after events stamped at the same moment: a consumer orders them by
	// At per goroutine, not by arrival.

	Blocked  // Who stopped running to wait: Text is the reason (one of [Reasons]), Where the line it waits at
	Runnable // Who is ready to run (new, woken or preempted): By is the goroutine that made it so, "" for the runtime
	Running  // Who runs on a CPU
	Gone     // Who returned: its last state (Exit, from the runner, ends its lane; Gone ends its states)

	// Stuck comes from the runner's deadlock check, with or without states:
	// Who waits forever. Text is the reason, Where the line; its At is when
	// the deadlock was first seen. Sent before End, for each goroutine.
	Stuck
	Untraced // from At on, goroutines have no states (N is 0), or those beyond the first N have none; Text says why
	// Ask: Who waits for a line of input (ReadLine), at once, whether or
	// not states are on: a front end shows its input line, or sends the
	// next scripted line, when a program asks. (Its wait, as a state, is
	// a Wait, or the trace's Blocked on "input".)
	Ask
)

var kindNames = [...]string{
	Output: "output", Start: "start", Exit: "exit", Panic: "panic", Wait: "wait",
	Resume: "resume", Listen: "listen", Dial: "dial", Accept: "accept", Send: "send",
	Recv: "recv", CloseWrite: "closewrite", Close: "close", Note: "note", End: "end",
	Input: "input", Blocked: "blocked", Runnable: "runnable", Running: "running", Gone: "gone",
	Stuck: "stuck", Untraced: "untraced", Ask: "ask",
}

// String returns the kind's lower-case name, as used in JSON.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText makes a Kind read as its name in JSON.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a Kind from its name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n != "" && n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return &unknownKindError{string(b)}
}

type unknownKindError struct{ name string }

func (e *unknownKindError) Error() string {
	return "runner: unknown event kind " + strconv.Quote(e.name)
}

// SendPreview is how many bytes of a Send or Recv an Event's Text keeps.
const SendPreview = 64

// Event is one thing that happened in a run.
type Event struct {
	At   time.Duration `json:"at"` // since the run started
	Kind Kind          `json:"kind"`
	Who  string        `json:"who,omitempty"` // the goroutine's name; empty for the runner itself
	Text string        `json:"text,omitempty"`
	Conn uint64        `json:"conn,omitempty"` // the connection, the same number at both ends
	Addr string        `json:"addr,omitempty"` // the acting end's address
	Peer string        `json:"peer,omitempty"` // the other end's address
	N    int           `json:"n,omitempty"`    // bytes moved
	Off  int64         `json:"off,omitempty"`  // offset of the first byte in its direction's stream
	// Status is how the run ended, on its End event; 0 on every other.
	Status Status `json:"status,omitempty"`

	// Where is the file and line of the program's own source a Blocked
	// or Stuck goroutine waits at: "deadlock.go:63".
	Where string `json:"where,omitempty"`
	// By is the goroutine that made a Runnable goroutine ready: the one
	// that woke it or started it.
	By string `json:"by,omitempty"`
}
