//go:build !js

package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// pageRun is what runProbe saw while the playground ran a program.
type pageRun struct {
	Lines     int       `json:"lines"`
	FirstLine *float64  `json:"firstLine"`
	LastLine  *float64  `json:"lastLine"`
	Frames    []float64 `json:"frames"`
	Clicked   *float64  `json:"clicked"`
	Long      []loaf    `json:"long"`
}

// loaf is one of Chromium's long animation frames (over 50 ms): when it
// began (ms since the navigation), how long it took, how much of it was
// style and layout, and the scripts that ran in it.
type loaf struct {
	Start    float64      `json:"start"`
	Duration float64      `json:"duration"`
	Layout   float64      `json:"layout"`
	Scripts  []loafScript `json:"scripts"`
}

// loafScript is a script that ran in a long animation frame: what called
// it (an event listener, a frame callback, a message handler) and how
// long it ran.
type loafScript struct {
	Invoker  string  `json:"invoker"`
	Duration float64 `json:"duration"`
}

// stateAt returns the first of states that seen reached after at (ms), and
// its time.
func stateAt(seen []chromium.Seen, at float64, states ...page.State) (page.State, float64, bool) {
	for _, s := range seen {
		if s.At < at {
			continue
		}
		if i := slices.IndexFunc(states, func(st page.State) bool { return st.String() == s.State }); i >= 0 {
			return states[i], s.At, true
		}
	}
	return 0, 0, false
}

// pageResult is the playground's side of P4 and P5.
type pageResult struct {
	RunMs    float64  // Run clicked → data-state done
	Lines    int      // output lines the page added to #output during the run
	Streamed int      // output lines the run sent the page: those shown and those the page says it did not show
	IdleGap  float64  // longest frame gap on the idle page before Run
	RunGap   float64  // longest frame gap while the run streamed its lines
	Frames   int      // frames during the run
	Window   float64  // ms from Run to the last line or done, whichever came later
	Long     []string // the run's longest animation frames, longest first, said in words
}

// p5Lines is how many output lines P5 asks to see stream.
const p5Lines = 100000

// idleFor is how long the page is watched idle before Run, for P5's
// baseline.
const idleFor = 3 * time.Second

// runPage opens the playground on url (a program and its knobs, no
// autorun), waits for it to be ready, watches its idle frames, clicks Run
// and waits up to limit for the run to end.
func runPage(br *chromium.Browser, url string, limit time.Duration) (pageResult, error) {
	var res pageResult
	tab, cancel, err := freshTab(br, true, runProbe)
	if err != nil {
		return res, err
	}
	defer cancel()
	if err := navigate(tab, url, time.Minute); err != nil {
		return res, err
	}
	if _, err := (chromium.Wait{Timeout: time.Minute, Interval: 100 * time.Millisecond}).State(tab, page.Ready); err != nil {
		return res, fmt.Errorf("the page did not become ready: %w", err)
	}
	if _, err := eval[any](tab, "window.__bench.startFrames()", 10*time.Second); err != nil {
		return res, err
	}
	time.Sleep(idleFor)
	if _, err := eval[any](tab, "window.__bench.run()", 10*time.Second); err != nil {
		return res, err
	}
	if _, err := (chromium.Wait{Timeout: limit, Interval: 250 * time.Millisecond}).State(tab, page.Done, page.Failed, page.Stopped); err != nil {
		return res, fmt.Errorf("the run did not end: %w", err)
	}
	// Lines written in the frame after the state changed still count.
	time.Sleep(500 * time.Millisecond)
	r, err := eval[pageRun](tab, "window.__bench", 30*time.Second)
	if err != nil {
		return res, fmt.Errorf("reading the probe: %w", err)
	}
	seen, err := chromium.History(tab)
	if err != nil {
		return res, fmt.Errorf("reading the data-state history: %w", err)
	}
	if r.Clicked == nil {
		return res, fmt.Errorf("the probe saw no click")
	}
	clicked := *r.Clicked
	state, end, ok := stateAt(seen, clicked, page.Done, page.Failed, page.Stopped)
	if !ok {
		return res, fmt.Errorf("the probe saw no end of the run (states %v)", seen)
	}
	if state != page.Done {
		return res, fmt.Errorf("the run ended %s", state)
	}
	res.RunMs = end - clicked
	res.Lines = r.Lines
	// While lines flood in, the page builds only some of them; it says how
	// many it did not show in #hidden-lines.
	res.Streamed, err = eval[int](tab, `document.querySelectorAll("`+chromium.LineSelector+`").length +
		(parseInt(`+chromium.ByID(page.HiddenLines)+`.textContent, 10) || 0)`, 30*time.Second)
	if err != nil {
		return res, fmt.Errorf("counting the lines: %w", err)
	}
	last := end
	if r.LastLine != nil {
		last = max(last, *r.LastLine)
	}
	res.Window = last - clicked
	start := 0.0
	if len(r.Frames) > 0 {
		start = r.Frames[0]
	}
	res.IdleGap = longestGap(r.Frames, start, clicked)
	res.RunGap = longestGap(r.Frames, clicked, last)
	res.Frames = framesIn(r.Frames, clicked, last)
	res.Long = longFrames(r.Long, clicked, end, last, 3)
	return res, nil
}

// p4Rows makes P4 and P5 from the page's run and the native runs of the
// same program: P4 is the page's Run → done ÷ the best native wall time
// (cmd/threads, GOMAXPROCS=1, its lines drained from a pipe).
func p4Rows(ours pageResult, pageErr error, native []threadsRun, nativeErr error, clients, messages int) ([]Row, []string) {
	var notes []string
	row := Row{ID: "P4", What: fmt.Sprintf("page: server, %d clients × %d messages, Run → done in Chromium ÷ native Go (cmd/threads, GOMAXPROCS=1), best of the native runs", clients, messages),
		Goal: Goal{AtMost: true, Value: 2}}
	nb, err := best(native)
	if nativeErr != nil {
		err = nativeErr
	}
	switch {
	case err != nil:
		row.Skipped = "native: " + err.Error()
	case pageErr != nil:
		row.Skipped = "ours: " + pageErr.Error()
		row.Baseline = "native " + ms(millis(nb.Wall))
	default:
		row.Ours = "page " + ms(ours.RunMs)
		row.Baseline = "native " + ms(millis(nb.Wall))
		row.Ratio = ours.RunMs / millis(nb.Wall)
		notes = append(notes, "P4 native runs: "+runsText(native))
	}
	rows := []Row{row}

	p5 := Row{ID: "P5", What: "longest frame gap while the P4 run streams its lines (idle page's beside it)",
		Goal: Goal{AtMost: true, Value: 50, Unit: "ms"}}
	if pageErr != nil {
		p5.Skipped = pageErr.Error()
	} else {
		// A tenth of a ms: headless Chromium's frames are 16.67 ms apart, so
		// three of them are 50.0 ms give or take its clock's rounding, which
		// decides the goal and should be seen.
		p5.Ours = fmt.Sprintf("%.1f ms over %d lines streamed (%d of them built) in %s", ours.RunGap, ours.Streamed, ours.Lines, ms(ours.Window))
		if ours.Streamed < p5Lines {
			p5.Ours += fmt.Sprintf(" (fewer than the %d lines asked: the server's %d clients × %d messages printed less)", p5Lines, clients, messages)
		}
		p5.Baseline = ms(ours.IdleGap) + " idle"
		p5.Value = ours.RunGap
		if ours.IdleGap > 0 {
			p5.Ratio = ours.RunGap / ours.IdleGap
		} else {
			p5.Skipped = "the idle page drew no two frames to compare with"
		}
		notes = append(notes, fmt.Sprintf("P4/P5 ours: Run → done %s; %d output lines added; %d frames in %s (%.1f fps); longest gap %s; idle %s over %v",
			ms(ours.RunMs), ours.Lines, ours.Frames, ms(ours.Window), float64(ours.Frames)/ours.Window*1000, ms(ours.RunGap), ms(ours.IdleGap), idleFor))
		if len(ours.Long) > 0 {
			notes = append(notes, "P5 longest frames: "+strings.Join(ours.Long, "; "))
		}
	}
	rows = append(rows, p5)
	return rows, notes
}

// pyNotes are the figures of CPython's runs of the tutorial (-cpython):
// P4's old baseline, kept for context.
func pyNotes(py []pyRun, ours pageResult, pageErr error) []string {
	var notes []string
	for _, run := range py {
		if run.Elapsed == 0 {
			notes = append(notes, fmt.Sprintf("CPython listen(%d) did not run: %s", run.Backlog, run.Complaint))
			continue
		}
		line := fmt.Sprintf("CPython listen(%d): %s, finished %v, %d clients served, %d server lines, %d client threads failed",
			run.Backlog, ms(millis(run.Elapsed)), run.Finished, run.Served, run.Lines, run.Failures)
		if !run.Finished {
			line += " (" + run.Complaint + ")"
		}
		if pageErr == nil && ours.RunMs > 0 {
			bound := ""
			if !run.Finished {
				bound = "> "
			}
			line += fmt.Sprintf("; ÷ the page's run %s%.2f", bound, millis(run.Elapsed)/ours.RunMs)
		}
		notes = append(notes, line)
	}
	return notes
}

// longFrames says the n longest of the long frames that began within
// [clicked, last], longest first: when each began after Run (and whether
// before or after the run said it was done), how long it took, its style
// and layout, and its longest scripts.
func longFrames(long []loaf, clicked, end, last float64, n int) []string {
	var in []loaf
	for _, f := range long {
		if f.Start+f.Duration >= clicked && f.Start <= last {
			in = append(in, f)
		}
	}
	slices.SortFunc(in, func(a, b loaf) int { return cmp.Compare(b.Duration, a.Duration) })
	var out []string
	for _, f := range in[:min(n, len(in))] {
		when := fmt.Sprintf("%s after Run", ms(f.Start-clicked))
		if f.Start >= end {
			when += fmt.Sprintf(", %s after done", ms(f.Start-end))
		}
		scripts := slices.Clone(f.Scripts)
		slices.SortFunc(scripts, func(a, b loafScript) int { return cmp.Compare(b.Duration, a.Duration) })
		var ss []string
		for _, s := range scripts[:min(3, len(scripts))] {
			ss = append(ss, fmt.Sprintf("%s %s", s.Invoker, ms(s.Duration)))
		}
		out = append(out, fmt.Sprintf("%s at %s (style and layout %s; scripts: %s)", ms(f.Duration), when, ms(f.Layout), strings.Join(ss, ", ")))
	}
	return out
}
