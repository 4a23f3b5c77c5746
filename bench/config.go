//go:build !js

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// config is what the command line asks for.
type config struct {
	only       []string // row ids to measure; all when empty
	samples    int      // P2 loads of each page
	p7n        int      // P7 visits with the toolchain cached
	arounds    int      // A rows: loads of each article page
	p3n        int      // P3 messages
	p3rounds   int      // P3 rounds of each case
	p3pipe     bool     // P3 times net.Pipe too
	clients    int      // P4, P6 clients
	messages   int      // P4, P6 messages per client
	goRuns     int      // P4, P6: runs of each side of the native and node comparison
	goLimit    time.Duration
	node       string // P6's node
	states     bool   // P6: the states figures too
	cpython    bool   // P4: CPython's runs, for context
	backlog2   int    // CPython's second run's listen backlog; 0 skips it
	pyLimit    time.Duration
	pageLimit  time.Duration
	fast       bool
	chromium   string
	python     string
	out        string
	site       string
	wasm       string
	engine     string
	compare    string // another built site, for P1 and P2 beside ours
	goCount    int
	pickleTime string
}

// ids are the parts of the benchmark -only can name.
var ids = []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "a", "go"}

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./bench [flags]\n\n"+
			"Measures the playground against its baselines (issue 2's table) and prints\n"+
			"the table; writes it as Markdown to -out/latest.md too. Run it from the\n"+
			"module root. A full run takes about ten minutes; -only and the counts\n"+
			"below make it shorter.\n\nflags:\n")
		fs.PrintDefaults()
	}
	only := fs.String("only", "", "comma-separated parts to run, of "+strings.Join(ids, ","))
	fs.IntVar(&c.samples, "n", 10, "P2: cold loads of each page (median of these)")
	fs.IntVar(&c.p7n, "p7n", 3, "P7: visits that build edited code with the toolchain cached (median of these)")
	fs.IntVar(&c.arounds, "arounds", 3, "A1-A4: cold loads of each article page (medians of these)")
	fs.IntVar(&c.p3n, "p3n", 1000000, "P3: messages per case")
	fs.IntVar(&c.p3rounds, "p3rounds", 3, "P3: rounds of each case (median of these)")
	fs.BoolVar(&c.p3pipe, "p3pipe", false, "P3: time net.Pipe in the browser too (for context; it is the slowest case: it more than doubles P3's time)")
	fs.IntVar(&c.clients, "clients", 10000, "P4, P6: clients of the server")
	fs.IntVar(&c.messages, "messages", 10, "P4, P6: messages each client sends")
	fs.IntVar(&c.goRuns, "goruns", 3, "P4, P6: runs of the native program, and of the same under node (best of these)")
	fs.DurationVar(&c.goLimit, "gotimeout", 2*time.Minute, "P4, P6: time limit of each native or node run")
	fs.StringVar(&c.node, "node", "node", "P6: node, to run the js/wasm build")
	fs.BoolVar(&c.states, "states", true, "P6: also time the engine with and without states, natively and under node (internal/states' BenchmarkStates)")
	fs.BoolVar(&c.cpython, "cpython", false, "P4: also run the tutorial's Python server and client (P4's old baseline), for the figures")
	fs.IntVar(&c.backlog2, "backlog", 4096, "with -cpython: the listen backlog of CPython's second run; 0 skips it")
	fs.DurationVar(&c.pyLimit, "pytimeout", 150*time.Second, "with -cpython: time limit of each CPython run")
	fs.DurationVar(&c.pageLimit, "pagetimeout", 5*time.Minute, "P3, P4: time limit of a run in the page")
	fs.BoolVar(&c.fast, "fast", false, "compress the built sites (and P1's baseline) at the fastest level, not the best: quicker, but P1 is then not what is deployed")
	fs.StringVar(&c.chromium, "chromium", chromium.Path(), "the browser (default $CHROMIUM, else Debian's /usr/bin/chromium)")
	fs.StringVar(&c.python, "python", "python3", "with -cpython: the CPython 3 interpreter")
	fs.StringVar(&c.out, "out", "bench/out", "folder for the built sites and latest.md")
	fs.StringVar(&c.site, "site", "site", "the page's static folder")
	fs.StringVar(&c.wasm, "wasm", "./wasm", "the page's wasm package (the view, main.wasm)")
	fs.StringVar(&c.engine, "engine", "./wasm/engine", "the engine's wasm package (engine.wasm, which the page's workers run)")
	fs.StringVar(&c.compare, "compare", "", "a folder built by `go run ./cmd/site -o DIR` from another commit: P1 and P2 are measured for it too (rows P1* and P2*), P2's loads in turn with ours and the hello-world page's, so a change is measured before and after in one run")
	fs.IntVar(&c.goCount, "gocount", 3, "go test -bench -count")
	fs.StringVar(&c.pickleTime, "pickletime", "200ms", "go test -bench -benchtime for internal/pickle")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *only != "" {
		for id := range strings.SplitSeq(*only, ",") {
			id = strings.ToLower(strings.TrimSpace(id))
			if !slices.Contains(ids, id) {
				return c, fmt.Errorf("-only: unknown part %q; the parts are %s", id, strings.Join(ids, ","))
			}
			c.only = append(c.only, id)
		}
	}
	for _, v := range []struct {
		name string
		n    int
	}{{"-n", c.samples}, {"-p7n", c.p7n}, {"-arounds", c.arounds}, {"-p3n", c.p3n}, {"-p3rounds", c.p3rounds}, {"-clients", c.clients}, {"-gocount", c.goCount}, {"-goruns", c.goRuns}} {
		if v.n < 1 {
			return c, fmt.Errorf("%s must be at least 1, not %d", v.name, v.n)
		}
	}
	if c.messages < 0 || c.backlog2 < 0 {
		return c, fmt.Errorf("-messages and -backlog may not be negative")
	}
	return c, nil
}

// want says whether the part id is to be measured.
func (c config) want(id string) bool {
	return len(c.only) == 0 || slices.Contains(c.only, id)
}

// moduleRoot checks that the command runs where its paths lead: the root of
// the module, which `make bench` and `go run ./bench` from there give.
func moduleRoot() error {
	if _, err := os.Stat(pythonDir); err != nil {
		return fmt.Errorf("run me from the module root (where go.mod is), as `make bench` does: %w", err)
	}
	return nil
}
