package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// TestWorkerExit checks that a worker whose Go runtime exits leaves the
// page usable (issue 17: a worker's exit code, a JS number, once panicked
// the view's Go runtime and killed the page). The exit message is the one
// worker.js sends, dispatched on the page's handle of the worker: a spare
// that dies is replaced, and the active one's exit fails the run with the
// runtime's words, after which the next run works.
func TestWorkerExit(t *testing.T) {
	p := open(t, "#example=pool&clients=3&pause=2000")
	eval[bool](p, `(`+exitHooks+`, `+chromium.ByID(page.Root)+`.dispatchEvent(new PointerEvent("pointerover", {bubbles: true})), true)`)
	waitWorkers(t, p, 1)

	// The spare exits, normally: the page stays ready and starts another.
	eval[bool](p, `(exitWorker(0, 0, ""), true)`)
	waitWorkers(t, p, 2)
	if got := p.State(); got != page.Ready {
		t.Fatalf("after the spare exited: state %q; want ready", got)
	}

	// The active worker's runtime runs out of memory mid-run. Run takes
	// the spare, the last worker started so far.
	active := eval[int](p, `window.testWorkers.length - 1`)
	p.Click(page.Run.Selector())
	p.WaitState(time.Minute, page.Running)
	p.waitOutput(time.Minute, "Received connection")
	eval[bool](p, `(exitWorker(`+strconv.Itoa(active)+`, 2, "fatal error: out of memory"), true)`)
	if got := p.WaitState(30*time.Second, page.Failed); got != page.Failed {
		t.Fatalf("after the active worker exited: state %q; want failed", got)
	}
	last := eval[string](p, `document.querySelector("`+page.Output.Selector()+` > :last-child").textContent`)
	for _, want := range []string{"ran out of memory (exit code 2)", "fatal error: out of memory"} {
		if !strings.Contains(last, want) {
			t.Errorf("last line %q; want it to say %q", last, want)
		}
	}

	// And the next run works.
	p.Click(page.Run.Selector())
	p.ended(2*time.Minute, page.Done)
	p.CheckNoErrors()
}

// exitHooks is an expression that keeps the page's workers, in the order
// started, in window.testWorkers, and defines exitWorker(i, code, stderr),
// which dispatches on the i-th the message worker.js sends when its Go
// runtime exits.
const exitHooks = `(() => {
	const ws = window.testWorkers = [];
	const spawn = playground.spawn, take = playground.take;
	playground.spawn = () => { const w = spawn(); ws.push(w); return w; };
	playground.take = () => { const w = take(); ws.push(w); return w; };
	window.exitWorker = (i, code, stderr) => ws[i].dispatchEvent(
		new MessageEvent("message", {data: {exit: code, stderr}}));
})()`

// TestEmbedWorkerExit is TestWorkerExit in an embed of an article, as a
// reader uses it: a worker's exit leaves the embed usable, and the
// article untouched.
func TestEmbedWorkerExit(t *testing.T) {
	p, _ := openArticle(t, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Exit</title><link rel="icon" href="data:,"></head><body>
<p>A pool whose clients pause two seconds: time to end its worker mid-run.</p>
<div id="embed-1" data-goroutine-playground="pool" data-clients="3" data-pause="2000"></div>
<script src="SITE/embed.js"></script></body></html>`, false)
	f := p.frame("embed.html#example=pool", 2*time.Minute)
	f.waitState(2*time.Minute, page.Ready)
	frameEval[bool](f, `(`+exitHooks+`, true)`)
	workers := func(n int) {
		t.Helper()
		f.waitFor(time.Minute, `window.testWorkers.length >= `+strconv.Itoa(n), strconv.Itoa(n)+" workers to start")
	}

	// The reader's pointer comes over the embed: its spare starts.
	at := eval[[]float64](p, `(() => { const r = document.querySelector("#embed-1 iframe").getBoundingClientRect(); return [r.left + 20, r.top + 20]; })()`)
	if err := chromedp.Do(p.Context(), chromedp.MouseEvent(chromedp.MouseMoved, at[0], at[1])); err != nil {
		t.Fatal(err)
	}
	workers(1)

	// The spare exits, normally: the embed stays ready and starts another.
	frameEval[bool](f, `(exitWorker(0, 0, ""), true)`)
	workers(2)
	if got := f.waitState(time.Minute, page.Ready); got != page.Ready {
		t.Fatalf("after the spare exited: state %q; want ready", got)
	}

	// The active worker's runtime runs out of memory mid-run.
	active := frameEval[int](f, `window.testWorkers.length - 1`)
	clickRun(p, 1, f)
	f.waitFor(time.Minute, `Array.from(document.querySelectorAll("`+chromium.LineSelector+`")).some((e) => e.textContent.includes("Received connection"))`, "the run's first lines")
	frameEval[bool](f, `(exitWorker(`+strconv.Itoa(active)+`, 2, "fatal error: out of memory"), true)`)
	if got := f.waitState(30*time.Second, page.Failed); got != page.Failed {
		t.Fatalf("after the active worker exited: state %q; want failed", got)
	}
	last := frameEval[string](f, `document.querySelector("`+page.Output.Selector()+` > :last-child").textContent`)
	for _, want := range []string{"ran out of memory (exit code 2)", "fatal error: out of memory"} {
		if !strings.Contains(last, want) {
			t.Errorf("last line %q; want it to say %q", last, want)
		}
	}

	// And the next run works.
	clickRun(p, 1, f)
	f.ended(2*time.Minute, page.Done)
	p.CheckNoErrors()
}

// waitWorkers waits until the page has started n workers.
func waitWorkers(t *testing.T, p *tab, n int) {
	t.Helper()
	p.waitFor(30*time.Second, `window.testWorkers.length >= `+strconv.Itoa(n), strconv.Itoa(n)+" workers to start")
}
