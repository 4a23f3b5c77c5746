package e2e

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// article is a page of someone else's site that embeds two programs the
// way the README tells authors to. SITE is the playground's address: the
// article is served from another origin, as it would be.
const article = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>An article</title>
<link rel="icon" href="data:,">
<style>body { max-width: 40rem; margin: 0 auto; font: 18px/1.6 Georgia, serif; }</style>
</head><body>
<h1>Goroutines, in an article</h1>
<p>A pool with one worker: the other clients wait their turn.</p>
<div id="first" data-goroutine-playground="pool" data-clients="3" data-workers="1" data-pause="30"></div>
<p>And join, which runs as soon as it is shown.</p>
<div id="second" data-goroutine-playground="join" data-autorun="1"></div>
<p>The end.</p>
<script src="SITE/embed.js"></script>
</body></html>
`

// TestEmbed opens an article with two embeds: each becomes a sandboxed
// iframe of embed.html with its own program and knobs, runs on its own
// (the second by autorun, the first when its Run is pressed, while the
// second's output stays its own), and sizes itself to its content.
func TestEmbed(t *testing.T) {
	p := open(t, "")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "article.html"), []byte(strings.ReplaceAll(article, "SITE", p.base)), 0o644); err != nil {
		t.Fatal(err)
	}
	articleBase := browsertest.Serve(t, dir)
	// Tall enough that both embeds are in view: the iframes load lazily.
	p.SetViewport(800, 2000)
	p.Navigate(articleBase + "/article.html")

	type embed struct {
		div, example string
		f            *frame
	}
	embeds := []*embed{{div: "first", example: "pool"}, {div: "second", example: "join"}}
	for _, e := range embeds {
		sandbox := eval[string](p, `document.querySelector("#`+e.div+` iframe")?.getAttribute("sandbox") ?? "none"`)
		if sandbox != "allow-scripts" {
			t.Fatalf("%s: iframe sandbox %q; want allow-scripts", e.div, sandbox)
		}
		e.f = p.frame("embed.html#example="+e.example, 2*time.Minute)
	}

	// The second runs by itself.
	if got := embeds[1].f.waitState(3*time.Minute, page.Done, page.Failed); got != page.Done {
		t.Fatalf("join: state %q; want done", got)
	}
	// The first waits for its Run.
	first := embeds[0].f
	if got := first.waitState(time.Minute, page.Ready); got != page.Ready {
		t.Fatalf("pool: state %q; want ready", got)
	}
	if n := len(first.output()); n != 0 {
		t.Errorf("pool: %d output lines before Run; want 0", n)
	}
	frameEval[bool](first, `(`+chromium.ByID(page.Run)+`.click(), true)`)
	if got := first.waitState(3*time.Minute, page.Done, page.Failed); got != page.Done {
		t.Fatalf("pool: state %q; want done:\n%s", got, strings.Join(first.output(), "\n"))
	}

	for _, e := range embeds {
		f := e.f
		if origin := frameEval[string](f, `self.origin`); origin != "null" {
			t.Errorf("%s: origin %q; want the opaque origin of a sandbox", e.example, origin)
		}
		// Nothing to store in: the page works without it.
		if err := frameEval[string](f, `(() => { try { localStorage.length; return "" } catch (e) { return e.name } })()`); err != "SecurityError" {
			t.Errorf("%s: localStorage: got %q; want a SecurityError", e.example, err)
		}
		if got := frameEval[string](f, `location.hash`); !strings.Contains(got, "example="+e.example) {
			t.Errorf("%s: fragment %q", e.example, got)
		}
		if sel := frameEval[string](f, `document.querySelector('[role=tab][aria-selected=true]').textContent`); sel != "Output" {
			t.Errorf("%s: selected tab %q after a run; want Output", e.example, sel)
		}
	}
	lines := strings.Join(first.output(), "\n")
	for _, w := range []string{"worker-1: Received connection", "client-3: [1, 2, 7, 9, 0]"} {
		if !strings.Contains(lines, w) {
			t.Errorf("pool output lacks %q:\n%s", w, lines)
		}
	}
	if strings.Contains(lines, "worker-2") || strings.Contains(lines, "thingOne") {
		t.Errorf("pool output has another worker or program's lines (workers=1):\n%s", lines)
	}
	joined := strings.Join(embeds[1].f.output(), "\n")
	if !strings.Contains(joined, "thingOne: Goroutine thingOne ended.") || strings.Contains(joined, "client-") {
		t.Errorf("join output is not join's own:\n%s", joined)
	}

	// Sizing: each iframe's inner height is its content's, and follows it
	// when it grows. (That the loader's first height is already the
	// content's is TestArticle's to check.)
	for _, e := range embeds {
		waitFit(t, p, e.div, e.f)
	}
	frameEval[bool](embeds[0].f, `(document.getElementById("panel-output").style.height = "30rem", true)`)
	waitFit(t, p, "first", embeds[0].f)
	p.CheckNoErrors()
}

// waitFit waits until the iframe in the div is as tall as the frame's
// content (to the pixel, rounded up), and not 0 px tall.
func waitFit(t *testing.T, p *tab, div string, f *frame) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		content := frameEval[float64](f, chromium.ByID(page.Root)+`.getBoundingClientRect().height`)
		inner := eval[float64](p, `document.querySelector("#`+div+` iframe").clientHeight`)
		if inner == math.Ceil(content) && inner != 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: iframe inner height %v; want the content's %v", div, inner, content)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
