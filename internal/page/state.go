package page

import "strconv"

// State is the page's state, shown as the data-state attribute of the
// root element (#playground). Its String is the word tests wait for.
type State uint8

// The states of the page, in the order a run goes through them.
const (
	Loading  State = iota // the Go runtime or the program list is not up yet
	Ready                 // nothing runs; Run starts the program on show
	Building              // edited code is being compiled and linked
	Running               // a run is under way; Stop ends it
	Done                  // the last run ended by itself
	Stopped               // the last run was stopped
	Failed                // the last run (or its build) failed
)

var stateWords = [...]string{
	Loading: "loading", Ready: "ready", Building: "building", Running: "running",
	Done: "done", Stopped: "stopped", Failed: "failed",
}

// String returns the state's data-state word.
func (s State) String() string {
	if int(s) < len(stateWords) {
		return stateWords[s]
	}
	return "state(" + strconv.Itoa(int(s)) + ")"
}

// ParseState returns the state whose word is w.
func ParseState(w string) (State, bool) {
	for i, word := range stateWords {
		if word == w {
			return State(i), true
		}
	}
	return 0, false
}

// Busy reports whether a run or a build is under way, when Run is refused
// and Stop is offered.
func (s State) Busy() bool { return s == Building || s == Running }

// Ended reports whether s is one of the states a run ends in.
func (s State) Ended() bool { return s == Done || s == Stopped || s == Failed }
