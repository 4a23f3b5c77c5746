package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/page"
)

// lastLine returns the text of the output's last line.
func (p *tab) lastLine() string {
	return eval[string](p, `(e => e ? e.textContent : "")(document.querySelector("#output > :last-child"))`)
}

// TestEditBadPrograms runs programs written in the page that go wrong in
// the ways a learner's do: each ends with a message that says what
// happened, the code stays as it was, and the next run works.
func TestEditBadPrograms(t *testing.T) {
	p := open(t, "")
	p.Click("#new")
	for _, tt := range []struct {
		name, body, want string
	}{
		{"out of memory", `b := make([]byte, 1<<40); fmt.Println(len(b))`, "out of memory"},
		{"memory exhausted", `var keep [][]byte; for { keep = append(keep, make([]byte, 64<<20)) }; fmt.Println(len(keep))`, "out of memory"},
		{"stack overflow", `var f func(int) int; f = func(n int) int { return f(n+1) + 1 }; fmt.Println(f(0))`, "overflowed its stack"},
		{"panic", `var m map[string]int; m["x"] = 1; fmt.Println(m)`, "assignment to entry in nil map"},
		{"deadlock", `ch := make(chan int); ch <- 1; fmt.Println("never")`, "deadlock"},
		{"os.Exit", `fmt.Println("bye"); os.Exit(3)`, "exit"},
	} {
		src := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nvar _ = os.Exit\n\nfunc main() {\n\t" + tt.body + "\n}\n"
		p.setCode(src)
		got := p.runBuilt()
		last := p.lastLine()
		t.Logf("%s: %s: %.200q", tt.name, got, last)
		if tt.name == "os.Exit" {
			if got != page.Done && got != page.Failed {
				t.Errorf("%s: state %q", tt.name, got)
			}
		} else if got != page.Failed {
			t.Errorf("%s: state %q; want failed", tt.name, got)
		}
		if !strings.Contains(strings.ToLower(strings.Join(p.text(page.Output.Selector()), "\n")), tt.want) {
			t.Errorf("%s: output %q; want it to say %q", tt.name, p.text(page.Output.Selector()), tt.want)
		}
		if p.code() != src {
			t.Errorf("%s: the code changed", tt.name)
		}
	}
	// And a good program runs after them all.
	p.setCode("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"fine\") }\n")
	if got := p.runBuilt(); got != page.Done {
		t.Errorf("the run after: %q; want done; output %q", got, p.text(page.Output.Selector()))
	}
	p.CheckNoErrors()
}

// TestEditBusyLoopStops stops a program that never blocks within 200 ms.
func TestEditBusyLoopStops(t *testing.T) {
	p := open(t, "")
	p.Click("#new")
	p.setCode("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"spinning\")\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n")
	p.Click(page.Run.Selector())
	p.WaitState(buildWait, page.Running)
	p.waitOutput(time.Minute, "spinning")
	r := p.measureStop()
	t.Logf("Stop → %s in %.0f ms (want within 200 ms)", r.State, r.MS)
	if r.State != page.Stopped.String() {
		t.Errorf("after Stop: %q; want stopped", r.State)
	}
	if r.MS > float64(stopHang.Milliseconds()) {
		t.Errorf("Stop took %.0f ms: the page did not come back", r.MS)
	}
	p.setCode("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"next\") }\n")
	if got := p.runBuilt(); got != page.Done {
		t.Errorf("the run after Stop: %q; want done", got)
	}
	p.CheckNoErrors()
}

// TestEditTooBig refuses a 10 MB source with a message, keeping it.
func TestEditTooBig(t *testing.T) {
	p := open(t, "")
	p.Click("#new")
	big := "package main\n\nfunc main() {}\n" + strings.Repeat("// filler line of a huge program\n", 10<<20/33)
	eval[bool](p, `(() => { const c = document.getElementById("code"); c.value = `+quote(big)+`;
		c.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	p.Click(page.Run.Selector())
	if got := p.WaitState(time.Minute, page.Failed, page.Done); got != page.Failed {
		t.Fatalf("state %q; want failed", got)
	}
	if last := p.lastLine(); !strings.Contains(last, "compiles at most") {
		t.Errorf("last line %q; want the limit", last)
	}
	if n := eval[int](p, `document.getElementById("code").value.length`); n != len(big) {
		t.Errorf("the editor holds %d bytes; want the %d typed", n, len(big))
	}
	p.CheckNoErrors()
}

// TestEditLinks checks that edited code travels in the address: a reload
// keeps it, a copied link opens it in a fresh page, and code in a shared
// link is text, whatever it holds.
func TestEditLinks(t *testing.T) {
	p := open(t, "#example=pool")
	ex := p.code()
	edited := strings.Replace(ex, "for i := 1; i <= workers; i++ {", "for i := 1; i <= workers+1; i++ { // one more: <b>worker</b>", 1)
	if edited == ex {
		t.Fatal("pool's worker loop not found")
	}
	p.setCode(edited)
	// The address takes the code after a pause in typing.
	var hash string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if hash = p.hash(); strings.Contains(hash, "code=") || time.Now().After(deadline) {
			break
		}
	}
	if !strings.Contains(hash, "example=pool") || !strings.Contains(hash, "code=") {
		t.Fatalf("address %q; want pool with its code", hash)
	}
	fresh := open(t, hash+"&clients=4&pause=30&autorun=1")
	fresh.ended(buildWait, page.Done)
	if fresh.code() != edited {
		t.Errorf("the fresh page's code differs from the edited one")
	}
	var worker3 bool
	for _, l := range fresh.Output() {
		worker3 = worker3 || l.Goroutine == "worker-3"
	}
	if !worker3 {
		t.Errorf("pool with one more worker: no line of worker-3 in %q", fresh.Output())
	}
	if n := eval[int](fresh, `document.querySelectorAll('#timeline-box [data-lane="worker-3"]').length`); n == 0 {
		t.Errorf("pool with one more worker: no lane of worker-3 in the timeline")
	}
	if n := eval[int](fresh, `document.querySelectorAll("#source b, .editor b").length`); n != 0 {
		t.Errorf("markup in the code became %d elements", n)
	}

	// A broken code= keeps the program as it was, and says so.
	broken := open(t, "#example=pool&code=AAAA%%%")
	if msg := broken.Text("#message"); !strings.Contains(msg, "cannot read") && !strings.Contains(msg, "damaged") {
		t.Errorf("a broken code=: message %q", msg)
	}
	if broken.code() != ex {
		t.Errorf("a broken code=: the editor does not hold pool's own source")
	}
	cut := hash[:strings.Index(hash, "code=")+5+10]
	truncated := open(t, cut)
	if msg := truncated.Text("#message"); !strings.Contains(msg, "damaged") {
		t.Errorf("a truncated code=: message %q; want it damaged", msg)
	}
	p.CheckNoErrors()
}
