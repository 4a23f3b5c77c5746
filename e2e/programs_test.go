package e2e

import (
	"github.com/goroutine-playground/playground/internal/chromium"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/page"
)

// want is what a program's run shows when it does what its lesson says: a
// line of a goroutine (matched by a pattern on its name) with the text.
type want struct {
	who  string // regular expression for the whole goroutine name
	text string // a substring of the line
	n    int    // lines that must match; 0 means at least one
}

// programs says, for each program, the knobs the test runs it with (to keep
// the suite quick), how it must end and what its output must show. Every
// program of internal/examples must be here.
var programs = map[string]struct {
	knobs string
	state page.State
	lines []want
}{
	"thread":  {"", page.Done, []want{{"main", "did not start it", 1}}},
	"start":   {"", page.Done, []want{{"myThread", "You called my start method, yeah.", 1}, {"main", "It has finished", 1}}},
	"group":   {"goroutines=20", page.Done, []want{{`speaker-\d+`, "Hello and good bye.", 20}}},
	"server":  {"", page.Done, []want{{`handler-\d`, "Received connection: 127.0.0.1", 5}, {`client-\d`, "[1, 2, 7, 9, 0]", 5}}},
	"client":  {"", page.Done, []want{{"main", "[1, 2, 7, 9, 0]", 1}, {`handler-1`, "Hey. 9", 1}}},
	"clients": {"", page.Done, []want{{`client-\d`, "[1, 2, 7, 9, 0]", 5}}},
	"pool": {"clients=5&workers=2&pause=30", page.Done, []want{
		{`worker-[12]`, "Received connection: 127.0.0.1", 5}, {`client-\d`, "[1, 2, 7, 9, 0]", 5}}},
	"names":      {"", page.Done, []want{{"Cazaril", "Hello, my name is Cazaril", 1}}},
	"alive":      {"", page.Done, []want{{"main", "Doctor: Next!", 0}}},
	"join":       {"", page.Done, []want{{"thingOne", "Goroutine thingOne ended.", 1}}},
	"daemon":     {"", page.Done, []want{{"daemon", "Going to sleep for ten seconds.", 1}, {"main", "Leaving.", 1}}},
	"func":       {"", page.Done, []want{{"thread", "I'm a real boy!", 1}}},
	"many":       {"goroutines=2000&clients=50", page.Done, []want{{"main", "Started 2,000 goroutines", 1}, {"main", "pool: 50 clients served", 1}}},
	"responsive": {"primes=1", page.Done, []want{{"main", "Done: 78,498 primes", 1}}},
	"overlap":    {"files=2&size=20", page.Done, []want{{"main", "less than one after another", 1}}},
	"panic":      {"", page.Failed, []want{{"worker", "Working on Wednesday", 1}, {"worker", "index out of range", 1}}},
	"deadlock":   {"", page.Failed, nil},
	"spin":       {"spin=200", page.Done, []want{{"spinner", "Done:", 1}}},
}

// TestPrograms runs every program from the page, as a link with autorun
// would, and checks what its output shows.
func TestPrograms(t *testing.T) {
	p := open(t, "")
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			tt, ok := programs[ex.Name]
			if !ok {
				t.Fatalf("no expectations for the program %q", ex.Name)
			}
			frag := "#example=" + ex.Name + "&autorun=1"
			if tt.knobs != "" {
				frag += "&" + tt.knobs
			}
			p.load(frag)
			if got := p.WaitState(60*time.Second, page.Done, page.Failed, page.Stopped); got != tt.state {
				t.Fatalf("state: got %q; want %q\n%s", got, tt.state, strings.Join(p.text(page.Output.Selector()), "\n"))
			}
			checkLines(t, p.Output(), tt.lines)
			if got, want := p.Text("#title"), ex.Title; got != want {
				t.Errorf("#title: got %q; want %q", got, want)
			}
			// The source beside the output is the file that ran, in the
			// editor, and as text (its "<-" and "<" are characters) in
			// highlighted spans under it.
			if got := eval[string](p, `document.getElementById("code").value`); got != ex.Source {
				t.Errorf("#code: %d bytes that differ from %s (%d bytes), the file that runs", len(got), ex.File, len(ex.Source))
			}
			if got := p.Text("#source"); got != ex.Source+"\n" {
				t.Errorf("#source: %d bytes that differ from %s (%d bytes) and a newline", len(got), ex.File, len(ex.Source))
			}
			if n := eval[int](p, `document.querySelectorAll("#source span").length`); n == 0 {
				t.Errorf("#source: no highlighted spans")
			}
			if n := eval[int](p, `document.querySelectorAll("#source :not(span), #source span *").length`); n != 1 {
				t.Errorf("#source: %d elements besides its <code> and the spans in it; want none", n-1)
			}
			end := p.Text(page.Output.Selector() + " .end")
			if !strings.HasPrefix(end, tt.state.String()) {
				t.Errorf("last line: got %q; want it to start with %q", end, tt.state)
			}
			p.CheckNoErrors()
		})
	}
}

// text returns the text of every element that matches the selector.
func (p *tab) text(selector string) []string {
	return eval[[]string](p, `Array.from(document.querySelectorAll(`+quote(selector)+`), (e) => e.textContent)`)
}

func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

// TestFailures checks that a panic and a deadlock fail the run, naming the
// goroutines, and that the page runs the next program as usual.
func TestFailures(t *testing.T) {
	p := open(t, "#example=panic")
	p.Click(page.Run.Selector())
	p.WaitState(30*time.Second, page.Failed)
	if !slices.ContainsFunc(p.Output(), func(l browsertest.Line) bool {
		return l.Goroutine == "worker" && strings.HasPrefix(l.Text, "panic: runtime error: index out of range")
	}) {
		t.Errorf("no panic line of the goroutine worker in %q", p.Output())
	}
	if end := p.Text(page.Output.Selector() + " .end"); !strings.Contains(end, "panic in goroutine worker") {
		t.Errorf("last line: got %q; want it to name the goroutine worker", end)
	}

	p.Click(`#programs a[data-example="deadlock"]`)
	p.Click(page.Run.Selector())
	p.WaitState(30*time.Second, page.Failed)
	end := p.Text(page.Output.Selector() + " .end")
	for _, name := range []string{"main", "alice", "bob"} {
		if !strings.Contains(end, name) {
			t.Errorf("last line: got %q; want it to name %s", end, name)
		}
	}

	p.Click(`#programs a[data-example="start"]`)
	p.Click(page.Run.Selector())
	if got := p.WaitState(30*time.Second, page.Done, page.Failed); got != page.Done {
		t.Errorf("the run after two failures: got %q; want done", got)
	}
	if !slices.Contains(p.Output(), browsertest.Line{Goroutine: "myThread", Text: "You called my start method, yeah."}) {
		t.Errorf("the run after two failures printed %q", p.Output())
	}
	p.CheckNoErrors()
}

// checkLines checks that the output has the lines wanted.
func checkLines(t *testing.T, lines []chromium.Line, wants []want) {
	t.Helper()
	for _, w := range wants {
		re := regexp.MustCompile("^(?:" + w.who + ")$")
		n := 0
		for _, l := range lines {
			if re.MatchString(l.Goroutine) && strings.Contains(l.Text, w.text) {
				n++
			}
		}
		if (w.n == 0 && n == 0) || (w.n != 0 && n != w.n) {
			t.Errorf("lines of %s with %q: got %d; want %d\n%q", w.who, w.text, n, w.n, lines)
		}
	}
}
