package e2e

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	xtrace "golang.org/x/exp/trace"

	"github.com/goroutine-playground/playground/internal/page"
)

// TestTraceDownload runs the pool, then presses #trace: the browser saves
// a file named pool.trace, which Go's trace parser (golang.org/x/exp/trace,
// as go tool trace reads it) reads to the end, and in which the pool's
// goroutines wait in selects and on channels. #trace is disabled until
// the run has ended, and its note names the file and its size.
func TestTraceDownload(t *testing.T) {
	p := open(t, "#example=pool&clients=2")
	if !eval[bool](p, `document.getElementById("trace").disabled`) {
		t.Errorf("#trace is enabled before any run")
	}
	p.Click(page.Run.Selector())
	p.ended(2*time.Minute, page.Done)
	p.waitFor(10*time.Second, `!document.getElementById("trace").disabled`, "#trace to be enabled after the run")
	if note := p.Text("#trace-note"); !strings.HasPrefix(note, "pool.trace, ") || !strings.HasSuffix(note, " KB.") {
		t.Errorf("#trace-note %q; want the file's name and size", note)
	}

	// The browser saves downloads in dir, each named by its GUID, and
	// says when one begins (with the name the page gave it) and ends.
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(p.Context(), time.Minute)
	defer cancel()
	begun := chromedp.Events(ctx, browser.DownloadWillBegin)
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	enabled := true
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &enabled}); err != nil {
		t.Fatal(err)
	}
	p.Click(page.Trace.Selector())
	var name, path string
	for ev, err := range begun {
		if err != nil {
			t.Fatalf("no download began after #trace was pressed: %v", err)
		}
		name = ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("the download did not end: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			path = filepath.Join(dir, ev.GUID)
			break
		}
	}
	if name != "pool.trace" {
		t.Errorf("saved as %q; want pool.trace", name)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reasons, events := readTrace(t, f)
	t.Logf("%s: %d events; waits: %v", name, events, reasons)
	// In the runtime's words: the clients sleep between messages (in a
	// select on a timer and the run's context), the in-memory network's
	// reads wait on its channels.
	if reasons["select"] == 0 || reasons["chan receive"] == 0 {
		t.Errorf("waits in the trace %v; want selects and channel receives", reasons)
	}
	p.CheckNoErrors()
}

// readTrace reads an execution trace to its end, as go tool trace does,
// and counts its events and the reasons goroutines blocked for.
func readTrace(t *testing.T, r io.Reader) (reasons map[string]int, events int) {
	t.Helper()
	tr, err := xtrace.NewReader(r)
	if err != nil {
		t.Fatalf("the trace does not parse: %v", err)
	}
	reasons = map[string]int{}
	for {
		ev, err := tr.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d events, the trace does not parse: %v", events, err)
		}
		events++
		if ev.Kind() != xtrace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != xtrace.ResourceGoroutine {
			continue
		}
		if _, to := st.Goroutine(); to == xtrace.GoWaiting {
			reasons[st.Reason]++
		}
	}
	if events == 0 {
		t.Fatal("the trace has no events")
	}
	return reasons, events
}
