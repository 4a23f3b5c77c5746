package e2e

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// docs is where the README's pictures live; -screenshots DIR rewrites
// them (go test ./e2e -run Screens -args -screenshots ../docs).
const docs = "../docs"

// TestScreensMobile lays the page out on a 360 px phone after a run: nothing
// is wider than the screen, and every control is on it. With -screenshots
// it writes mobile-360.png; either way the committed picture must exist and
// be 360 px wide.
func TestScreensMobile(t *testing.T) {
	p := open(t, "")
	p.SetViewport(360, 780)
	p.load("#example=pool&clients=3&timescale=100&autorun=1")
	if got := p.WaitState(3*time.Minute, page.Done, page.Failed); got != page.Done {
		t.Fatalf("state %q; want done", got)
	}
	if w := eval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("page width %d px on a 360 px screen; want no sideways scrolling", w)
	}
	outside := eval[[]string](p, `Array.from(document.querySelectorAll("button, input, textarea, #programs a, `+page.Output.Selector()+`, #source"))
		.filter((e) => e.offsetParent !== null && !e.closest("#programs ol"))
		.filter((e) => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > 360; })
		.map((e) => e.id || e.tagName)`)
	if len(outside) > 0 {
		t.Errorf("controls beyond the 360 px screen: %q", outside)
	}
	writeShot(t, p, "mobile-360.png")
	checkShot(t, "mobile-360.png", 360)
	p.CheckNoErrors()
}

// TestScreensDark emulates a dark system preference: the page's colours
// follow it. With -screenshots it writes dark.png.
func TestScreensDark(t *testing.T) {
	p := open(t, "")
	p.SetViewport(1280, 900)
	bg := func() string { return eval[string](p, `getComputedStyle(document.body).backgroundColor`) }
	p.ColorScheme("light")
	light := bg()
	p.ColorScheme("dark")
	p.load("#example=pool&clients=3&timescale=100&autorun=1")
	if got := p.WaitState(3*time.Minute, page.Done, page.Failed); got != page.Done {
		t.Fatalf("state %q; want done", got)
	}
	dark := bg()
	if light != "rgb(255, 255, 255)" || dark != "rgb(18, 20, 23)" {
		t.Errorf("body background: light %q, dark %q; want the style sheet's --bg of each", light, dark)
	}
	writeShot(t, p, "dark.png")
	checkShot(t, "dark.png", 1280)
	p.CheckNoErrors()
}

// TestScreensKeyboard walks the page with Tab: every control is reached,
// each shows a focus outline, Ctrl+Enter runs and Escape stops.
func TestScreensKeyboard(t *testing.T) {
	p := open(t, "#example=pool&timescale=1")
	var reached []string
	for range 80 {
		if err := chromedp.Do(p.Context(), chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f := eval[struct{ ID, Outline string }](p, `(() => { const e = document.activeElement;
			return {id: e.id || e.dataset.example || e.tagName, outline: getComputedStyle(e).outlineStyle}; })()`)
		if f.ID == "BODY" {
			continue // between the last control and the first
		}
		if f.ID == string(page.Code) {
			// The editor takes Tab to indent: its box shows the focus,
			// and Esc, then Tab, leaves it.
			if o := eval[string](p, `getComputedStyle(document.querySelector(".editor")).outlineStyle`); o == "none" {
				t.Errorf("the editor has focus but its box no outline")
			}
			if err := chromedp.Do(p.Context(), chromedp.KeyEvent(kb.Escape)); err != nil {
				t.Fatal(err)
			}
		} else if f.Outline == "none" {
			t.Errorf("%s has focus but no outline", f.ID)
		}
		if slices.Contains(reached, f.ID) {
			break // round again
		}
		reached = append(reached, f.ID)
	}
	for _, want := range []string{"pool", "join", "code", "format", "reset", "new", "knob-clients", "knob-timescale", "run", "copy-link", "copy-embed", "output"} {
		if !slices.Contains(reached, want) {
			t.Errorf("Tab never reaches %s; reached %q", want, reached)
		}
	}
	ctx, cancel := context.WithTimeout(p.Context(), p.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
		t.Fatal(err)
	}
	p.WaitState(time.Minute, page.Running)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if got := p.WaitState(time.Minute, page.Stopped, page.Done); got != page.Stopped {
		t.Errorf("after Escape: state %q; want stopped", got)
	}
	p.CheckNoErrors()
}

// writeShot writes the page's picture to docs/name when -screenshots asks.
func writeShot(t *testing.T, p *tab, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	eval[bool](p, `(() => { `+chromium.ByID(page.Output)+`.scrollTop = 0; window.scrollTo(0, 0); return true; })()`)
	paintAll(p)
	if err := os.WriteFile(filepath.Join(*screenshots, name), p.Screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// paintAll makes the page paint the output's lines even where they are
// far from the viewport: the page leaves those unpainted
// (content-visibility: auto), and a picture of the whole page would show
// an empty panel below the first screen.
func paintAll(p *tab) {
	eval[bool](p, `new Promise(done => {
		const s = document.createElement("style");
		s.textContent = "#output > * { content-visibility: visible !important; }";
		document.head.append(s);
		requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
	})`)
}

// checkShot checks that docs/name is a PNG of the width.
func checkShot(t *testing.T, name string, width int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(docs, name))
	if err != nil {
		t.Fatalf("the README's picture: %v (make it with -args -screenshots %s)", err, docs)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if cfg.Width != width {
		t.Errorf("%s: %d px wide; want %d", name, cfg.Width, width)
	}
}

// TestScreensAnnounce runs pool, which prints dozens of lines in a few
// seconds, and listens to the polite live region: it speaks in summaries
// at least a second apart, not once per line, and its last word is the
// run's last line.
func TestScreensAnnounce(t *testing.T) {
	p := open(t, "#example=pool&clients=3&timescale=20")
	if role := eval[string](p, `document.getElementById("announce").getAttribute("aria-live")`); role != "polite" {
		t.Errorf("#announce aria-live %q; want polite", role)
	}
	eval[bool](p, `(() => {
		const heard = window.heard = [];
		const box = document.getElementById("announce");
		new MutationObserver(() => heard.push({at: performance.now(), text: box.textContent}))
			.observe(box, {childList: true, characterData: true, subtree: true});
		`+chromium.ByID(page.Run)+`.click();
		return true;
	})()`)
	if got := p.WaitState(3*time.Minute, page.Done, page.Failed); got != page.Done {
		t.Fatalf("state %q; want done", got)
	}
	type said struct {
		At   float64
		Text string
	}
	lines := eval[[]string](p, `Array.from(document.querySelectorAll("`+page.Output.Selector()+` > *"), (e) => e.textContent)`)
	end, _, _ := strings.Cut(lines[len(lines)-1], "\n") // a summary quotes the first line
	end = end[:min(len(end), 60)]
	// The last summary may wait out its second, and on a loaded machine
	// behind a long frame: wait for it, up to a generous limit.
	var heard []said
	for deadline := time.Now().Add(20 * time.Second); ; {
		heard = eval[[]said](p, `window.heard`)
		if len(heard) > 0 && strings.Contains(heard[len(heard)-1].Text, end) || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if len(heard) == 0 || len(heard) >= len(lines) {
		t.Fatalf("%d announcements for %d lines; want at least one, and fewer than one per line", len(heard), len(lines))
	}
	// The view speaks at most once a second by its own clock. The
	// observer hears each announcement when the task that made it ends, so
	// a long frame can push one late and make the next look close behind
	// it: count them over the time they span instead of timing each gap.
	// A flood would be one a line, many a second.
	t.Logf("%d announcements for %d lines", len(heard), len(lines))
	for i := 1; i < len(heard); i++ {
		t.Logf("gap %d: %.0f ms", i, heard[i].At-heard[i-1].At)
	}
	if span := heard[len(heard)-1].At - heard[0].At; float64(len(heard)-1) > span/1000+1 {
		t.Errorf("%d announcements in %.0f ms; want at most one a second", len(heard), span)
	}
	if last := heard[len(heard)-1].Text; !strings.Contains(last, end) {
		t.Errorf("last announcement %q; want it to end with the last line %q", last, end)
	}
	p.CheckNoErrors()
}
