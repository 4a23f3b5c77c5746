//go:build !js

package chromium

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/page"
)

// fixture is a page that keeps the contract: it goes from loading to ready
// at once, and, on Run, to running and done within one task, writing a
// line; and it loads a script the browser may cache.
const fixture = `<!doctype html><title>fixture</title>
<div id="playground" data-state="loading"><button id="run">Run</button><div id="output"></div></div>
<script src="cached.js"></script>
<script>
const root = document.getElementById("playground");
document.getElementById("run").onclick = () => {
	root.dataset.state = "running";
	const line = document.createElement("div");
	line.setAttribute("data-goroutine", "main");
	line.textContent = "<b>hello</b>";
	document.getElementById("output").append(line);
	root.dataset.state = "done";
};
setTimeout(() => { root.dataset.state = "ready"; }, 20);
</script>`

// TestFreshTab drives a tab as the benchmark does: a fresh browser context
// with the cache off, the state recorder and a probe of its own.
func TestFreshTab(t *testing.T) {
	path := Path()
	if err := Check(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	var scriptLoads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/cached.js" {
			scriptLoads.Add(1)
			w.Header().Set("Content-Type", "text/javascript")
			w.Header().Set("Cache-Control", "max-age=3600")
			w.Write([]byte("window.cached = true;"))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(fixture))
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b, err := Start(ctx, path, t.TempDir(), TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v, err := b.Version(); err != nil || !strings.Contains(v, "/") {
		t.Errorf("Version: got %q, %v; want a product/version", v, err)
	}
	tab, closeTab, err := NewTab(b.Context(), TabOptions{Fresh: true, States: true,
		Scripts: []string{`window.probe = performance.now();`}})
	if err != nil {
		t.Fatal(err)
	}
	defer closeTab()

	for range 2 {
		if err := Navigate(tab, srv.URL+"/"); err != nil {
			t.Fatal(err)
		}
	}
	if n := scriptLoads.Load(); n != 2 {
		t.Errorf("a fresh tab loaded the cacheable script %d times in two loads; want 2 (no cache)", n)
	}
	w := Wait{Timeout: 30 * time.Second, Interval: 10 * time.Millisecond}
	if err := w.For(tab, "window.probe >= 0 && window.cached"); err != nil {
		t.Errorf("the probe did not run: %v", err)
	}
	if got, err := w.State(tab, page.Ready); err != nil || got != page.Ready {
		t.Fatalf("Wait.State: got %v, %v; want ready", got, err)
	}
	if _, err := Eval[bool](tab, "("+ByID(page.Run)+".click(), true)"); err != nil {
		t.Fatal(err)
	}
	if got, err := w.State(tab, page.Done, page.Failed); err != nil || got != page.Done {
		t.Fatalf("Wait.State after Run: got %v, %v; want done", got, err)
	}
	seen, err := History(tab)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for i, s := range seen {
		words = append(words, s.State)
		if s.At <= 0 || i > 0 && s.At < seen[i-1].At {
			t.Errorf("History: %q at %v ms, after %v", s.State, s.At, seen[max(0, i-1)].At)
		}
	}
	if want := []string{"loading", "ready", "running", "done"}; !slices.Equal(words, want) {
		t.Errorf("History: got %q; want %q", words, want)
	}
	if got, err := Output(tab); err != nil || !slices.Equal(got, []Line{{Goroutine: "main", Text: "<b>hello</b>"}}) {
		t.Errorf("Output: got %q, %v", got, err)
	}
	short := Wait{Timeout: 100 * time.Millisecond, Interval: 10 * time.Millisecond}
	if _, err := short.State(tab, page.Stopped); err == nil || !strings.Contains(err.Error(), `still "done"`) {
		t.Errorf("Wait.State for a state that does not come: got %v; want it to say still \"done\"", err)
	}
}
