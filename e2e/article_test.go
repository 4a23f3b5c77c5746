package e2e

import (
	"fmt"
	"math"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/serve"
)

// TestArticle reads testdata/article.html, a tutorial page of 24 embeds,
// as a reader would (issue 17): it scrolls down with the mouse wheel, and
// at each embed, once its frame has loaded (the frames are lazy: the test
// never calls into one before), it points at Run, clicks it and waits for
// the run's end. Every embed must run; the article must fetch main.wasm
// and engine.wasm once each; each frame's placeholder must be as tall as the loaded embed, so
// the article does not jump; at the end of the article the embeds far
// above hold no spare worker, and the first one, scrolled back to, runs
// again. Once with the playground on the article's origin, once on
// another.
func TestArticle(t *testing.T) {
	for _, tt := range []struct {
		name  string
		cross bool
	}{
		{name: "same origin", cross: false},
		{name: "another origin", cross: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			readArticle(t, tt.cross)
		})
	}
}

// articleEmbeds is how many embeds testdata/article.html holds.
const articleEmbeds = 24

func readArticle(t *testing.T, cross bool) {
	p, a := openArticle(t, articleHTML(t), cross)
	// The layout shifts from now on: the embeds' frames are in place (the
	// article moved once, when embed.js put them there), and they load.
	eval[bool](p, `(() => {
		const since = performance.now();
		window.shifted = 0;
		new PerformanceObserver((l) => {
			for (const e of l.getEntries()) if (e.startTime > since) shifted += e.value;
		}).observe({type: "layout-shift", buffered: true});
		return true;
	})()`)

	type embed struct {
		n       int
		src     string
		example string
		guess   float64 // the iframe's height before its page loaded
		f       *frame
	}
	var embeds []*embed
	seen := map[string]bool{}
	for i := 1; i <= articleEmbeds; i++ {
		e := &embed{n: i}
		sel := fmt.Sprintf(`document.querySelector("#embed-%d iframe")`, i)
		e.src = eval[string](p, sel+`?.src ?? ""`)
		e.example = eval[string](p, fmt.Sprintf(`document.getElementById("embed-%d").dataset.goroutinePlayground`, i))
		e.guess = eval[float64](p, sel+`.offsetHeight`)
		if e.src == "" || seen[e.src] {
			t.Fatalf("embed %d: iframe address %q: missing, or the same as another's (the test tells frames apart by it)", i, e.src)
		}
		if sandbox := eval[string](p, sel+`.getAttribute("sandbox")`); sandbox != "allow-scripts" {
			t.Fatalf("embed %d: sandbox %q; want allow-scripts, on any origin", i, sandbox)
		}
		seen[e.src] = true
		embeds = append(embeds, e)
	}

	for _, e := range embeds {
		scrollToEmbed(p, e.n)
		e.f = p.frame(e.src, 2*time.Minute)
		e.f.waitState(2*time.Minute, page.Ready)
		trackWorkers(e.f)
		want := page.Done
		if (e.example == "panic" || e.example == "deadlock") && !strings.ContainsAny(e.src, "&") {
			want = page.Failed // as their lessons say, unless recovered or fixed
		}
		// The frame has said how tall it is by the time the view is ready.
		if got := eval[float64](p, fmt.Sprintf(`document.querySelector("#embed-%d iframe").offsetHeight`, e.n)); got != e.guess {
			t.Errorf("embed %d (%s): %v px tall once loaded; its placeholder was %v px", e.n, e.example, got, e.guess)
		}
		clickRun(p, e.n, e.f)
		e.f.ended(2*time.Minute, want)
		if want == page.Done && len(e.f.output()) == 0 {
			t.Errorf("embed %d (%s): no output", e.n, e.example)
		}
	}
	t.Logf("the article's layout shifts while its embeds loaded and ran add up to %.4f", eval[float64](p, `shifted`))

	full, total := a.served("/main.wasm")
	engines, _ := a.served("/engine.wasm")
	t.Logf("%d responses of the playground, %d bytes", len(a.take()), total)
	if full != 1 || engines != 1 {
		t.Errorf("main.wasm sent %d times, engine.wasm %d times, for %d embeds; want each once", full, engines, articleEmbeds)
	}

	// At the end of the article, the embeds far above let their spares go.
	// Each embed near the viewport may keep one.
	first := embeds[0].f
	first.waitFor(time.Minute, `window.testLive.size === 0`, "the first embed, far above, to let its workers go")
	live, near := 0, eval[int](p, `Array.from(document.querySelectorAll("iframe")).filter((f) => {
		const r = f.getBoundingClientRect();
		return r.bottom > -innerHeight && r.top < 2 * innerHeight;
	}).length`)
	for _, e := range embeds {
		live += frameEval[int](e.f, `window.testLive.size`)
	}
	if live > near {
		t.Errorf("%d workers alive at the end of the article; want at most one for each of the %d embeds near the viewport", live, near)
	}

	// Back at the top, the first embed runs again.
	scrollToEmbed(p, 1)
	clickRun(p, 1, first)
	first.ended(2*time.Minute, page.Done)
	for _, name := range []string{"/main.wasm", "/engine.wasm"} {
		if full, _ := a.served(name); full != 0 {
			t.Errorf("%s sent again (%d times) when the reader came back", name, full)
		}
	}
	p.CheckNoErrors()
}

// articleHTML returns testdata/article.html.
func articleHTML(t *testing.T) string {
	t.Helper()
	text, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// openArticle serves the article text as serveArticle does and opens it in
// a browser, in an 800 × 900 window.
func openArticle(t *testing.T, text string, cross bool) (*tab, *articleSite) {
	t.Helper()
	needSite(t)
	a := serveArticle(t, text, cross)
	p := newTab(t, a.playground)
	p.SetViewport(800, 900)
	p.Navigate(a.url)
	return p, a
}

// articleSite serves testdata/article.html and the playground, and logs the
// responses of the playground's files.
type articleSite struct {
	url        string // of the article
	playground string // base URL of the playground

	mu  sync.Mutex
	log []response
}

// response is one of the playground's responses, as sent.
type response struct {
	path   string
	status int
	bytes  int64 // body bytes written
}

// serveArticle serves the article text, an HTML page in which SITE stands
// for the playground's address, with the playground on its own origin, or,
// when cross, on a second loopback port.
func serveArticle(t *testing.T, text string, cross bool) *articleSite {
	t.Helper()
	a := &articleSite{}
	playground := a.logged(serve.Handler(site))
	page := func(base string) http.Handler {
		html := []byte(strings.ReplaceAll(text, "SITE", base))
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(html)
		})
	}
	if cross {
		a.playground = browsertest.ServeHandler(t, playground)
		a.url = browsertest.ServeHandler(t, page(a.playground)) + "/article.html"
		return a
	}
	mux := http.NewServeMux()
	mux.Handle("/", playground)
	mux.Handle("/article.html", page("."))
	a.playground = browsertest.ServeHandler(t, mux)
	a.url = a.playground + "/article.html"
	return a
}

// logged wraps h so that its responses are logged.
func (a *articleSite) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(cw, r)
		a.mu.Lock()
		a.log = append(a.log, response{path: r.URL.Path, status: cw.status, bytes: cw.n})
		a.mu.Unlock()
	})
}

// take returns the responses logged since the last take, and forgets them.
func (a *articleSite) take() []response {
	a.mu.Lock()
	defer a.mu.Unlock()
	l := a.log
	a.log = nil
	return l
}

// served returns how many responses since the last take sent the file
// at path with its body (status 200), and every response's bytes.
func (a *articleSite) served(path string) (full int, bytes int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.log {
		bytes += r.bytes
		if r.path == path && r.status == http.StatusOK {
			full++
		}
	}
	return full, bytes
}

// countWriter counts the body bytes written through it.
type countWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (c *countWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

// scrollToEmbed scrolls the article as a reader does, with the mouse
// wheel, until the n-th embed is wholly in view. The pointer stays in the
// article's margin, so the wheel scrolls the article, not an embed's code.
func scrollToEmbed(p *tab, n int) {
	p.t.Helper()
	where := fmt.Sprintf(`(() => {
		const r = document.querySelector("#embed-%d iframe").getBoundingClientRect();
		return [r.top >= 0 && r.bottom <= innerHeight ? 0 : r.top - innerHeight / 10];
	})()`, n)
	for range 200 {
		off := eval[[]float64](p, where)[0]
		if off == 0 {
			return
		}
		_, err := chromedp.Call(p.Context(), input.SynthesizeScrollGesture, input.SynthesizeScrollGestureParams{
			X: 8, Y: 450, YDistance: -max(-600, min(600, off)), Speed: 3000,
			GestureSourceType: input.GestureSourceTypeMouse,
		})
		if err != nil {
			p.t.Fatalf("scrolling to embed %d: %v", n, err)
		}
		// A wheel's scroll goes on a moment after the gesture.
		for last := math.NaN(); ; {
			time.Sleep(50 * time.Millisecond)
			y := eval[float64](p, `scrollY`)
			if y == last {
				break
			}
			last = y
		}
	}
	p.t.Fatalf("could not scroll embed %d into view", n)
}

// clickRun moves the pointer onto the n-th embed's Run and clicks it, as
// the reader would: through the article, at the button's place on screen.
func clickRun(p *tab, n int, f *frame) {
	p.t.Helper()
	at := eval[[]float64](p, fmt.Sprintf(`(() => { const f = document.querySelector("#embed-%d iframe");
		const r = f.getBoundingClientRect(); return [r.left + f.clientLeft, r.top + f.clientTop]; })()`, n))
	f.waitFor(time.Minute, `!`+chromium.ByID(page.Run)+`.disabled`, "Run to be enabled")
	in := frameEval[[]float64](f, `(() => { const r = `+chromium.ByID(page.Run)+`.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	x, y := at[0]+in[0], at[1]+in[1]
	if err := chromedp.Do(p.Context(), chromedp.MouseEvent(chromedp.MouseMoved, x, y), chromedp.MouseClickXY(x, y)); err != nil {
		p.t.Fatalf("clicking Run of embed %d: %v", n, err)
	}
}

// trackWorkers keeps, in the frame, the set of its live workers:
// window.testLive.
func trackWorkers(f *frame) {
	frameEval[bool](f, `(() => {
		const live = window.testLive = new Set();
		const track = (w) => {
			live.add(w);
			const end = w.terminate.bind(w);
			w.terminate = () => { live.delete(w); end(); };
			return w;
		};
		const spawn = playground.spawn, take = playground.take;
		playground.spawn = () => track(spawn());
		playground.take = () => track(take());
		return true;
	})()`)
}

// TestArticleSkim reads testdata/article.html as a reader who skims: down
// to the end, each embed coming into view and loading, none used. The
// embeds left far behind are unloaded (an article's frames share one
// renderer process and its room for wasm memories), and the first, when
// the reader comes back to it, loads again and runs, with the main.wasm
// and engine.wasm the article fetched once.
func TestArticleSkim(t *testing.T) {
	p, a := openArticle(t, articleHTML(t), false)
	src := func(n int) string {
		return eval[string](p, fmt.Sprintf(`document.querySelector("#embed-%d iframe").getAttribute("src") ?? ""`, n))
	}
	first := src(1)
	for n := 1; n <= articleEmbeds; n++ {
		scrollToEmbed(p, n)
		p.frame(src(n), 2*time.Minute).waitState(2*time.Minute, page.Ready)
	}

	// Far behind, unloaded: the frame has no page, and the browser holds
	// no document for it.
	remote := eval[[]int](p, `Array.from(document.querySelectorAll("iframe"), (f, i) => {
		const r = f.getBoundingClientRect();
		return r.bottom < -4 * innerHeight ? i + 1 : 0;
	}).filter((n) => n > 0)`)
	if len(remote) == 0 {
		t.Fatal("no embed is more than four viewports above the end of the article")
	}
	for _, n := range remote {
		p.waitFor(time.Minute, fmt.Sprintf(`!document.querySelector("#embed-%d iframe").getAttribute("src")`, n), fmt.Sprintf("embed %d to be unloaded", n))
	}
	targets, err := chromedp.Targets(p.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range targets {
		if info.Type == "iframe" && info.URL == first {
			t.Errorf("embed 1, far above and unused, still has its page")
		}
	}

	// Back at the top, the first embed loads again and runs.
	scrollToEmbed(p, 1)
	if got := src(1); got != first {
		t.Fatalf("embed 1 near again: its frame's address is %q; want %q", got, first)
	}
	f := p.frame(first, 2*time.Minute)
	f.waitState(2*time.Minute, page.Ready)
	clickRun(p, 1, f)
	f.ended(2*time.Minute, page.Done)
	if full, _ := a.served("/main.wasm"); full != 1 {
		t.Errorf("main.wasm sent %d times; want once", full)
	}
	// The engine comes with the first worker, which a pointer over a frame
	// may start as the reader skims: once, whenever that is.
	if engines, _ := a.served("/engine.wasm"); engines != 1 {
		t.Errorf("engine.wasm sent %d times; want once", engines)
	}
	p.CheckNoErrors()
}
