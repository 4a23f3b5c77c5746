//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// measure runs every part cfg wants, in an order that keeps the machine's
// heavy moments (builds, CPython's 10,000 threads, go test) away from the
// browser's timings, and collects the report.
func measure(ctx context.Context, cfg config, args []string, stderr io.Writer) (*report, error) {
	began := time.Now()
	logf := func(format string, a ...any) {
		fmt.Fprintf(stderr, "bench [%5.1fs] %s\n", time.Since(began).Seconds(), fmt.Sprintf(format, a...))
	}
	rep := &report{
		Date:    began,
		Command: strings.TrimSpace("go run ./bench " + strings.Join(args, " ")),
		Facts:   machineFacts(ctx),
		About:   about(cfg),
	}
	wantPage := cfg.want("p1") || cfg.want("p2") || cfg.want("p4") || cfg.want("p5") || cfg.want("p7") || cfg.want("a")
	var br *chromium.Browser
	if wantPage || cfg.want("p3") {
		if err := chromium.Check(cfg.chromium); err != nil {
			return nil, fmt.Errorf("%w (or pass -chromium)", err)
		}
		profile, err := os.MkdirTemp("", "bench-chromium-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(profile)
		logf("starting %s", cfg.chromium)
		if br, err = chromium.Start(ctx, cfg.chromium, profile, chromium.TabOptions{}); err != nil {
			return nil, err
		}
		defer br.Close()
		version, err := br.Version()
		if err != nil {
			return nil, err
		}
		rep.Facts = append(rep.Facts, fact{"chromium", version + " (" + cfg.chromium + ", headless)"})
	}
	var py python
	var pyErr error
	if cfg.want("p4") && cfg.cpython {
		if py, pyErr = findPython(ctx, cfg.python); pyErr != nil {
			rep.Facts = append(rep.Facts, fact{"python", "none: " + pyErr.Error()})
		} else {
			rep.Facts = append(rep.Facts, fact{"python", "CPython " + py.Version + " (" + py.Path + ")"})
		}
	}

	// The playground, built as `make site` builds it.
	var ours *site
	missing := ""
	dir := filepath.Join(cfg.out, "site")
	if wantPage {
		missing = pageMissing(cfg.site, cfg.wasm, cfg.engine)
		if missing == "" {
			logf("building the page from %s, %s and %s", cfg.site, cfg.wasm, cfg.engine)
			if err := buildSite(ctx, cfg.site, cfg.wasm, cfg.engine, dir, cfg.fast, true); err != nil {
				missing = "building the page: " + err.Error()
			} else if ours, err = startSite(dir); err != nil {
				return nil, err
			} else {
				defer ours.close()
			}
		}
		if missing != "" {
			rep.Missing = append(rep.Missing, missing)
		}
	}
	skipped := func(id, what string) Row { return Row{ID: id, What: what, Skipped: missing} }

	// Another build of the playground, measured beside ours in P1 and P2.
	var other *site
	if cfg.compare != "" && ours != nil && (cfg.want("p1") || cfg.want("p2")) {
		if missing := pageMissing(cfg.compare); missing != "" {
			return nil, fmt.Errorf("-compare: %s", missing)
		}
		var err error
		if other, err = startSite(cfg.compare); err != nil {
			return nil, err
		}
		other.compare = true
		defer other.close()
	}

	if cfg.want("p1") {
		logf("P1: building the hello-world baseline, loading the page")
		row, notes := Row{ID: "P1", What: "first-load transfer, gzip", Skipped: missing}, []string(nil)
		if ours != nil {
			raw, gz, err := helloWasm(ctx, cfg.out, cfg.fast)
			if err != nil {
				row.Skipped = "building the baseline: " + err.Error()
			} else {
				row, notes = p1(br, ours, gz)
				notes = append(notes, fmt.Sprintf("P1 baseline: bench/hello is %d B, %d B gzipped", raw, gz))
				if other != nil {
					rep.add(row, notes)
					row, notes = p1(br, other, gz)
				}
			}
		}
		rep.add(row, notes)
	}
	if cfg.want("p2") {
		logf("P2: %d cold loads of each page", cfg.samples)
		if ours == nil {
			rep.add(skipped("P2", "navigation → first output line"), nil)
		} else if hello, err := servePage(ctx, cfg.out, "hellopage", "./bench/hellodom", cfg.fast); err != nil {
			rep.add(Row{ID: "P2", What: "navigation → first output line", Skipped: "building the baseline: " + err.Error()}, nil)
		} else {
			var others []*site
			if other != nil {
				others = append(others, other)
			}
			rows, notes := p2(br, ours, hello, cfg.samples, logf, others...)
			rep.addAll(rows, notes)
			hello.close()
		}
	}
	if cfg.want("a") {
		logf("A1-A4: %d cold loads of each article page, each %v idle", cfg.arounds, articleIdle)
		if ours == nil {
			for _, id := range []string{"A1", "A2", "A3", "A4"} {
				rep.add(skipped(id, "article of embeds"), nil)
			}
		} else {
			rows, notes := articleRows(br, ours, cfg.arounds, logf)
			rep.addAll(rows, notes)
		}
	}
	if cfg.want("p3") {
		logf("P3: %d messages × %d rounds in Chromium", cfg.p3n, cfg.p3rounds)
		if p3site, err := servePage(ctx, cfg.out, "p3page", "./bench/p3wasm", true); err != nil {
			rep.add(Row{ID: "P3", What: "memnet ÷ chan in Chromium", Skipped: "building the page: " + err.Error()}, nil)
		} else {
			rep.add(p3(br, p3site, cfg.p3n, cfg.p3rounds, cfg.p3pipe, cfg.pageLimit))
			p3site.close()
		}
	}
	if cfg.want("p4") || cfg.want("p5") || cfg.want("p6") {
		played, pageErr := pageResult{}, fmt.Errorf("%s", missing)
		if ours != nil && (cfg.want("p4") || cfg.want("p5")) {
			logf("P4/P5: the page runs server with %d clients × %d messages", cfg.clients, cfg.messages)
			played, pageErr = runPage(br, fmt.Sprintf("%s/#example=server&clients=%d&messages=%d", ours.URL, cfg.clients, cfg.messages), cfg.pageLimit)
			if pageErr != nil {
				logf("P4/P5: the page's run: %v", pageErr)
			} else {
				logf("P4/P5: Run → done %s, %d lines, longest frame gap %s", ms(played.RunMs), played.Lines, ms(played.RunGap))
			}
		}
		var native, wasm []threadsRun
		var nativeErr error
		var runErrs []string
		var p6 []Row
		var p6Notes []string
		if cfg.want("p4") || cfg.want("p6") {
			// The native runs are P4's baseline and P6's; with P6 they
			// alternate with its node runs.
			nodePath := ""
			if cfg.want("p6") {
				var err error
				if nodePath, err = exec.LookPath(cfg.node); err != nil {
					nodePath = ""
					rep.Missing = append(rep.Missing, "P6: no node: "+err.Error())
				}
			}
			logf("P4/P6: building cmd/threads (natively, and for js/wasm if P6 is measured)")
			bins, err := buildThreads(ctx, filepath.Join(cfg.out, "threads"), nodePath != "")
			if err != nil {
				nativeErr = err
			} else {
				native, wasm, runErrs = p6Runs(ctx, bins, nodePath, cfg.goRuns, cfg.clients, cfg.messages, cfg.goLimit, logf)
			}
			if cfg.want("p6") {
				// Why P6 is not measured; nativeErr stays P4's alone, which
				// needs no node.
				p6Err := nativeErr
				if nodePath == "" && p6Err == nil {
					p6Err = fmt.Errorf("no node (-node %s)", cfg.node)
				}
				var row Row
				var notes []string
				if p6Err != nil {
					row, notes = Row{ID: "P6", What: "engine: threads for js/wasm under node ÷ native", Skipped: p6Err.Error()}, nil
				} else {
					row, notes = p6Row(native, wasm, runErrs, cfg.clients, cfg.messages)
				}
				if cfg.states && p6Err == nil {
					// bins has the js/wasm build and its wasm_exec_node.js:
					// without node or without the build, p6Err says so.
					logf("P6: the engine with and without states, natively and under node (go test -bench States)")
					if s, err := statesFigures(ctx, bins, cfg.clients); err != nil {
						notes = append(notes, "P6 with states: not measured: "+err.Error())
					} else {
						notes = append(notes, s)
					}
				}
				p6, p6Notes = []Row{row}, notes
			}
		}
		rows, notes := p4Rows(played, pageErr, native, nativeErr, cfg.clients, cfg.messages)
		for _, r := range rows {
			if cfg.want(strings.ToLower(r.ID[:2])) {
				rep.add(r, nil)
			}
		}
		rep.Notes = append(rep.Notes, notes...)
		for _, r := range p6 {
			rep.add(r, p6Notes)
		}
		if cfg.want("p4") && cfg.cpython && pyErr == nil {
			var runs []pyRun
			backlogs := []int{5}
			if cfg.backlog2 > 0 {
				backlogs = append(backlogs, cfg.backlog2)
			}
			for _, b := range backlogs {
				logf("P4: CPython, %d client threads × %d messages, listen(%d), up to %v", cfg.clients, cfg.messages, b, cfg.pyLimit)
				r := runPython(ctx, py, cfg.clients, cfg.messages, b, cfg.pyLimit)
				logf("P4: CPython listen(%d): %s, finished %v, %d clients served", b, ms(millis(r.Elapsed)), r.Finished, r.Served)
				runs = append(runs, r)
			}
			rep.Notes = append(rep.Notes, pyNotes(runs, played, pageErr)...)
		}
	}
	if cfg.want("p7") {
		logf("P7: edited code built in the page, cold and with the toolchain cached, %d visits", cfg.p7n)
		if ours == nil {
			rep.add(skipped("P7", "first Run of edited code"), nil)
		} else {
			rows, notes := p7(ctx, br, ours, cfg.p7n, logf)
			rep.addAll(rows, notes)
		}
	}
	if cfg.want("p8") {
		logf("P8: go test -bench States ./internal/states, %d runs of each mode", p8Runs)
		rep.add(p8(ctx, cfg.clients))
	}
	if cfg.want("go") {
		logf("go test -bench ./internal/memnet ./internal/pickle")
		res, ratios, err := goBenchmarks(ctx, cfg.goCount, cfg.pickleTime)
		rep.Bench, rep.BenchAt = res, ratios
		if err != nil {
			rep.Missing = append(rep.Missing, "go test -bench: "+err.Error())
		}
	}
	logf("done")
	rep.sortRows()
	return rep, ctx.Err()
}

// rowOrder is the table's order of rows, whatever order they were
// measured in (the heavy parts are kept apart from the browser's timings).
var rowOrder = []string{"P1", "P1*", "P2", "P2*", "P3", "P4", "P5", "P6", "P7", "P7c", "P8", "A1", "A2", "A3", "A4"}

// sortRows puts the rows in rowOrder; a row it does not name goes last.
func (r *report) sortRows() {
	rank := func(id string) int {
		if i := slices.Index(rowOrder, id); i >= 0 {
			return i
		}
		return len(rowOrder)
	}
	slices.SortStableFunc(r.Rows, func(a, b Row) int { return rank(a.ID) - rank(b.ID) })
}

// add appends a row and its figures.
func (r *report) add(row Row, notes []string) {
	r.Rows = append(r.Rows, row)
	r.Notes = append(r.Notes, notes...)
}

// addAll appends rows and the figures of them all.
func (r *report) addAll(rows []Row, notes []string) {
	r.Rows = append(r.Rows, rows...)
	r.Notes = append(r.Notes, notes...)
}

// servePage builds the bench page bench/testdata/name with the wasm package
// pkg into out/name and serves it. P2's baseline is compressed as the
// playground is; P3's page times only what runs inside it, so it takes the
// fast levels.
func servePage(ctx context.Context, out, name, pkg string, fast bool) (*site, error) {
	dir := filepath.Join(out, name)
	if err := buildSite(ctx, filepath.Join("bench", "testdata", name), pkg, "", dir, fast, false); err != nil {
		return nil, err
	}
	return startSite(dir)
}
