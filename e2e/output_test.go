package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// TestOutputText: a line reaches the panel exactly as the program printed
// it, as text: markup stays characters, and characters outside the Basic
// Multilingual Plane, a no-break space and a zero-width no-break space
// (a byte-order mark, which a decoder drops at the start) survive the
// page's one decode of a frame's lines (the output panel builds them in
// the page, from one byte string a frame).
func TestOutputText(t *testing.T) {
	p := open(t, "#example=responsive")
	p.Click(page.Run.Selector())
	p.waitOutput(time.Minute, "Counting the primes")
	const line = "<b>é 😀</b>\u00a0<script>window.injected=1</script>\ufeff𝄞 end"
	// Pasted, as typing would not carry every character: a paste with a
	// newline is sent as it is.
	eval[bool](p, `((text) => {
		const dt = new DataTransfer();
		dt.setData("text/plain", text);
		`+chromium.ByID(page.Input)+`.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		return true;
	})(`+strconv.Quote(line+"\n")+`)`)
	deadline := time.Now().Add(time.Minute)
	for {
		got := eval[[]string](p, `Array.from(document.querySelectorAll("`+page.Output.Selector()+` [data-input]"), (e) => e.textContent)`)
		if len(got) > 0 {
			if got[0] != line {
				t.Errorf("the line read shows as %q; want %q", got[0], line)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no line read after a minute: %q", p.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := eval[int](p, `document.querySelectorAll("`+page.Output.Selector()+` b, `+page.Output.Selector()+` script").length`); n != 0 {
		t.Errorf("elements made from the program's text: got %d; want 0", n)
	}
	if eval[bool](p, `"injected" in window`) {
		t.Errorf("script from the program's text ran")
	}
	p.Click(page.Stop.Selector())
	p.WaitState(time.Minute, page.Stopped, page.Done)
	p.CheckNoErrors()
}
