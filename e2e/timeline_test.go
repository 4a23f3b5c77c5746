package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// served is one client's service as the timeline draws it: a rect.served
// on the client's lane from the moment a server goroutine took its conn
// up to the server's close of it.
type served struct {
	Client string `json:"client"`
	Server string `json:"server"`
	From   int64  `json:"from"`
	To     int64  `json:"to"`
}

// TestTimelinePool runs the pool with more clients than workers and reads
// the timeline: a lane for each goroutine, named as in the output; each
// client served once, by a worker, never more than workers at once; some
// clients waiting in the waiting room first; messages drawn as labelled
// arrows; output lines and marks linked both ways.
func TestTimelinePool(t *testing.T) {
	const clients, workers = 5, 2
	p := open(t, "#example=pool&clients="+strconv.Itoa(clients)+"&workers="+strconv.Itoa(workers)+"&autorun=1")

	// Drawn as the run goes: the waiting room shows before the run ends.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		n := eval[int](p, `document.querySelectorAll("#timeline rect.queued").length`)
		state := p.State()
		if n > 0 && state == page.Running {
			break
		}
		if state != page.Running && state != page.Ready || time.Now().After(deadline) {
			t.Fatalf("no client shown in the waiting room while the pool ran (state %s, %d queued)", state, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.ended(2*time.Minute, page.Done)
	waitDrawn(t, p)

	lanes := eval[[]string](p, `Array.from(document.querySelectorAll("#timeline [data-lane]"), e => e.getAttribute("data-lane"))`)
	want := []string{"main"}
	for i := 1; i <= clients; i++ {
		want = append(want, "client-"+strconv.Itoa(i))
	}
	for i := 1; i <= workers; i++ {
		want = append(want, "worker-"+strconv.Itoa(i))
	}
	if got := slices.Sorted(slices.Values(lanes)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("lanes %q; want %q", got, want)
	}
	for _, l := range p.Output() {
		if !slices.Contains(lanes, l.Goroutine) {
			t.Errorf("%q printed %q but has no lane", l.Goroutine, l.Text)
		}
	}

	spans := eval[[]served](p, `Array.from(document.querySelectorAll("#timeline rect.served"), e => ({
		client: e.getAttribute("data-client"), server: e.getAttribute("data-server"),
		from: +e.getAttribute("data-from"), to: +(e.getAttribute("data-to") ?? -1)}))`)
	seen := map[string]bool{}
	type edge struct{ at, d int64 }
	var edges []edge
	for _, s := range spans {
		if seen[s.Client] {
			t.Errorf("%s served twice", s.Client)
		}
		seen[s.Client] = true
		if !strings.HasPrefix(s.Server, "worker-") || s.To < s.From {
			t.Errorf("served span %+v: want a worker and an end after its start", s)
		}
		edges = append(edges, edge{s.From, +1}, edge{s.To, -1})
	}
	if len(seen) != clients {
		t.Errorf("served clients %d; want %d (%+v)", len(seen), clients, spans)
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if a.at != b.at {
			return int(a.at - b.at)
		}
		return int(a.d - b.d) // a close and a take-up at one instant do not overlap
	})
	most, n := 0, 0
	for _, e := range edges {
		n += int(e.d)
		most = max(most, n)
	}
	if most > workers || most < 1 {
		t.Errorf("clients served at once: at most %d; want 1..%d", most, workers)
	}
	if q := eval[int](p, `Array.from(document.querySelectorAll("#timeline rect.queued")).filter(e => +e.getAttribute("width") > 1).length`); q < clients-workers {
		t.Errorf("%d clients drawn waiting in the waiting room; want at least %d", q, clients-workers)
	}

	labels := eval[[]string](p, `Array.from(document.querySelectorAll("#timeline .arrow"), e => e.getAttribute("data-bytes"))`)
	var pickles, hey int
	for _, l := range labels {
		switch {
		case strings.HasPrefix(l, `(lp0\nI1\n`):
			pickles++
		case strings.HasPrefix(l, "Hey. "):
			hey++
		}
	}
	if pickles != clients || hey != clients*10 {
		t.Errorf("arrows: %d pickles and %d messages; want %d and %d (labels %q)", pickles, hey, clients, clients*10, labels)
	}

	// A click on a line of output lights its mark, and one on a mark its line.
	idx := eval[string](p, `document.querySelector("`+page.Output.Selector()+` [data-goroutine^=worker-][data-event]").getAttribute("data-event")`)
	p.Click(page.Output.Selector() + ` [data-event="` + idx + `"]`)
	if got := eval[string](p, `document.querySelector("#timeline .lit")?.getAttribute("data-event") ?? ""`); got != idx {
		t.Errorf("after a click on the line of event %s, the lit mark is of event %q", idx, got)
	}
	mark := eval[string](p, `(() => {
		const ms = document.querySelectorAll("#timeline .mark.output");
		const m = ms[ms.length - 1];
		m.dispatchEvent(new MouseEvent("click", {bubbles: true}));
		return m.getAttribute("data-event");
	})()`)
	if got := eval[string](p, `document.querySelector("`+page.Output.Selector()+` .lit")?.getAttribute("data-event") ?? ""`); got != mark {
		t.Errorf("after a click on the mark of event %s, the lit line is of event %q", mark, got)
	}
	logDrawCost(t, p)
	timelineShot(t, p, "timeline-pool.png")
	p.CheckNoErrors()
}

// TestTimelineMany starts more goroutines than the timeline draws lanes
// for (main and a thousand speakers): it draws the first thousand and says
// so. The gaps between the page's frames are logged, not asserted (the
// machine is shared).
func TestTimelineMany(t *testing.T) {
	p := open(t, "#example=group&goroutines=1000")
	eval[bool](p, `(() => {
		window.frameGaps = [];
		let last = performance.now();
		const tick = (now) => { window.frameGaps.push(now - last); last = now; requestAnimationFrame(tick); };
		requestAnimationFrame(tick);
		return true;
	})()`)
	p.Click(page.Run.Selector())
	p.ended(2*time.Minute, page.Done)
	waitDrawn(t, p)
	lanes := eval[[]string](p, `Array.from(document.querySelectorAll("#timeline [data-lane]"), e => e.getAttribute("data-lane"))`)
	if len(lanes) != 1000 || lanes[0] != "main" {
		t.Errorf("%d lanes, the first %q; want the first 1000, from main", len(lanes), lanes[:min(1, len(lanes))])
	}
	note := p.Text("#timeline-note")
	if !strings.Contains(note, "Only the first 1000 goroutines have lanes") || !strings.Contains(note, "1 more started") {
		t.Errorf("the note does not say lanes were left out: %q", note)
	}
	logDrawCost(t, p)
	gaps := eval[[]float64](p, `window.frameGaps`)
	slices.Sort(gaps)
	if len(gaps) > 0 {
		t.Logf("%d frames; frame gap median %.1f ms, p95 %.1f ms, max %.1f ms", len(gaps),
			gaps[len(gaps)/2], gaps[len(gaps)*95/100], gaps[len(gaps)-1])
	}
	p.CheckNoErrors()
}

// timelineShot writes a picture of the page to the folder TIMELINE_SHOT
// names, if it names one: the timeline of a finished run, for a person to
// look at.
func timelineShot(t *testing.T, p *tab, name string) {
	t.Helper()
	dir := os.Getenv("TIMELINE_SHOT")
	if dir == "" {
		return
	}
	eval[bool](p, `(document.getElementById("timeline").scrollIntoView(), true)`)
	if err := os.WriteFile(filepath.Join(dir, name), p.Screenshot(), 0o644); err != nil {
		t.Error(err)
	}
}

// TestTimelineManyStates runs many, whose main goroutine starts the
// goroutines knob's worth at once, thousands of state changes in a few
// milliseconds: the timeline draws the first thousand goroutines, no lane
// more state elements than about two a pixel, and says where the states
// stop (the tracer stops past a thousand goroutines). What drawing cost
// per frame is logged.
func TestTimelineManyStates(t *testing.T) {
	p := open(t, "#example=many&autorun=1")
	p.ended(3*time.Minute, page.Done)
	waitDrawn(t, p)
	c := eval[struct {
		Lanes int     `json:"lanes"`
		Width float64 `json:"width"`
		Most  int     `json:"most"`
		Spans int     `json:"spans"`
	}](p, `(() => {
		const box = `+chromium.ByID(page.Timeline)+`;
		const names = box.querySelectorAll("[data-lane]");
		const perLane = new Map();
		const spans = box.querySelectorAll(".spans rect");
		for (const r of spans) {
			const y = r.getAttribute("y");
			perLane.set(y, (perLane.get(y) ?? 0) + 1);
		}
		return {lanes: names.length, width: +box.querySelector("svg").getAttribute("width"),
			most: Math.max(0, ...perLane.values()), spans: spans.length};
	})()`)
	t.Logf("%d lanes, %d span elements, at most %d on a lane %.0f px wide", c.Lanes, c.Spans, c.Most, c.Width)
	if c.Lanes > 1000 || c.Lanes < 100 {
		t.Errorf("%d lanes; want the first 1000 goroutines' at most", c.Lanes)
	}
	if float64(c.Most) > 2*c.Width {
		t.Errorf("a lane has %d span elements; want at most two a pixel of its %.0f", c.Most, c.Width)
	}
	if note := p.Text("#timeline-note"); !strings.Contains(note, "The goroutine states stop at") {
		t.Errorf("the note %q does not say where the states stop", note)
	}
	t.Logf("note: %s", p.Text("#timeline-note"))
	logDrawCost(t, p)
	timelineShot(t, p, "timeline-many.png")
	p.CheckNoErrors()
}

// logDrawCost logs what drawing the timeline cost in the run just ended,
// per element built, as a ratio to building the same number of SVG
// elements with as many attributes from plain JavaScript in the same page
// now: the cost of going through Go and syscall/js. Logged, not asserted.
func logDrawCost(t *testing.T, p *tab) {
	t.Helper()
	c := eval[struct {
		Draws int     `json:"draws"`
		Built int     `json:"built"`
		Total float64 `json:"total"`
		Max   float64 `json:"max"`
		JS    float64 `json:"js"`
	}](p, `(() => {
		const box = `+chromium.ByID(page.Timeline)+`, ns = "http://www.w3.org/2000/svg";
		const n = 2000, f = document.createDocumentFragment(), t0 = performance.now();
		for (let i = 0; i < n; i++) {
			const c = document.createElementNS(ns, "circle");
			c.setAttribute("class", "mark output"); c.setAttribute("cx", String(i)); c.setAttribute("cy", "11");
			c.setAttribute("r", "3"); c.setAttribute("data-event", String(i)); c.setAttribute("data-i", "m" + i);
			f.appendChild(c);
		}
		const js = (performance.now() - t0) / n;
		return {draws: +box.getAttribute("data-draws"), built: +box.getAttribute("data-built"),
			total: +box.getAttribute("data-draw-total"), max: +box.getAttribute("data-draw-max"), js};
	})()`)
	per := c.Total / float64(max(c.Built, 1))
	t.Logf("timeline: %d draws built %d elements in %.1f ms (longest draw %.1f ms): %.4f ms an element; plain JS %.4f ms (ratio %.1f)",
		c.Draws, c.Built, c.Total, c.Max, per, c.JS, per/max(c.JS, 1e-6))
}

// waitDrawn waits until the timeline has drawn all it knows: it draws a
// bounded number of elements a frame, so it may finish after the run.
func waitDrawn(t *testing.T, p *tab) {
	t.Helper()
	p.waitFor(2*time.Minute, chromium.ByID(page.Timeline)+`.getAttribute("aria-busy") === "false"`, "the timeline to draw all it knows")
}
