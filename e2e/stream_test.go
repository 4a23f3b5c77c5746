package e2e

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/page"
)

// frameGaps records, in the page, the longest time between two animation
// frames from now on.
const frameGaps = `(() => {
	const g = {max: 0, frames: 0};
	window.__gaps = g;
	let last = performance.now();
	const tick = (t) => {
		g.max = Math.max(g.max, t - last);
		last = t;
		g.frames++;
		if (!g.stop) requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
	return true;
})()`

type gaps struct {
	Max    float64 `json:"max"`
	Frames int     `json:"frames"`
}

// TestStream runs the server with enough clients to print over 100,000
// lines and checks that the panel keeps the last lines and says how many
// it dropped. It reports the longest frame gap the page saw meanwhile.
func TestStream(t *testing.T) {
	p := open(t, "#example=server&clients=7200&messages=10")
	eval[bool](p, frameGaps)
	p.Click(page.Run.Selector())
	// Minutes, not seconds: a loaded CI machine gives the worker a
	// fraction of a core. How fast it streams is the benchmark's (P5).
	if got := p.WaitState(8*time.Minute, page.Done, page.Failed); got != page.Done {
		t.Fatalf("state: got %q; want done", got)
	}
	g := eval[gaps](p, `(() => { window.__gaps.stop = true; return window.__gaps; })()`)
	t.Logf("longest frame gap while streaming: %.1f ms over %d frames", g.Max, g.Frames)

	shown := len(p.Output())
	if shown < 2900 || shown > 3000 {
		t.Errorf("lines kept: got %d; want the last 3000 but for a few runner lines", shown)
	}
	note := p.Text(page.HiddenLines.Selector())
	m := regexp.MustCompile(`^(\d+) earlier lines not shown`).FindStringSubmatch(note)
	if m == nil {
		t.Fatalf("#hidden-lines: got %q; want it to count the lines not shown", note)
	}
	dropped, _ := strconv.Atoi(m[1])
	if total := dropped + shown; total < 100000 {
		t.Errorf("lines streamed: got %d; want over 100,000", total)
	}
	// The panel settles over a few frames once the run is over, the
	// newest lines first, the older ones above them: in the end they are
	// in the order they were printed.
	order := eval[[]int](p, `Array.from(document.querySelectorAll("#output [data-event]"), (e) => +e.getAttribute("data-event"))`)
	for i := 1; i < len(order); i++ {
		if order[i] <= order[i-1] {
			t.Fatalf("line %d is event %d, after event %d: the lines are out of order", i, order[i], order[i-1])
		}
	}
	last := p.Output()[shown-1]
	if last.Text != "Closed connection: 127.0.0.1" {
		t.Errorf("last line: got %q; want the last handler's close", last)
	}
	p.CheckNoErrors()
}
