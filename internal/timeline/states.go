package timeline

import (
	"strings"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// States says how far a run's goroutine states go, for the page to say.
type States struct {
	On bool // the run sends states: lanes are tiled by running, runnable and waiting spans
	// Limit is set when goroutines beyond the first Limit have no states
	// (runner.Config.StateLimit); 0 when no goroutine was left out.
	Limit int
	// Cut is set when the states stopped for every goroutine at CutAt,
	// for Why (too many state events, a tracer too fast to read).
	Cut   bool
	CutAt time.Duration
	Why   []string // the runner's words for each limit reached
}

// Deadlock is a deadlocked run's end: every goroutine of it stuck.
type Deadlock struct {
	Stuck []Stuck
	// WaitsOn says who waits on whom, where the trace tells: a goroutine
	// stuck at a line waits on the goroutine that last woke it there.
	// A cycle in it is the deadlock's cycle. Known once the run has ended.
	WaitsOn []WaitsOn
}

// Stuck is a goroutine of a deadlock and its last wait.
type Stuck struct {
	Lane   int
	At     time.Duration // when the deadlock was found
	Reason string        // one of runner.Reasons
	Where  string        // the program's line, when known
	Span   int           // its last Waiting span (marked Stuck), or -1 until it is known
}

// WaitsOn is an edge of a deadlock's cycle: From waits, at Where, on To.
type WaitsOn struct {
	From, To int // lanes
	Where    string
}

// place is a line a goroutine waits at.
type place struct {
	lane  int
	where string
}

// stateEvent lays out a state from the tracer: the lane's open state span
// ends where the next begins. States come late, after the runner's own
// events, so a lane may have ended already; they stop at Gone.
func (t *Timeline) stateEvent(e runner.Event, l, idx int) {
	t.States.On = true
	if i, stuck := t.stuckOne[l]; stuck && e.At > t.Deadlock.Stuck[i].At {
		return // the run's end waking a stuck goroutine: it stays stuck
	}
	prev, open := t.state[l]
	if open {
		t.closeSpan(prev, e.At)
		delete(t.state, l)
		if s := &t.Spans[prev]; s.Kind == Waiting {
			s.Stuck = false // it ended before the deadlock was found
		}
	}
	s := Span{Lane: l, From: e.At, Event: idx, States: true}
	switch e.Kind {
	case runner.Gone:
		return
	case runner.Running:
		s.Kind = Running
	case runner.Runnable:
		s.Kind = Runnable
		if open && t.Spans[prev].Kind == Waiting {
			t.woken(prev, e)
		}
	case runner.Blocked:
		s.Kind, s.Text, s.Reason, s.Where = Waiting, e.Text, e.Text, e.Where
		if _, stuck := t.stuckOne[l]; stuck {
			s.Stuck = true // the last wait before the deadlock, so far
		}
	}
	if i := t.openSpan(s); i >= 0 {
		t.state[l] = i
		if s.Stuck {
			t.Deadlock.Stuck[t.stuckOne[l]].Span = i
		}
	}
}

// woken closes the Waiting span w with the goroutine that woke it.
func (t *Timeline) woken(w int, e runner.Event) {
	by, ok := t.lane[e.By]
	if e.By == "" || !ok {
		return
	}
	s := &t.Spans[w]
	s.By = by
	t.wokenBy[place{s.Lane, s.Where}] = by
	if len(t.Wakes) >= MaxWakes {
		t.capped = true
		return
	}
	t.Wakes = append(t.Wakes, Wake{From: by, To: s.Lane, At: e.At, Span: w})
}

// stuck marks a goroutine of a deadlock: its open wait, or the one its
// states will bring (they come late), is where it stays.
func (t *Timeline) stuck(e runner.Event, l int) {
	if _, dup := t.stuckOne[l]; dup {
		return
	}
	if t.Deadlock == nil {
		t.Deadlock = &Deadlock{}
	}
	t.Lanes[l].Stuck = true
	t.stuckOne[l] = len(t.Deadlock.Stuck)
	st := Stuck{Lane: l, At: e.At, Reason: e.Text, Where: e.Where, Span: -1}
	if i, open := t.state[l]; open && t.Spans[i].Kind == Waiting {
		t.Spans[i].Stuck = true
		st.Span = i
	} else if i, open := t.wait[l]; open {
		t.Spans[i].Stuck = true
		st.Span = i
	}
	t.Deadlock.Stuck = append(t.Deadlock.Stuck, st)
}

// endDeadlock completes the deadlock once every state has come: a stuck
// goroutine whose wait never came gets one from the deadlock's words, and
// who waits on whom is read from who woke each one before.
func (t *Timeline) endDeadlock(at time.Duration) {
	d := t.Deadlock
	if d == nil {
		return
	}
	for i := range d.Stuck {
		st := &d.Stuck[i]
		if st.Span < 0 {
			// No state or wait of the runner's showed it: the
			// deadlock's own words are its last wait.
			st.Span = t.openSpan(Span{Lane: st.Lane, Kind: Waiting, From: min(st.At, at), Text: st.Reason,
				Reason: st.Reason, Where: st.Where, Stuck: true})
		}
		if by, ok := t.wokenBy[place{st.Lane, st.Where}]; ok && st.Where != "" {
			d.WaitsOn = append(d.WaitsOn, WaitsOn{From: st.Lane, To: by, Where: st.Where})
		}
	}
}

// untraced records where the states stop.
func (t *Timeline) untraced(e runner.Event) {
	t.States.Why = append(t.States.Why, e.Text)
	if e.N > 0 {
		t.States.Limit = e.N
		return
	}
	if !t.States.Cut {
		t.States.Cut, t.States.CutAt = true, e.At
	}
	for l, i := range t.state {
		t.closeSpan(i, e.At)
		delete(t.state, l)
	}
}

// runnerReason is the reason of one of the runner's own waits: "sleep 10s
// (÷10)" is a sleep, "read" or "accept" a network wait.
func runnerReason(text string) string {
	if strings.HasPrefix(text, "sleep") {
		return "sleep"
	}
	return "network"
}
