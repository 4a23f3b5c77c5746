//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/sitebuild"
	"github.com/goroutine-playground/playground/internal/toolchain"
)

// p7Example is the built-in program P7 edits: a comment added to its file,
// so that the page compiles the programs package again, as a reader's
// first edit does.
const p7Example = "thread"

// p7Goal is P7's bound: the page's first Run of edited code, toolchain
// cached, at most this many times a native build (issue 12).
const p7Goal = 5

// builtRun is one Run of edited code in the page, as p7Run saw it.
type builtRun struct {
	Ms          float64 // Run clicked → the first output line
	Download    float64 // #build's data- attributes: where the build's time went
	Instantiate float64
	Compile     float64
	Link        float64
	Gzip, Br    int64 // bytes the server sent, by content coding
	Plain       int64 // and without one
	Responses   int
}

// start is what the build's phases leave of Ms: the linked program's
// compilation, its worker's start and the run up to its first line.
func (r builtRun) start() float64 {
	return r.Ms - r.Download - r.Instantiate - r.Compile - r.Link
}

func (r builtRun) breakdown() string {
	return fmt.Sprintf("download %s, instantiate %s, compile %s, link %s, start %s",
		ms(r.Download), ms(r.Instantiate), ms(r.Compile), ms(r.Link), ms(r.start()))
}

// p7 measures the first Run of edited code in the page against a native
// GOOS=js GOARCH=wasm build of the same program with a warm build cache:
// cold (nothing cached: once with the server offering gzip only, once
// brotli as deployed), then visits of a persistent profile that has the
// toolchain cached, in the HTTP cache, the service worker's cache and V8's
// code cache (n of them; median).
func p7(ctx context.Context, br *chromium.Browser, s *site, n int, logf func(string, ...any)) ([]Row, []string) {
	row := Row{ID: "P7", What: "first Run of edited code → first output line, toolchain cached, median (page ÷ native go build, warm cache)",
		Goal: Goal{AtMost: true, Value: p7Goal}}
	cold := Row{ID: "P7c", What: "the same, cold (nothing cached), brotli (page ÷ native go build, warm cache)"}
	fail := func(err error) ([]Row, []string) {
		row.Skipped, cold.Skipped = err.Error(), err.Error()
		return []Row{row, cold}, nil
	}
	if _, err := os.Stat(filepath.Join(s.Dir, sitebuild.ToolchainDir, toolchain.ManifestName)); err != nil {
		return fail(fmt.Errorf("the site has no toolchain: %w", err))
	}
	ex, ok := examples.Lookup(p7Example)
	if !ok {
		return fail(fmt.Errorf("no program %s", p7Example))
	}
	logf("P7: native builds of %s edited, warm cache", ex.File)
	native, err := nativeBuilds(ctx, ex, 3)
	if err != nil {
		return fail(err)
	}
	nativeMs := slices.Min(native)
	logf("P7: native %s (best of %s)", ms(nativeMs), joinMs(native))

	edit := 0
	next := func() string {
		edit++
		return ex.Source + fmt.Sprintf("\n// edited for the benchmark, %d\n", edit)
	}
	var notes []string
	// Cold, gzip then brotli: the deployed coding last, so that the visits
	// after it find what a reader's browser would have kept.
	var colds []builtRun
	for _, gzipOnly := range []bool{true, false} {
		if err := forget(br, s.URL); err != nil {
			return fail(err)
		}
		s.gzipOnly.Store(gzipOnly)
		r, err := p7Run(br, s, ex.Name, next())
		s.gzipOnly.Store(false)
		if err != nil {
			return fail(fmt.Errorf("cold: %w", err))
		}
		coding := map[bool]string{true: "gzip", false: "brotli"}[gzipOnly]
		logf("P7: cold, %s: %s (%s); %d B gzip, %d B brotli, %d B plain in %d responses",
			coding, ms(r.Ms), r.breakdown(), r.Gzip, r.Br, r.Plain, r.Responses)
		notes = append(notes, fmt.Sprintf("P7 cold, server offering %s: %s (%s); sent %s gzip + %s brotli + %s plain in %d responses",
			coding, ms(r.Ms), r.breakdown(), kib(r.Gzip), kib(r.Br), kib(r.Plain), r.Responses))
		colds = append(colds, r)
	}
	// Let V8 write its code cache, which it does once the tools' code is
	// optimised or a while after they are compiled.
	time.Sleep(10 * time.Second)

	var warm []builtRun
	for i := range n {
		r, err := p7Run(br, s, ex.Name, next())
		if err != nil {
			return fail(fmt.Errorf("cached, visit %d: %w", i+1, err))
		}
		logf("P7: cached, visit %d: %s (%s); %d responses", i+1, ms(r.Ms), r.breakdown(), r.Responses)
		warm = append(warm, r)
	}
	slices.SortFunc(warm, func(a, b builtRun) int { return int(a.Ms - b.Ms) })
	mid := warm[len(warm)/2]
	var warmMs []float64
	for _, r := range warm {
		warmMs = append(warmMs, r.Ms)
	}
	row.Ours = fmt.Sprintf("%s (%s)", sampleText(warmMs), mid.breakdown())
	row.Baseline = fmt.Sprintf("%s native (best of %d)", ms(nativeMs), len(native))
	row.Ratio = median(warmMs) / nativeMs
	gz, brotli := colds[0], colds[1]
	cold.Ours = fmt.Sprintf("%s (%s); fetched %s brotli, %s gzip", ms(brotli.Ms), brotli.breakdown(),
		mb(brotli.Br+brotli.Plain), mb(gz.Gzip+gz.Plain))
	cold.Baseline = row.Baseline
	cold.Ratio = brotli.Ms / nativeMs
	notes = append(notes, "P7 native (ms): "+joinMs(native), "P7 cached (ms): "+joinMs(warmMs))
	return []Row{row, cold}, notes
}

// mb is bytes in MB, as the README says them.
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// forget clears what the browser keeps of the site at origin: its HTTP
// cache (and with it V8's code cache), its service worker and that
// worker's caches.
func forget(br *chromium.Browser, origin string) error {
	tab, cancel, err := chromium.NewTab(br.Context(), chromium.TabOptions{})
	if err != nil {
		return err
	}
	defer cancel()
	if _, err := chromedp.Call(tab, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		return fmt.Errorf("clearing the cache: %w", err)
	}
	if _, err := chromedp.Call(tab, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: origin, StorageTypes: "all"}); err != nil {
		return fmt.Errorf("clearing the site's storage: %w", err)
	}
	return nil
}

// buildProbe records when Run is clicked and when the first output line
// appears after it (runProbe), and reads #build's timings.
const buildTimings = `(() => {
	const d = document.getElementById("build")?.dataset ?? {};
	return {download: +d.download || 0, instantiate: +d.instantiate || 0, compile: +d.compile || 0, link: +d.link || 0};
})()`

// p7Run opens the playground on program name in a tab of the browser's
// persistent profile, replaces its code with src, presses Run and waits
// for the run's first line and end. It waits for the service worker to
// control the page first: at once on a later visit, and on a cold one as
// it would on a reader's first visit by the time the reader has edited.
func p7Run(br *chromium.Browser, s *site, name, src string) (builtRun, error) {
	var r builtRun
	tab, cancel, err := chromium.NewTab(br.Context(), chromium.TabOptions{States: true, Scripts: []string{runProbe}})
	if err != nil {
		return r, err
	}
	defer cancel()
	if err := navigate(tab, s.URL+"/#example="+name, time.Minute); err != nil {
		return r, err
	}
	if _, err := (chromium.Wait{Timeout: time.Minute, Interval: 100 * time.Millisecond}).State(tab, page.Ready); err != nil {
		return r, fmt.Errorf("the page did not become ready: %w", err)
	}
	if err := (chromium.Wait{Timeout: time.Minute, Interval: 100 * time.Millisecond}).For(tab,
		"!!navigator.serviceWorker.controller"); err != nil {
		return r, fmt.Errorf("the service worker never took the page: %w", err)
	}
	quoted, _ := json.Marshal(src)
	if _, err := eval[bool](tab, `(() => { const c = document.getElementById("code"); c.value = `+string(quoted)+`;
		c.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, 10*time.Second); err != nil {
		return r, err
	}
	s.take()
	if _, err := eval[any](tab, "window.__bench.run()", 10*time.Second); err != nil {
		return r, err
	}
	if err := (chromium.Wait{Timeout: 10 * time.Minute, Interval: 50 * time.Millisecond, Look: time.Minute}).For(tab,
		"window.__bench.firstLine !== null"); err != nil {
		return r, fmt.Errorf("no output line: %w", err)
	}
	state, err := (chromium.Wait{Timeout: time.Minute, Interval: 100 * time.Millisecond}).State(tab, page.Done, page.Failed)
	if err != nil {
		return r, err
	}
	if state != page.Done {
		return r, fmt.Errorf("the run ended %q", state)
	}
	p, err := eval[pageRun](tab, "window.__bench", 10*time.Second)
	if err != nil || p.Clicked == nil || p.FirstLine == nil {
		return r, fmt.Errorf("reading the probe: %v", err)
	}
	r.Ms = *p.FirstLine - *p.Clicked
	t, err := eval[map[string]float64](tab, buildTimings, 10*time.Second)
	if err != nil {
		return r, err
	}
	r.Download, r.Instantiate, r.Compile, r.Link = t["download"], t["instantiate"], t["compile"], t["link"]
	for _, a := range s.take() {
		r.Responses++
		switch a.Encoding {
		case "gzip":
			r.Gzip += a.Bytes
		case "br":
			r.Br += a.Bytes
		default:
			r.Plain += a.Bytes
		}
	}
	return r, nil
}

// nativeBuilds times `GOOS=js GOARCH=wasm go build` of the engine with the
// programs' file ex.File edited as the page edits it (a comment added,
// through -overlay), after one build that warms the cache: each build
// compiles the programs package and the engine's main again and links, as
// the page does. It returns the times in ms.
func nativeBuilds(ctx context.Context, ex examples.Example, n int) ([]float64, error) {
	// Outside the module: a .go file in its tree would be a package of it.
	dir, err := os.MkdirTemp("", "bench-p7-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	target, err := filepath.Abs(filepath.Join("internal", "examples", "programs", ex.File))
	if err != nil {
		return nil, err
	}
	var times []float64
	for i := range n + 1 {
		edited := filepath.Join(dir, ex.File)
		src := ex.Source + fmt.Sprintf("\n// edited for the benchmark, natively, %d %d\n", time.Now().UnixNano(), i)
		if err := os.WriteFile(edited, []byte(src), 0o644); err != nil {
			return nil, err
		}
		overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {target: edited}})
		ov := filepath.Join(dir, "overlay.json")
		if err := os.WriteFile(ov, overlay, 0o644); err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-overlay", ov,
			"-o", filepath.Join(dir, "out.wasm"), "./wasm/engine")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		start := time.Now()
		outText, err := cmd.CombinedOutput()
		took := millis(time.Since(start))
		if err != nil {
			return nil, fmt.Errorf("native build: %v: %s", err, strings.TrimSpace(string(outText)))
		}
		if i > 0 { // the first warms the cache
			times = append(times, took)
		}
	}
	return times, nil
}
