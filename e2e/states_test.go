package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/page"
)

// wait is a wait mark of the timeline, as its attributes say.
type wait struct {
	Who    string  `json:"who"`
	Reason string  `json:"reason"`
	Where  string  `json:"where"`
	X      float64 `json:"x"`
	W      float64 `json:"w"`
}

// waits returns the timeline's wait marks that match sel ("rect.waiting",
// ".stuck").
func waits(p *tab, sel string) []wait {
	return eval[[]wait](p, `Array.from(document.querySelectorAll(`+quote("#timeline-box "+sel)+`), e => ({
		who: e.getAttribute("data-who") ?? "", reason: e.getAttribute("data-reason") ?? "",
		where: e.getAttribute("data-where") ?? "", x: +e.getAttribute("x"), w: +e.getAttribute("width")}))`)
}

// tip focuses the first element of the timeline that matches sel, as the
// keyboard would (or, if the keyboard cannot reach it, points at it), and
// returns its tooltip.
func tip(p *tab, sel string) string {
	p.t.Helper()
	// A headless tab is not focused: without this, focus() moves the
	// focus but fires no focus events.
	if _, err := chromedp.Call(p.Context(), emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		p.t.Fatal(err)
	}
	return eval[string](p, `(() => {
		const e = document.querySelector(`+quote("#timeline-box "+sel)+`);
		if (!e) return "no element " + `+quote(sel)+`;
		if (e.hasAttribute("tabindex")) {
			e.focus();
			if (document.activeElement !== e) return "focus did not move to " + `+quote(sel)+`;
		} else {
			e.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
		}
		return e.querySelector("title")?.textContent ?? "";
	})()`)
}

// lasted finds a duration in a tooltip: "(600 µs)", "(12.5 ms)".
var lasted = regexp.MustCompile(`\(\d+(\.\d+)? (µs|ms|s)\)`)

// TestStatesPool: the pool's workers wait on the waiting room (a channel)
// for clients, and the timeline says so while the run goes on: their wait
// marks carry data-reason "chan receive" at pool.go's range over the room,
// and the mark's tooltip (on keyboard focus) says the reason, the line,
// how long and who woke the worker: main, which seated a client. (The
// worker started last runs first once main waits for its first client,
// and finds the room empty.) Wakes are drawn, and the legend explains the
// colours.
func TestStatesPool(t *testing.T) {
	p := open(t, "#example=pool&autorun=1")
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		n := eval[int](p, `document.querySelectorAll("#timeline [data-reason]").length`)
		state := p.State()
		if n > 0 && state == page.Running {
			break
		}
		if state != page.Running && state != page.Ready || time.Now().After(deadline) {
			t.Fatalf("no wait with its reason drawn while the pool ran (state %s, %d reasons)", state, n)
		}
	}
	p.ended(2*time.Minute, page.Done)
	waitDrawn(t, p)

	room := 0
	for _, w := range waits(p, "rect.waiting") {
		if w.Who == "" || w.Reason == "" {
			t.Errorf("a wait mark without its goroutine or reason: %+v", w)
		}
		if strings.HasPrefix(w.Who, "worker-") && w.Reason == "chan receive" {
			room++
			if !strings.HasPrefix(w.Where, "pool.go:") {
				t.Errorf("%s waits on a channel at %q; want a line of pool.go", w.Who, w.Where)
			}
		}
	}
	if room == 0 {
		t.Fatalf("no worker waits with data-reason \"chan receive\"; waits: %+v", waits(p, "rect.waiting"))
	}
	got := tip(p, `rect.waiting[data-reason="chan receive"][data-who^=worker-]`)
	if !lasted.MatchString(got) {
		t.Errorf("a worker's wait on the room says %q; want it to say how long it lasted", got)
	}
	for _, want := range []string{"waiting: chan receive at pool.go:", "until +", ", woken by main"} {
		if !strings.Contains(got, want) {
			t.Errorf("a worker's wait on the room says %q; want it to say %q", got, want)
		}
	}
	if n := eval[int](p, `document.querySelectorAll("#timeline-box .wake").length`); n == 0 {
		t.Errorf("no wake drawn")
	}
	if got := tip(p, `.wake`); !strings.Contains(got, " woke ") {
		t.Errorf("a wake's tooltip %q; want it to say who woke whom", got)
	}
	legend := p.Text("#timeline .legend")
	for _, want := range []string{"running", "ready", "channel", "Mutex", "network", "stuck", "woke"} {
		if !strings.Contains(legend, want) {
			t.Errorf("the legend %q does not mention %q", legend, want)
		}
	}
	logDrawCost(t, p)
	timelineShot(t, p, "timeline-states-pool.png")
	p.CheckNoErrors()
}

// TestStatesDeadlock: alice and bob end stuck in listen's select, main on
// its WaitGroup: each lane's last wait carries its reason and line
// (deadlock.go:NN), outlined as stuck up to the run's end, with the reason
// and line in words, and nothing drawn on the lane after it.
func TestStatesDeadlock(t *testing.T) {
	p := open(t, "#example=deadlock&stall=200&autorun=1")
	p.ended(2*time.Minute, page.Failed)
	waitDrawn(t, p)
	want := map[string]string{"main": "WaitGroup", "alice": "select", "bob": "select"}
	stuck := waits(p, ".stuck")
	if len(stuck) != len(want) {
		t.Errorf("%d stuck marks %+v; want %d", len(stuck), stuck, len(want))
	}
	for _, s := range stuck {
		if want[s.Who] != s.Reason || !strings.HasPrefix(s.Where, "deadlock.go:") {
			t.Errorf("%s stuck on %q at %q; want %q at deadlock.go:NN", s.Who, s.Reason, s.Where, want[s.Who])
		}
		// Its last wait is the stuck one: a wait mark with the same
		// reason and line where the stuck outline begins.
		found := false
		for _, w := range waits(p, `rect.waiting[data-who="`+s.Who+`"]`) {
			// Within a pixel: a wait may be drawn in one piece with a
			// briefer state just before it.
			if w.Reason == s.Reason && w.Where == s.Where && w.X <= s.X && s.X-w.X < 1.5 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no wait mark of %s at %s where its stuck outline begins (x %.1f)", s.Who, s.Reason, s.Where, s.X)
		}
		// Nothing of the lane's is drawn after it: the lane's spans are
		// those at its height.
		later := eval[int](p, `(() => {
			const name = document.querySelector('#timeline [data-lane="`+s.Who+`"]');
			const y = +name.getAttribute("y") - 8;
			return Array.from(document.querySelectorAll("#timeline .spans rect"))
				.filter(e => Math.abs(+e.getAttribute("y") - y) < 0.5 && +e.getAttribute("x") > `+strconv.FormatFloat(s.X, 'f', 1, 64)+` + 1.5).length;
		})()`)
		if later > 0 {
			t.Errorf("%s: %d states drawn after its stuck wait", s.Who, later)
		}
	}
	labels := p.Text("#timeline .deadlock")
	for _, want := range []string{"stuck: select at deadlock.go:", "stuck: WaitGroup at deadlock.go:"} {
		if !strings.Contains(labels, want) {
			t.Errorf("the deadlock's labels %q do not say %q", labels, want)
		}
	}
	if got := tip(p, `.stuck[data-who=alice]`); !strings.Contains(got, "alice is stuck for good: select at deadlock.go:") {
		t.Errorf("alice's stuck mark says %q", got)
	}
	timelineShot(t, p, "timeline-deadlock.png")
	p.CheckNoErrors()
}

// mutexProgram is a plain program whose goroutines take turns holding a
// Mutex: while one holds it (sleeping), the others wait on it, and the
// one that unlocks it wakes the next.
const mutexProgram = `package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				mu.Lock()
				time.Sleep(20 * time.Millisecond) // the others wait for the lock
				mu.Unlock()
			}
			fmt.Println("worker", i, "done")
		}()
	}
	wg.Wait()
}
`

// TestStatesMutex builds a program in the page whose goroutines contend
// for a Mutex: its waits carry data-reason "Mutex" at the line of Lock,
// the one that unlocked wakes the next (a wake arrow, and "woken by" in
// the wait's tooltip), and main waits on its WaitGroup.
func TestStatesMutex(t *testing.T) {
	p := open(t, "")
	p.Click(page.New.Selector())
	p.setCode(mutexProgram)
	if got := p.runBuilt(); got != page.Done {
		t.Fatalf("state %q; want done; output %q", got, p.text(page.Output.Selector()))
	}
	waitDrawn(t, p)
	lockLine := "prog.go:" + strconv.Itoa(1+strings.Count(mutexProgram[:strings.Index(mutexProgram, "mu.Lock()")], "\n"))
	var locks, groups int
	for _, w := range waits(p, "rect.waiting") {
		switch w.Reason {
		case "Mutex":
			locks++
			if w.Where != lockLine {
				t.Errorf("%s waits on the Mutex at %q; want %s", w.Who, w.Where, lockLine)
			}
		case "WaitGroup":
			groups++
		}
	}
	if locks == 0 || groups == 0 {
		t.Fatalf("%d Mutex waits and %d WaitGroup waits; want some of each: %+v", locks, groups, waits(p, "rect.waiting"))
	}
	if got := tip(p, `rect.waiting[data-reason=Mutex]`); !strings.Contains(got, "waiting: Mutex at "+lockLine) || !strings.Contains(got, ", woken by ") {
		t.Errorf("a Mutex wait says %q; want its reason, line and who woke it", got)
	}
	if n := eval[int](p, `document.querySelectorAll("#timeline-box .wake").length`); n == 0 {
		t.Errorf("no wake drawn")
	}
	timelineShot(t, p, "timeline-mutex.png")
	p.CheckNoErrors()
}

// TestStatesSecondRun runs the deadlock, then the pool in the same page:
// the second run's lanes and waits are named for its own goroutines.
func TestStatesSecondRun(t *testing.T) {
	p := open(t, "#example=deadlock&stall=200&autorun=1")
	p.ended(2*time.Minute, page.Failed)
	eval[bool](p, `(location.hash = "#example=pool&clients=1&workers=1", true)`)
	p.waitFor(30*time.Second, `document.getElementById("title").textContent.includes("pool")`, "the pool to be shown")
	p.Click(page.Run.Selector())
	p.ended(2*time.Minute, page.Done)
	waitDrawn(t, p)
	goroutines := map[string]bool{"main": true, "client-1": true, "worker-1": true}
	lanes := eval[[]string](p, `Array.from(document.querySelectorAll("#timeline-box [data-lane]"), e => e.getAttribute("data-lane"))`)
	if len(lanes) != len(goroutines) {
		t.Errorf("lanes %q; want the pool's main, client-1 and worker-1", lanes)
	}
	for _, l := range lanes {
		if !goroutines[l] {
			t.Errorf("a lane of %q in the pool's run", l)
		}
	}
	for _, w := range waits(p, "[data-who]") {
		if !goroutines[w.Who] {
			t.Errorf("a wait of %q in the pool's run: %+v", w.Who, w)
		}
	}
	p.CheckNoErrors()
}
