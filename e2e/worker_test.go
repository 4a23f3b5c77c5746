package e2e

import (
	"slices"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// TestSpareWorker checks when the page starts the worker for the next run:
// after it has drawn the current run's first events, not at Run, so that
// a new worker's start-up does not compete with the run's own start (on a
// cold load with autorun=1 that start is what the reader waits for); and
// one per run, so the next Run still finds a worker ready.
func TestSpareWorker(t *testing.T) {
	p := open(t, "#example=thread")
	// The page looks up playground.take (the first) or playground.spawn
	// (the others) each time it starts a worker, and
	// posts the run to a worker with postMessage: both can be watched.
	eval[bool](p, `(() => {
		const log = window.workerLog = [];
		const spawn = playground.spawn, take = playground.take;
		playground.spawn = () => { log.push("spawn"); return spawn(); };
		playground.take = () => { log.push("take"); return take(); };
		const post = Worker.prototype.postMessage;
		Worker.prototype.postMessage = function (m, ...rest) {
			if (m && m.run) {
				log.push("run");
				let heard = false;
				// Added after the page's own listener, so for the same
				// message it runs second.
				this.addEventListener("message", (e) => {
					if (!heard && e.data && e.data.events) {
						heard = true;
						log.push("events");
					}
				});
			}
			return post.call(this, m, ...rest);
		};
		return true;
	})()`)
	// The first spare is started when the reader comes near the page.
	eval[bool](p, `(`+chromium.ByID(page.Root)+`.dispatchEvent(new PointerEvent("pointerover", {bubbles: true})), true)`)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if log := eval[[]string](p, `window.workerLog`); slices.Contains(log, "take") {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("no worker started on the reader's first gesture: %q", log)
		}
	}
	for run := 1; run <= 2; run++ {
		eval[bool](p, `(window.workerLog.length = 0, true)`)
		p.Click(page.Run.Selector())
		if got := p.WaitState(time.Minute, page.Done, page.Failed); got != page.Done {
			t.Fatalf("run %d: state %q; want done; output %q", run, got, p.Output())
		}
		// The spare may start after data-state says done: in the task after
		// the frame that draws the run's last lines.
		var log []string
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			log = eval[[]string](p, `window.workerLog`)
			if slices.Contains(log, "spawn") || time.Now().After(deadline) {
				break
			}
		}
		if want := []string{"run", "events", "spawn"}; len(log) < 3 || !slices.Equal(log[:3], want) {
			t.Errorf("run %d: workers and messages in order %q; want it to begin %q", run, log, want)
		}
		if n := count(log, "spawn"); n != 1 {
			t.Errorf("run %d: %d workers started; want 1 (the next run's)", run, n)
		}
	}
	p.CheckNoErrors()
}

func count(s []string, v string) int {
	n := 0
	for _, x := range s {
		if x == v {
			n++
		}
	}
	return n
}
