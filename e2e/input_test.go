package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// answered waits until main has answered a status line while the run is
// still under way, and returns the output.
func (p *tab) waitAnswer(timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		asked := false
		for _, l := range p.Output() {
			if l.Goroutine == "main" && l.Text == "status" {
				asked = true
			}
			if asked && l.Goroutine == "main" && (strings.Contains(l.Text, "% checked") || strings.HasPrefix(l.Text, "Just started")) {
				if s := p.State(); s != page.Running {
					p.t.Fatalf("answered, but the run is %s: the answer came after the work", s)
				}
				return
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("no answer to status within %v: %q", timeout, p.Output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestInputScripted opens a link whose address scripts the input: the
// program asks, the page sends the line, and the answer comes while the
// work goes on.
func TestInputScripted(t *testing.T) {
	p := open(t, "#example=responsive&input=status&autorun=1")
	p.waitAnswer(2 * time.Minute)
	if got := eval[string](p, `document.querySelector("`+page.Output.Selector()+` [data-input]").textContent`); got != "status" {
		t.Errorf("the line read is shown as %q; want %q, marked as input", got, "status")
	}
	p.Click(page.Stop.Selector())
	p.WaitState(time.Minute, page.Stopped, page.Done)
	p.CheckNoErrors()
}

// TestInputTyped types into #input during a run: the answer comes before
// the work ends; a paste of 10,000 lines goes in one message and the page
// stays responsive; input after the run is refused with a note.
func TestInputTyped(t *testing.T) {
	p := open(t, "#example=responsive")
	if eval[bool](p, `document.getElementById("input-box").hidden`) {
		t.Fatal("#input is hidden for a program that reads input")
	}
	p.Click(page.Run.Selector())
	p.waitOutput(time.Minute, "Counting the primes")
	p.Type(page.Input.Selector(), "status\n")
	p.waitAnswer(time.Minute)

	eval[bool](p, `(() => {
		const dt = new DataTransfer();
		dt.setData("text/plain", Array.from({length: 10000}, (_, i) => "line " + i).join("\n"));
		`+chromium.ByID(page.Input)+`.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		return true;
	})()`)
	// The page answers while the lines are read and answered.
	start := time.Now()
	eval[bool](p, `true`)
	t.Logf("an evaluation right after the paste took %v", time.Since(start))
	p.waitOutput(time.Minute, "line 9999")
	p.Click("#input-close")
	p.Click(page.Stop.Selector())
	p.WaitState(time.Minute, page.Stopped, page.Done)

	p.Type(page.Input.Selector(), "too late\n")
	if note := p.Text("#input-note"); !strings.Contains(note, "Not sent") {
		t.Errorf("input after the run: note %q; want it refused", note)
	}
	p.CheckNoErrors()
}

// TestInputPlain types lines for a program written in the page that
// reads os.Stdin: the input line shows when it first reads, each line
// reaches it, and closing the input is its end of file.
func TestInputPlain(t *testing.T) {
	p := open(t, "")
	p.Click("#new")
	p.setCode(`package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	s := bufio.NewScanner(os.Stdin)
	n := 0
	for s.Scan() {
		n++
		fmt.Println("got:", strings.ToUpper(s.Text()))
	}
	fmt.Println("end of input after", n, "lines")
}
`)
	p.Click(page.Run.Selector())
	p.WaitState(buildWait, page.Running)
	p.waitFor(time.Minute, `!document.getElementById("input-box").hidden`, "the input line to show for a program that reads os.Stdin")
	p.Type("#input", "hello\n")
	p.waitOutput(time.Minute, "got: HELLO")
	p.Type("#input", "<b>world</b>\n")
	p.waitOutput(time.Minute, "got: <B>WORLD</B>")
	p.Click("#input-close")
	p.ended(time.Minute, page.Done)
	p.waitOutput(time.Second, "end of input after 2 lines")
	p.CheckNoErrors()
}
