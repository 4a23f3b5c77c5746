package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/page"
)

// buildWait is how long a test waits for a build in the page: the first
// one downloads and compiles Go's toolchain, on a machine that may be
// busy with other tests.
const buildWait = 5 * time.Minute

// setCode fills the editor with src, as typing would: its input event
// tells the page.
func (p *tab) setCode(src string) {
	p.t.Helper()
	eval[bool](p, `(() => { const c = document.getElementById("code"); c.value = `+quote(src)+`;
		c.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	// The highlighted copy under the text, which sizes the editor, is
	// painted at the next frame: until then the buttons below it are
	// where the old text put them, and a click aimed at Run would land
	// where Run is no longer.
	p.waitFor(10*time.Second, `document.getElementById("source").textContent === `+quote(src+"\n"), "the editor to repaint the code")
}

// code returns the editor's text.
func (p *tab) code() string { return eval[string](p, `document.getElementById("code").value`) }

// runBuilt presses Run and waits for the run of a program built in the
// page to end, checking that the page said it was building. It waits for
// this Run's building first: the state before the click may already be
// an end state (the last run's).
func (p *tab) runBuilt() page.State {
	p.t.Helper()
	before := len(p.States())
	p.Click(page.Run.Selector())
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if seen := p.States(); len(seen) > before && slices.Contains(seen[before:], page.Building) {
			break
		} else if len(seen) > before && slices.Contains(seen[before:], page.Running) {
			p.t.Errorf("states %q: the page never said building", stateWords(seen[before:]))
			break
		} else if time.Now().After(deadline) {
			p.t.Fatalf("Run: no build began; states %q", stateWords(seen))
		}
	}
	return p.WaitState(buildWait, page.Done, page.Failed, page.Stopped)
}

func stateWords(s []page.State) []string {
	var w []string
	for _, x := range s {
		w = append(w, x.String())
	}
	return w
}

// TestEditBuiltin edits a built-in program (a comment added) and runs it:
// it is compiled and linked in the page and prints what the precompiled
// one prints.
func TestEditBuiltin(t *testing.T) {
	p := open(t, "#example=thread")
	ex, _ := examples.Lookup("thread")
	p.setCode(ex.Source + "\n// edited in the page\n")
	if got := p.runBuilt(); got != page.Done {
		t.Fatalf("state %q; want done; output %q", got, p.text(page.Output.Selector()))
	}
	found := false
	for _, l := range p.Output() {
		if l.Goroutine == "main" && strings.Contains(l.Text, "did not start it") {
			found = true
		}
	}
	if !found {
		t.Errorf("output %q; want main's line of the thread program", p.Output())
	}
	p.CheckNoErrors()
}

// TestEditCompileError shows a compile error as go build prints it,
// marks its line, fails the run and leaves the code alone.
func TestEditCompileError(t *testing.T) {
	p := open(t, "#example=thread")
	p.Click("#new")
	src := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(undefinedThing)\n}\n"
	p.setCode(src)
	if got := p.runBuilt(); got != page.Failed {
		t.Fatalf("state %q; want failed", got)
	}
	// As go build prints it, for a file of the folder it builds.
	lines := p.text("#output .build")
	if len(lines) == 0 || lines[0] != "./prog.go:6:14: undefined: undefinedThing" {
		t.Errorf("build lines %q; want ./prog.go:6:14: undefined: undefinedThing", lines)
	}
	if at := eval[string](p, `(e => e && e.dataset.line + ":" + e.dataset.col)(document.querySelector("#output .build[data-line]"))`); at != "6:14" {
		t.Errorf("the error line links to %q; want 6:14", at)
	}
	if got := p.code(); got != src {
		t.Errorf("the code changed: %q", got)
	}
	if n := eval[int](p, `document.querySelectorAll(".editor .gutter .err").length`); n != 1 {
		t.Errorf("%d lines marked in the editor; want 1", n)
	}
	p.CheckNoErrors()
}

// TestEditPlain runs a blank program using select, a Mutex and generics.
func TestEditPlain(t *testing.T) {
	p := open(t, "")
	p.Click("#new")
	p.setCode(`package main

import (
	"fmt"
	"sync"
	"time"
)

type counter[T int | float64] struct {
	mu sync.Mutex
	n  T
}

func (c *counter[T]) add(v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += v
}

func worker(id int, c *counter[int], done chan<- int) {
	for range 100 {
		c.add(1)
	}
	done <- id
}

func main() {
	c := &counter[int]{}
	done := make(chan int)
	for i := 1; i <= 3; i++ {
		go worker(i, c, done)
	}
	for range 3 {
		select {
		case id := <-done:
			fmt.Println("worker", id, "done")
		case <-time.After(5 * time.Second):
			fmt.Println("timeout")
		}
	}
	fmt.Println("total", c.n)
}
`)
	if got := p.runBuilt(); got != page.Done {
		t.Fatalf("state %q; want done; output %q", got, p.text(page.Output.Selector()))
	}
	var total bool
	for _, l := range p.Output() {
		if l.Goroutine == "main" && l.Text == "total 300" {
			total = true
		}
	}
	if !total {
		t.Errorf("output %q; want main's total 300", p.Output())
	}
	p.CheckNoErrors()
}

// TestEditEveryProgram adds a comment to each program, runs it as built
// in the page, and checks it prints what its precompiled run prints
// (timings aside): the same lines TestPrograms wants.
func TestEditEveryProgram(t *testing.T) {
	p := open(t, "")
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			tt := programs[ex.Name]
			frag := "#example=" + ex.Name
			if tt.knobs != "" {
				frag += "&" + tt.knobs
			}
			p.load(frag)
			p.setCode(ex.Source + "\n// A comment added in the page.\n")
			if got := p.runBuilt(); got != tt.state {
				t.Fatalf("state: got %q; want %q\n%s", got, tt.state, strings.Join(p.text(page.Output.Selector()), "\n"))
			}
			checkLines(t, p.Output(), tt.lines)
		})
	}
	p.CheckNoErrors()
}

// TestEditorKeys types into the editor as a person would: Tab indents,
// Enter keeps the indent and adds one after a brace, undo takes each
// back, and Reset is an edit undo takes back too.
func TestEditorKeys(t *testing.T) {
	p := open(t, "#example=thread")
	orig := p.code()
	// key presses a key as a keyboard does: one keydown that carries its
	// text (so that a page that prevents the keydown's default types
	// nothing, as in a browser; chromedp's KeyEvent sends the text in a
	// separate event that no keydown handler can stop), then a keyup.
	key := func(k string, mods ...kb.Modifier) {
		t.Helper()
		v := kb.Keys[rune(k[0])]
		var m int64
		for _, x := range mods {
			m |= int64(x)
		}
		down := input.DispatchKeyEventParams{Type: kb.KeyDown, Key: v.Key, Code: v.Code,
			WindowsVirtualKeyCode: v.Windows, NativeVirtualKeyCode: v.Native, Modifiers: m}
		if v.Print && m&int64(kb.ModifierCtrl|kb.ModifierCommand) == 0 {
			down.Text, down.UnmodifiedText = v.Text, v.Unmodified
		}
		up := down
		up.Type, up.Text, up.UnmodifiedText = kb.KeyUp, "", ""
		act := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			for _, ev := range []input.DispatchKeyEventParams{down, up} {
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev); err != nil {
					return err
				}
			}
			return nil
		})
		if err := chromedp.Do(p.Context(), act); err != nil {
			t.Fatal(err)
		}
	}
	// setCaret puts the caret at byte offset at of the code (the textarea
	// counts UTF-16 units: the code has an em dash before it).
	setCaret := func(at int) {
		u := len(utf16.Encode([]rune(orig[:at])))
		eval[bool](p, `(() => { const c = document.getElementById("code"); c.focus(); c.setSelectionRange(`+
			strconv.Itoa(u)+`, `+strconv.Itoa(u)+`); return true; })()`)
	}
	// At the end of "func threadMain(...) {": Enter opens an indented line.
	brace := strings.Index(orig, "error {\n") + len("error {")
	setCaret(brace)
	key(kb.Enter)
	if got := p.code(); got != orig[:brace]+"\n\t"+orig[brace:] {
		t.Errorf("Enter after a brace: got %q", got[brace-10:brace+10])
	}
	key("x")
	key(kb.Tab)
	if got := p.code(); !strings.HasPrefix(got[brace:], "\n\tx\t") {
		t.Errorf("Tab: got %q", got[brace:brace+10])
	}
	// Undo, three times: the tab, the x, the newline.
	for range 3 {
		key("z", kb.ModifierCtrl)
	}
	if got := p.code(); got != orig {
		t.Errorf("after three undos the code is not the original: %q", got[brace-10:brace+10])
	}
	key("z", kb.ModifierCtrl, kb.ModifierShift)
	if got := p.code(); got != orig[:brace]+"\n\t"+orig[brace:] {
		t.Errorf("redo: got %q", got[brace-10:brace+10])
	}
	// Reset, then undo: the edit is back.
	edited := p.code()
	p.Click("#reset")
	if got := p.code(); got != orig {
		t.Errorf("Reset: the code is not the original")
	}
	key("z", kb.ModifierCtrl)
	if got := p.code(); got != edited {
		t.Errorf("undo after Reset: the edit is not back")
	}
	p.CheckNoErrors()
}

// TestEditEmbed copies the embed code of an edited program into an
// article on another origin: the sandboxed embed shows the edited code,
// builds it with the toolchain only when the reader presses Run, and runs
// it.
func TestEditEmbed(t *testing.T) {
	p := open(t, "#example=join")
	ex, _ := examples.Lookup("join")
	edited := strings.Replace(ex.Source, `"Goroutine thingOne ended."`, `"thingOne ended, edited in an article."`, 1)
	if edited == ex.Source {
		t.Fatal("join's line not found")
	}
	p.setCode(edited)
	snippet := p.copied("copy-embed", "Embed code")
	if !strings.Contains(snippet, `data-code="`) {
		t.Fatalf("embed code without the edited code: %s", snippet)
	}
	dir := t.TempDir()
	html := "<!doctype html><html><head><meta charset=utf-8><link rel=icon href=\"data:,\"></head><body>" + snippet + "</body></html>"
	if err := os.WriteFile(filepath.Join(dir, "a.html"), []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	base := browsertest.Serve(t, dir)
	p.SetViewport(800, 1400)
	p.Navigate(base + "/a.html")
	f := p.frame("embed.html#example=join", 2*time.Minute)
	if got := f.waitState(3*time.Minute, page.Ready); got != page.Ready {
		t.Fatalf("the embed: state %q; want ready", got)
	}
	if got := frameEval[string](f, `document.getElementById("code").value`); got != edited {
		t.Errorf("the embed's editor does not hold the edited code")
	}
	if n := frameEval[int](f, `performance.getEntriesByType("resource").filter(e => e.name.includes("/toolchain/")).length`); n != 0 {
		t.Errorf("the embed fetched %d toolchain files before Run; want none", n)
	}
	frameEval[bool](f, `(`+chromium.ByID(page.Run)+`.click(), true)`)
	f.ended(buildWait, page.Done)
	if out := strings.Join(f.output(), "\n"); !strings.Contains(out, "thingOne ended, edited in an article.") {
		t.Errorf("the embed ran the original program:\n%s", out)
	}
	p.CheckNoErrors()
}
