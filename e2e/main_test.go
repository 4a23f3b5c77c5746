// Package e2e tests the playground's page in headless Chromium: the site is
// built once, from site/ and ./wasm, into a temporary folder, served on a
// loopback port, and driven through internal/browsertest on the page
// contract of the design (data-state, #run, #stop, #output lines).
package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/sitebuild"
)

// site is the folder the tests serve, built by TestMain.
var site string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := os.Stat(browsertest.Chromium()); err != nil && os.Getenv("CI") != "true" {
		// Each test skips, saying why; building the site would be wasted.
		return m.Run()
	}
	if dir := os.Getenv("E2E_SITE"); dir != "" {
		site = dir // built already, by go run ./cmd/site -o DIR -fast
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "playground-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	err = sitebuild.Build(ctx, sitebuild.Options{
		Src:    "../site",
		Out:    dir,
		Pkg:    "github.com/goroutine-playground/playground/wasm",
		Engine: "github.com/goroutine-playground/playground/wasm/engine",
		Fast:   true,
		// Editing builds programs in the page with Go's own toolchain.
		Toolchain: true,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building the site:", err)
		return 1
	}
	site = dir
	return m.Run()
}

// tab is a browser tab on the playground.
type tab struct {
	*browsertest.Browser
	t    *testing.T
	base string
}

// needSite skips the test when the site was not built, for want of a
// browser.
func needSite(t *testing.T) {
	t.Helper()
	if site == "" {
		t.Skip("the site was not built: no browser")
	}
}

// newTab starts a browser for the test, on the playground served at base,
// with the helpers' timeout the tests take.
func newTab(t *testing.T, base string) *tab {
	t.Helper()
	p := &tab{Browser: browsertest.New(t), t: t, base: base}
	// Generous: a loaded machine (go test ./... builds in parallel) slows
	// the browser down by far more than the page's own work.
	p.Timeout = 3 * time.Minute
	return p
}

// open starts a browser and opens the page at the fragment frag ("" for
// none), waiting until it leaves the loading state.
func open(t *testing.T, frag string) *tab {
	t.Helper()
	needSite(t)
	// The browser first, then the server: the cleanups close the server
	// first.
	p := newTab(t, "")
	p.base = browsertest.Serve(t, site)
	p.load(frag)
	return p
}

// load opens the page afresh at the fragment frag.
func (p *tab) load(frag string) {
	p.t.Helper()
	p.Navigate(p.base + "/" + frag)
	p.WaitState(3*time.Minute, page.Ready, page.Running, page.Done, page.Stopped, page.Failed)
}

// pollEvery is how often waitFor looks again.
const pollEvery = 20 * time.Millisecond

// waitFor waits up to timeout until the JavaScript expression cond is true
// in the page; what says what it waits for, in the failure message. An
// expression that cannot be evaluated fails the test at once.
func (p *tab) waitFor(timeout time.Duration, cond, what string) {
	p.t.Helper()
	for deadline := time.Now().Add(timeout); !eval[bool](p, cond); time.Sleep(pollEvery) {
		if time.Now().After(deadline) {
			p.t.Fatalf("waited %v for %s", timeout, what)
		}
	}
}

// ended waits up to timeout for the run's end, and fails the test unless
// it ended in the state want.
func (p *tab) ended(timeout time.Duration, want page.State) {
	p.t.Helper()
	if got := p.WaitState(timeout, page.Done, page.Failed, page.Stopped); got != want {
		p.t.Fatalf("state %q; want %q; output %q", got, want, p.text(page.Output.Selector()))
	}
}

// eval evaluates js in the page.
func eval[T any](p *tab, js string) T { return browsertest.Eval[T](p.Browser, js) }
