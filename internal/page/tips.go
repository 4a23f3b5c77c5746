package page

import (
	"strconv"
	"time"

	"github.com/goroutine-playground/playground/internal/timeline"
)

// Item is the kind of thing a drawn element of the timeline shows; with
// its index in the layout it makes the element's data-i ("s12"), by which
// the view finds what to say about it.
type Item byte

// The items of a timeline's drawing.
const (
	ItemLane    Item = 'l' // a lane (Timeline.Lanes)
	ItemSpan    Item = 's' // a span (Timeline.Spans), or a piece of states drawn as one
	ItemArrow   Item = 'a' // a message (Timeline.Arrows)
	ItemMark    Item = 'm' // a mark (Timeline.Marks)
	ItemWake    Item = 'w' // a wake (Timeline.Wakes)
	ItemStuck   Item = 'k' // a goroutine of a deadlock (Deadlock.Stuck)
	ItemWaitsOn Item = 'o' // an edge of a deadlock's cycle (Deadlock.WaitsOn)
)

// ID is the data-i of item i of this kind: "s12".
func (k Item) ID(i int) string { return string(rune(k)) + strconv.Itoa(i) }

// Tip says what the drawn element whose data-i is id shows, for its
// tooltip and its accessible name; n is how many state spans it stands
// for (data-n; 1 or 0 for one). It is "" for an id the layout does not
// have.
func Tip(tl *timeline.Timeline, id string, n int) string {
	if len(id) < 2 {
		return ""
	}
	i, err := strconv.Atoi(id[1:])
	if err != nil || i < 0 {
		return ""
	}
	lane := func(l int) string { return tl.Lanes[l].Name }
	switch Item(id[0]) {
	case ItemLane:
		if i < len(tl.Lanes) {
			return laneTip(tl, i)
		}
	case ItemSpan:
		if i < len(tl.Spans) {
			s := spanTip(tl, &tl.Spans[i])
			if n > 1 {
				s += "; drawn with " + Plural(n-1, "briefer state") + " beside it, less than a pixel apart"
			}
			return s
		}
	case ItemArrow:
		if i < len(tl.Arrows) {
			a := &tl.Arrows[i]
			return Seconds(a.Sent) + " " + lane(a.From) + " → " + lane(a.To) + " (read at " + Seconds(a.Received) + "), " +
				strconv.Itoa(a.N) + " bytes: " + a.Label
		}
	case ItemMark:
		if i < len(tl.Marks) {
			m := &tl.Marks[i]
			return Seconds(m.At) + " " + lane(m.Lane) + " " + m.Text
		}
	case ItemWake:
		if i < len(tl.Wakes) {
			w := &tl.Wakes[i]
			s := Seconds(w.At) + " " + lane(w.From) + " woke " + lane(w.To)
			if sp := &tl.Spans[w.Span]; sp.Reason != "" {
				s += ", ending its wait: " + waitWords(sp)
			}
			return s
		}
	case ItemStuck:
		if d := tl.Deadlock; d != nil && i < len(d.Stuck) {
			st := &d.Stuck[i]
			s := lane(st.Lane) + " is stuck for good: " + place(st.Reason, st.Where) + " (the deadlock was found at " + Seconds(st.At) + ")"
			for _, w := range d.WaitsOn {
				if w.From == st.Lane {
					s += "; it waits on " + lane(w.To)
				}
			}
			return s
		}
	case ItemWaitsOn:
		if d := tl.Deadlock; d != nil && i < len(d.WaitsOn) {
			w := &d.WaitsOn[i]
			return lane(w.From) + " waits at " + w.Where + " on " + lane(w.To) + ", which woke it there before"
		}
	}
	return ""
}

func laneTip(tl *timeline.Timeline, i int) string {
	l := &tl.Lanes[i]
	s := l.Name + ": started at " + Seconds(l.Start)
	if l.Parent != "" {
		s += " by " + l.Parent
	}
	if l.Ended {
		if l.Panicked {
			s += ", panicked at " + Seconds(l.End)
		} else {
			s += ", ended at " + Seconds(l.End)
		}
	}
	if l.Stuck {
		s += ", stuck in the deadlock"
	}
	return s
}

func spanTip(tl *timeline.Timeline, sp *timeline.Span) string {
	var what string
	switch sp.Kind {
	case timeline.Running:
		what = "running"
	case timeline.Runnable:
		what = "ready to run, waiting for the CPU"
	case timeline.Waiting:
		if sp.Stuck {
			return Seconds(sp.From) + " " + tl.Lanes[sp.Lane].Name + " stuck for good: " + waitWords(sp) + " (the run deadlocked)"
		}
		what = "waiting: " + waitWords(sp)
	case timeline.Queued:
		what = "accepted (conn " + strconv.FormatUint(sp.Conn, 10) + "), in the waiting room"
	case timeline.Served:
		what = "being served by " + sp.Other
	case timeline.Serving:
		what = "serving " + sp.Other
	}
	s := Seconds(sp.From) + " " + tl.Lanes[sp.Lane].Name + " " + what
	if !sp.Open {
		s += ", until " + Seconds(sp.To) + " (" + Length(sp.To-sp.From) + ")"
	}
	if sp.Kind == timeline.Waiting && sp.By >= 0 {
		s += ", woken by " + tl.Lanes[sp.By].Name
	}
	return s
}

// waitWords says what a wait waits for and where: "chan receive at
// pool.go:58", or the runner's own words for its waits ("sleep 10s (÷10)").
func waitWords(sp *timeline.Span) string {
	if !sp.States && sp.Text != "" {
		return sp.Text
	}
	return place(sp.Reason, sp.Where)
}

// StuckLabel is the words beside a deadlocked goroutine's last wait in
// the timeline: "stuck: select at deadlock.go:63".
func StuckLabel(reason, where string) string { return "stuck: " + place(reason, where) }

func place(reason, where string) string {
	if where == "" {
		return reason
	}
	return reason + " at " + where
}

// Length formats a duration for a reader: "63 µs", "12.5 ms", "1.20 s".
func Length(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return strconv.FormatInt(d.Microseconds(), 10) + " µs"
	case d < time.Second:
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
}

// LaneLabel is a lane's name as the gutter shows it, in at most max
// characters: a longer name keeps its end, which tells lanes apart
// ("…spawn.func1#12" of "examples.spawn.func1#12"), and is whole in the
// lane's tooltip.
func LaneLabel(name string, max int) string {
	r := []rune(name)
	if len(r) <= max || max < 2 {
		return name
	}
	return "…" + string(r[len(r)-max+1:])
}
