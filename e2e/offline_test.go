package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/serve"
	"github.com/goroutine-playground/playground/internal/sitebuild"
)

// switchable serves a site folder until the network is switched off: then
// every connection is dropped unanswered, as a browser offline sees it.
type switchable struct {
	url     string
	offline atomic.Bool

	mu      sync.Mutex
	refused []string // paths asked for while offline
}

func serveSwitchable(t *testing.T, dir string) *switchable {
	t.Helper()
	s := &switchable{}
	h := serve.Handler(dir)
	s.url = browsertest.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.offline.Load() {
			h.ServeHTTP(w, r)
			return
		}
		s.mu.Lock()
		s.refused = append(s.refused, r.URL.Path)
		s.mu.Unlock()
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}))
	return s
}

// waitControlled waits until the page is controlled by the site's service
// worker, which has kept the page's files by then (it activates after its
// install has kept them).
func waitControlled(p *tab) {
	p.t.Helper()
	p.waitFor(time.Minute, `!!navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === "activated"`,
		"the page to come under its service worker")
}

// runLines presses Run, waits for the run's end and returns its output.
func (p *tab) runLines(want page.State) []string {
	p.t.Helper()
	p.Click(page.Run.Selector())
	p.ended(2*time.Minute, want)
	var lines []string
	for _, l := range p.Output() {
		lines = append(lines, l.String())
	}
	return lines
}

// keptFiles lists the paths the service worker's caches hold, relative to
// the site.
func keptFiles(p *tab) []string {
	return eval[[]string](p, `(async () => {
		const base = new URL(".", location.href).href;
		const out = [];
		for (const name of await caches.keys()) {
			for (const req of await (await caches.open(name)).keys()) out.push(name + " " + req.url.slice(base.length));
		}
		return out.sort();
	})()`)
}

// TestOffline visits the playground, runs a program and an edited one,
// then visits it again with the network off and the HTTP cache emptied:
// the page loads, the program runs, and the edited one builds, from what
// the service worker kept.
func TestOffline(t *testing.T) {
	needSite(t)
	s := serveSwitchable(t, site)
	p := newTab(t, s.url)
	p.load("#example=thread")
	waitControlled(p)
	online := p.runLines(page.Done)
	ex, _ := examples.Lookup("thread")
	edited := ex.Source + "\n// edited in the page\n"
	p.setCode(edited)
	if got := p.runBuilt(); got != page.Done {
		t.Fatalf("the edited program online: state %q; want done", got)
	}
	kept := keptFiles(p)
	for _, want := range []string{" index.html", " main.wasm", " engine.wasm", " worker.js", " toolchain/manifest.json", " toolchain/compile.", " toolchain/link."} {
		if !slices.ContainsFunc(kept, func(k string) bool {
			return strings.HasSuffix(k, want) || strings.Contains(k, want) && strings.HasSuffix(k, ".wasm")
		}) {
			t.Errorf("the service worker kept %q; want%s among them", kept, want)
		}
	}

	// The HTTP cache is the browser's to evict: without it, all must come
	// from the service worker's.
	if _, err := chromedp.Call(p.Context(), network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	s.offline.Store(true)
	p.load("#example=thread")
	if got := p.State(); got != page.Ready {
		t.Fatalf("offline: state %q; want ready", got)
	}
	if got := p.runLines(page.Done); !slices.Equal(got, online) {
		t.Errorf("offline, the run printed\n%q\nwant what it printed online:\n%q", got, online)
	}
	p.setCode(edited + "// and again, offline\n")
	if got := p.runBuilt(); got != page.Done {
		t.Fatalf("the edited program offline: state %q; want done; output %q", got, p.text(page.Output.Selector()))
	}
	s.mu.Lock()
	t.Logf("asked for while offline (the browser's checks for a new build, the toolchain's modules tried first from the network): %q", s.refused)
	s.mu.Unlock()
}

// TestNewBuild visits the playground, then serves a new build of it: the
// next visit gets the new build, whose files replace the old ones in the
// service worker's cache, offline too.
func TestNewBuild(t *testing.T) {
	needSite(t)
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS(site)); err != nil {
		t.Fatal(err)
	}
	s := serveSwitchable(t, dir)
	p := newTab(t, s.url)
	p.load("#example=thread")
	waitControlled(p)
	online := p.runLines(page.Done) // the engine and its worker's script are kept now
	before := keptFiles(p)
	const mark = `document.querySelector('meta[name="test-build"]')?.content ?? ""`

	// A new build: the page with a mark of its own, and the list of files
	// again.
	index := filepath.Join(dir, "index.html")
	html, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	html = []byte(strings.Replace(string(html), "</head>", `<meta name="test-build" content="2">`+"\n</head>", 1))
	if err := os.WriteFile(index, html, 0o644); err != nil {
		t.Fatal(err)
	}
	// And the engine's worker script: a file kept only once fetched, which
	// this reader had, so the new build keeps its own at once.
	worker := filepath.Join(dir, "worker.js")
	js, err := os.ReadFile(worker)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(worker, append(js, "// build 2\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{index, worker} {
		for _, c := range []string{".gz", ".br"} {
			os.Remove(f + c) // older than the file now: never sent
		}
	}
	if err := sitebuild.WritePrecache(dir); err != nil {
		t.Fatal(err)
	}

	// The visit that finds the new build still gets the old one, whole;
	// the new one installs beside it and waits.
	p.load("#example=thread")
	p.waitFor(time.Minute, `(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)()`,
		"a new build to wait in the service worker")
	if got := eval[string](p, mark); got != "" {
		t.Errorf("while the new build installed, the page was the new one (mark %q); want the old one", got)
	}

	// The next visit runs the new build, and the old build's files are gone.
	p.load("#example=thread")
	p.waitFor(time.Minute, `(`+mark+`) === "2"`, "the next visit's page to be the new build's (mark 2)")
	p.WaitState(time.Minute, page.Ready)
	waitControlled(p)
	after := keptFiles(p)
	if len(after) == 0 || slices.Equal(after, before) || strings.Fields(after[0])[0] == strings.Fields(before[0])[0] {
		t.Errorf("kept before the new build:\n%q\nand after:\n%q\nwant one cache, of the new build", before, after)
	}
	for _, k := range after {
		if strings.Fields(k)[0] != strings.Fields(after[0])[0] {
			t.Errorf("two builds kept: %q", after)
			break
		}
	}

	// Offline, the new build.
	s.offline.Store(true)
	p.load("#example=thread")
	if got := eval[string](p, mark); got != "2" {
		t.Errorf("offline, the page's mark is %q; want the new build's", got)
	}
	if got := p.State(); got != page.Ready {
		t.Fatalf("offline: state %q; want ready", got)
	}
	if got := eval[string](p, `fetch("worker.js").then((r) => r.text())`); !strings.HasSuffix(got, "// build 2\n") {
		t.Errorf("offline, worker.js ends %q; want the new build's", got[max(0, len(got)-40):])
	}
	if got := p.runLines(page.Done); !slices.Equal(got, online) {
		t.Errorf("offline, the new build's run printed\n%q\nwant\n%q", got, online)
	}
}

// TestToolLoadFails serves the playground with the compiler's module
// refused (404): Run fails saying which file could not be fetched, the
// code stays as edited, and once the file is served again the next Run
// loads it and builds.
func TestToolLoadFails(t *testing.T) {
	needSite(t)
	var refuse atomic.Bool
	refuse.Store(true)
	h := serve.Handler(site)
	url := browsertest.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuse.Load() && strings.HasPrefix(r.URL.Path, "/toolchain/compile.") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
	p := newTab(t, url)
	p.load("#example=thread")
	ex, _ := examples.Lookup("thread")
	edited := ex.Source + "\n// edited while the compiler cannot be fetched\n"
	p.setCode(edited)
	if got := p.runBuilt(); got != page.Failed {
		t.Fatalf("with the compiler refused: state %q; want failed", got)
	}
	out := strings.Join(p.text(page.Output.Selector()), "\n")
	if !strings.Contains(out, "fetching compile.") || !strings.Contains(out, "404") {
		t.Errorf("with the compiler refused, the output is %q; want it to say that fetching compile.*.wasm got a 404", out)
	}
	if got := p.code(); got != edited {
		t.Errorf("after the failed build the code is %q; want the edited code", got)
	}
	refuse.Store(false)
	if got := p.runBuilt(); got != page.Done {
		t.Fatalf("with the compiler served again: state %q; want done; output %q", got, p.text(page.Output.Selector()))
	}
	p.CheckNoErrors()
}
