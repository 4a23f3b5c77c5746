//go:build !js

package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// The article rows (issue 17): the page that embeds a playground per
// lesson, e2e/testdata/article.html, the one the tests read. It is loaded
// three ways from the built site, in fresh browser contexts: with its 24
// embeds, with its first embed only, and with none (the same text, no
// embed.js). The window is tall enough to hold the whole article, so that
// every embed loads at once (the frames are lazy, and an unused one far
// from the viewport is unloaded).

const (
	articleFixture = "e2e/testdata/article.html"
	// articleHeight is the window's height: more than the article's.
	articleHeight = 20000
	// articleIdle is how long the idle CPU is measured, from articleQuiet
	// after the navigation (or 3 s after the last embed is ready, if that
	// is later). Chromium does work of its own about 30 and 60 s after a
	// load, in the bare article too (in scratch runs: 96 and 41 ms of CPU
	// in those windows without embeds, 339 and 94 ms with 24; 0-35 ms in
	// the others), which the window leaves out for every page alike.
	articleIdle  = 10 * time.Second
	articleQuiet = 15 * time.Second
)

// articleEmbed matches an embed's div in the fixture.
var articleEmbed = regexp.MustCompile(`<div id="embed-(\d+)" data-goroutine-playground[^>]*></div>\n`)

// articleProbe records, in the article, when each embed first says it is
// ready (frame.js's height message with ready set): __bench.ready, ms since
// the navigation started, by the frame's name.
const articleProbe = `(() => {
	const b = {ready: {}};
	Object.defineProperty(window, "__bench", {value: b});
	addEventListener("message", (e) => {
		const m = e.data;
		if (m && m.type === "goroutine-playground:height" && m.ready && !(m.id in b.ready)) b.ready[m.id] = performance.now();
	});
})();`

// articlePage is one way of loading the article.
type articlePage struct {
	name   string // for the figures
	path   string // under the site
	embeds int
}

// writeArticles writes the article's three pages into the built site's
// folder dir.
func writeArticles(dir string) (all, one, none articlePage, err error) {
	text, err := os.ReadFile(articleFixture)
	if err != nil {
		return all, one, none, err
	}
	html := strings.ReplaceAll(string(text), "SITE/", "")
	n := len(articleEmbed.FindAllString(html, -1))
	if n < 2 {
		return all, one, none, fmt.Errorf("%s: %d embeds; want several", articleFixture, n)
	}
	first := true
	onlyFirst := articleEmbed.ReplaceAllStringFunc(html, func(div string) string {
		if first {
			first = false
			return div
		}
		return ""
	})
	bare := strings.Replace(html, `<script src="embed.js"></script>`, "", 1)
	all = articlePage{name: fmt.Sprintf("%d embeds", n), path: "bench-article.html", embeds: n}
	one = articlePage{name: "1 embed", path: "bench-article-1.html", embeds: 1}
	none = articlePage{name: "no embeds", path: "bench-article-0.html", embeds: 0}
	for _, p := range []struct {
		page articlePage
		html string
	}{{all, html}, {one, onlyFirst}, {none, bare}} {
		if err := os.WriteFile(filepath.Join(dir, p.page.path), []byte(p.html), 0o644); err != nil {
			return all, one, none, err
		}
	}
	return all, one, none, nil
}

// articleLoad is what one load of an article page cost.
type articleLoad struct {
	readyMs   float64 // navigation → the last embed ready
	bytes     int64   // every response body the site sent for it
	responses int
	wasm      int     // responses that sent main.wasm's body
	engine    int     // responses that sent engine.wasm's body
	pss       int64   // KiB the browser's processes grew by, from before the navigation to ready
	cpuMs     float64 // the browser's CPU time over articleIdle, idle
}

// loadArticle loads p cold in a fresh tab, waits until all its embeds are
// ready, then measures the browser's memory and, with nothing running, its
// CPU time over articleIdle from articleQuiet after the navigation.
func loadArticle(br *chromium.Browser, s *site, p articlePage, browserPid int) (articleLoad, error) {
	var l articleLoad
	tab, cancel, err := freshTab(br, false, articleProbe)
	if err != nil {
		return l, err
	}
	defer cancel()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(800, articleHeight)); err != nil {
		return l, err
	}
	// The last load's processes end a moment after its tab closes.
	pids, err := settledTree(browserPid)
	if err != nil {
		return l, err
	}
	before := pssKiB(pids)
	s.take()
	began := time.Now()
	if err := navigate(tab, s.URL+"/"+p.path, time.Minute); err != nil {
		return l, err
	}
	ready := fmt.Sprintf("Object.keys(window.__bench.ready).length >= %d", p.embeds)
	if err := (chromium.Wait{Timeout: 5 * time.Minute, Interval: 100 * time.Millisecond, Look: time.Minute}).For(tab, ready); err != nil {
		return l, fmt.Errorf("%s: %w", p.name, err)
	}
	if l.readyMs, err = eval[float64](tab, "Math.max(0, ...Object.values(window.__bench.ready))", time.Minute); err != nil {
		return l, err
	}
	if tall, err := eval[bool](tab, "document.documentElement.scrollHeight <= innerHeight", time.Minute); err != nil || !tall {
		return l, fmt.Errorf("%s: the article is taller than the window (%d px), or its height unknown (%v)", p.name, articleHeight, err)
	}
	// The frames' last fetches, and the collectors, settle.
	time.Sleep(3 * time.Second)
	for _, r := range s.take() {
		l.responses++
		l.bytes += r.Bytes
		if r.Path == "/main.wasm" && r.Status == http.StatusOK {
			l.wasm++
		}
		if r.Path == "/engine.wasm" && r.Status == http.StatusOK {
			l.engine++
		}
	}
	if pids, err = processTree(browserPid); err != nil {
		return l, err
	}
	l.pss = grown(before, pssKiB(pids))
	time.Sleep(time.Until(began.Add(articleQuiet)))
	cpu := cpuNanos(pids)
	time.Sleep(articleIdle)
	l.cpuMs = float64(grown(cpu, cpuNanos(pids))) / 1e6
	return l, nil
}

// settledTree returns the browser's processes once their number has held
// still for 2 s (or after 20 s).
func settledTree(browserPid int) ([]int, error) {
	var pids []int
	still := 0
	for range 40 {
		now, err := processTree(browserPid)
		if err != nil {
			return nil, err
		}
		if len(now) == len(pids) {
			still++
		} else {
			still = 0
		}
		pids = now
		if still >= 4 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	return pids, nil
}

// articleRows measures the article rows, rounds times each way, and
// compares medians: the 24 embeds with one embed (time to ready, bytes,
// memory per embed), and with the bare article (idle CPU).
func articleRows(br *chromium.Browser, s *site, rounds int, logf func(string, ...any)) ([]Row, []string) {
	rows := []Row{
		{ID: "A1", What: "article of 24 embeds, all in view: navigation → every embed ready ÷ one embed's"},
		{ID: "A2", What: "bytes fetched for the whole article ÷ for the article with one embed",
			Goal: Goal{AtMost: true, Value: 2}},
		{ID: "A3", What: "memory (PSS) per live embed among 24 ÷ one embed's alone"},
		{ID: "A4", What: "idle CPU of the browser over 10 s, 24 embeds ready, nothing running ÷ the bare article's",
			Goal: Goal{AtMost: true, Value: 2}},
	}
	skip := func(why string) ([]Row, []string) {
		for i := range rows {
			rows[i].Skipped = why
		}
		return rows, nil
	}
	all, one, none, err := writeArticles(s.Dir)
	if err != nil {
		return skip(err.Error())
	}
	proc := chromedp.FromContext(br.Context()).Browser.Process()
	if proc == nil {
		return skip("the browser's process is unknown")
	}
	loads := map[string][]articleLoad{}
	for round := range rounds {
		for _, p := range []articlePage{none, one, all} {
			l, err := loadArticle(br, s, p, proc.Pid)
			if err != nil {
				return skip(err.Error())
			}
			logf("A: round %d, %s: ready %s, %d B in %d responses (main.wasm sent %d times, engine.wasm %d), %d KiB PSS, %.0f ms CPU idle",
				round+1, p.name, ms(l.readyMs), l.bytes, l.responses, l.wasm, l.engine, l.pss, l.cpuMs)
			loads[p.name] = append(loads[p.name], l)
		}
	}
	pick := func(name string, f func(articleLoad) float64) []float64 {
		var xs []float64
		for _, l := range loads[name] {
			xs = append(xs, f(l))
		}
		return xs
	}
	var notes []string
	note := func(format string, a ...any) { notes = append(notes, fmt.Sprintf(format, a...)) }

	readyAll, readyOne := pick(all.name, func(l articleLoad) float64 { return l.readyMs }), pick(one.name, func(l articleLoad) float64 { return l.readyMs })
	rows[0].Ours, rows[0].Baseline = sampleText(readyAll), sampleText(readyOne)
	rows[0].Ratio = median(readyAll) / median(readyOne)
	note("A1 %s (ms): %s; %s: %s", all.name, joinMs(readyAll), one.name, joinMs(readyOne))

	bytesAll, bytesOne := pick(all.name, func(l articleLoad) float64 { return float64(l.bytes) }), pick(one.name, func(l articleLoad) float64 { return float64(l.bytes) })
	wasmAll := pick(all.name, func(l articleLoad) float64 { return float64(l.wasm) })
	engineAll := pick(all.name, func(l articleLoad) float64 { return float64(l.engine) })
	rows[1].Ours = fmt.Sprintf("%s, main.wasm sent %.0f×, engine.wasm %.0f×", kib(int64(median(bytesAll))), median(wasmAll), median(engineAll))
	rows[1].Baseline = kib(int64(median(bytesOne)))
	rows[1].Ratio = median(bytesAll) / median(bytesOne)
	note("A2 bytes, %s: %v; %s: %v", all.name, bytesAll, one.name, bytesOne)

	var perAll, perOne []float64
	for i := range rounds {
		bare := float64(loads[none.name][i].pss)
		perAll = append(perAll, (float64(loads[all.name][i].pss)-bare)/float64(all.embeds))
		perOne = append(perOne, float64(loads[one.name][i].pss)-bare)
	}
	rows[2].Ours = fmt.Sprintf("%.1f MiB per embed", median(perAll)/1024)
	rows[2].Baseline = fmt.Sprintf("%.1f MiB", median(perOne)/1024)
	rows[2].Ratio = median(perAll) / median(perOne)
	note("A3 growth of the browser's processes' PSS from before the navigation to 3 s after ready (KiB), %s: %v; %s: %v; %s: %v", all.name, pick(all.name, func(l articleLoad) float64 { return float64(l.pss) }),
		one.name, pick(one.name, func(l articleLoad) float64 { return float64(l.pss) }), none.name, pick(none.name, func(l articleLoad) float64 { return float64(l.pss) }))

	cpuAll, cpuNone := pick(all.name, func(l articleLoad) float64 { return l.cpuMs }), pick(none.name, func(l articleLoad) float64 { return l.cpuMs })
	core := func(ms float64) string {
		return fmt.Sprintf("%.0f ms (%.2f%% of a core)", ms, ms/float64(articleIdle.Milliseconds())*100)
	}
	rows[3].Ours, rows[3].Baseline = core(median(cpuAll)), core(median(cpuNone))
	rows[3].Ratio = median(cpuAll) / median(cpuNone)
	note("A4 CPU ms over %v idle, %s: %v; %s: %v; %s: %v", articleIdle, all.name, cpuAll, one.name,
		pick(one.name, func(l articleLoad) float64 { return l.cpuMs }), none.name, cpuNone)
	return rows, notes
}
