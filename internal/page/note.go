package page

import (
	"strconv"
	"strings"

	"github.com/goroutine-playground/playground/internal/timeline"
)

// TimelineNote is the line above the timeline (#timeline-note): how many
// goroutines it shows, the clients waiting and served now, and everything
// it leaves out. joined is how many state spans were drawn inside another
// span's pixel rather than alone.
func TimelineNote(tl *timeline.Timeline, joined int) string {
	var b strings.Builder
	b.WriteString(Plural(len(tl.Lanes), "goroutine"))
	if q, s := tl.Open(timeline.Queued), tl.Open(timeline.Served); q+s > 0 {
		b.WriteString("; clients served now: " + strconv.Itoa(s) + ", waiting: " + strconv.Itoa(q))
	}
	b.WriteString(".")
	if started, ended := tl.Hidden(); started > 0 {
		b.WriteString(" Only the first " + strconv.Itoa(timeline.MaxLanes) + " goroutines have lanes: " +
			strconv.Itoa(started) + " more started (" + strconv.Itoa(ended) + " of them ended) and are counted, not drawn.")
	}
	st := tl.States
	if st.Limit > 0 && st.Limit < len(tl.Lanes) {
		b.WriteString(" Goroutines after the first " + strconv.Itoa(st.Limit) + " have no states: their lanes show what the runner saw.")
	}
	if st.Cut {
		b.WriteString(" The goroutine states stop at " + Seconds(st.CutAt))
		if len(st.Why) > 0 {
			b.WriteString(" (" + st.Why[len(st.Why)-1] + ")")
		}
		b.WriteString(": after that, lanes show what the runner saw.")
	}
	if tl.Capped() {
		b.WriteString(" Past " + strconv.Itoa(timeline.MaxMarks) + " marks, " + strconv.Itoa(timeline.MaxArrows) + " messages, " +
			strconv.Itoa(timeline.MaxSpans) + " spans or " + strconv.Itoa(timeline.MaxWakes) + " wakes, the rest are not drawn.")
	}
	if joined > 0 {
		b.WriteString(" Where a goroutine changed state several times within a pixel, one mark stands for those states (" +
			strconv.Itoa(joined) + " of them).")
	}
	return b.String()
}

// TimelineIdle is the note before any run.
const TimelineIdle = "Run the program to see its goroutines here."

// TraceName is the file name the run's execution trace is saved as.
func TraceName(program string) string {
	if program == "" {
		program = "program" // a program written in the page
	}
	return program + ".trace"
}

// TraceNote says what the run's execution trace (#trace) holds, beside
// the button: the file and its size, and where it stops short of the run.
// kept is how many bytes the page kept, all false when it stopped keeping
// them at a ceiling; st is the run's states, whose cut is the trace's too
// (the tracer stops where the states do). It is "" when there is no trace.
func TraceNote(program string, st timeline.States, kept int, all bool) string {
	if kept == 0 {
		return ""
	}
	s := TraceName(program) + ", " + Bytes(kept)
	switch {
	case !all:
		s += ": the page kept only the first " + Bytes(kept) + " of it"
	case st.Cut:
		s += ": it stops at " + Seconds(st.CutAt)
		if len(st.Why) > 0 {
			s += ", as " + st.Why[len(st.Why)-1]
		}
	}
	return s + "."
}

// Bytes formats a size: "512 B", "312 KB", "2.1 MB".
func Bytes(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n) + " B"
	case n < 1000*1000:
		return strconv.Itoa((n+500)/1000) + " KB"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
}
