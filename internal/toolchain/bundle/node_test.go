//go:build !js

package bundle

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/serve"
	"github.com/goroutine-playground/playground/internal/toolchain"
	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// TestNode runs the whole pipeline as the page will: site/toolchain.js and
// its in-memory file system, wasm_exec.js, the driver (build.wasm) and
// Go's compiler and linker for js/wasm, under node, fetching a bundle over
// HTTP from internal/serve (brotli included). Each built program then runs
// under node. It needs node; without it the test is skipped, or fails
// under CI=true.
func TestNode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the toolchain and runs it under node")
	}
	node := lookNode(t)
	site := runSite(t)
	w := startWorker(t, node, site)

	// Format needs no compiler: the first build below still downloads it.
	res := w.roundTrip(t, protocol.FormatRequest{ID: 1, File: protocol.File{Name: "prog.go", Text: "package main\nfunc main(){}"}})
	if f := res.result.(protocol.FormatResult); !f.OK || f.Text != "package main\n\nfunc main() {}\n" {
		t.Errorf("format: %+v", f)
	}

	hello := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello, playground\")\n}\n"
	res = w.build(t, 2, hello)
	if !res.ok(t) {
		t.FailNow()
	}
	if len(res.progress) == 0 || !strings.HasPrefix(res.progress[0].Text, "Downloading the compiler, the linker and ") {
		t.Errorf("first build's progress %+v; want the tools downloaded first", res.progress)
	}
	if got, want := runWasm(t, node, res.build().Wasm), "hello, playground\n"; got != want {
		t.Errorf("hello printed %q; want %q", got, want)
	}
	t.Logf("first build: %s", timings(res.build().Timings))
	for i := range 3 {
		res = w.build(t, uint32(10+i), hello)
		res.ok(t)
		t.Logf("build %d: %s", i+2, timings(res.build().Timings))
	}

	src := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 1\n\tfmt.Println(y)\n}\n"
	b := w.build(t, 3, src).build()
	want := []protocol.Diagnostic{
		{File: "prog.go", Line: 6, Col: 2, Msg: "declared and not used: x"},
		{File: "prog.go", Line: 7, Col: 14, Msg: "undefined: y"},
	}
	if b.OK || !slices.Equal(b.Diagnostics, want) {
		t.Errorf("compile error: OK %v, diagnostics %+v; want %+v", b.OK, b.Diagnostics, want)
	}
	if want := "./prog.go:6:2: declared and not used: x\n./prog.go:7:14: undefined: y\n"; b.Output != want {
		t.Errorf("compile error: output %q; want %q", b.Output, want)
	}

	for _, imp := range []struct{ path, want string }{
		{"os/exec", `./prog.go:3:8: import "os/exec" is not allowed: it starts other programs, and a page has none` + "\n"},
		{"unsafe", `./prog.go:3:8: import "unsafe" is not allowed: it breaks Go's memory safety` + "\n"},
		{"syscall/js", `./prog.go:3:8: import "syscall/js" is not allowed: it reaches into the page's JavaScript` + "\n"},
	} {
		b := w.build(t, 4, "package main\n\nimport \""+imp.path+"\"\n\nfunc main() {}\n").build()
		if b.OK || b.Output != imp.want || len(b.Diagnostics) != 1 {
			t.Errorf("import %s: got %q (%d diagnostics); want %q", imp.path, b.Output, len(b.Diagnostics), imp.want)
		}
	}

	res = w.build(t, 5, concurrentProgram)
	if res.ok(t) {
		if got, want := runWasm(t, node, res.build().Wasm), "total 3 squares 5 sum 4 6\n"; got != want {
			t.Errorf("the concurrent program printed %q; want %q", got, want)
		}
	}

	if open := w.openFiles(t); open != 0 {
		t.Errorf("%d descriptors left open in the in-memory file system after the builds; want 0", open)
	}

	// A fresh worker warmed up by a PrepareRequest, as the page does when
	// someone starts editing: its first build runs at warm speed.
	w = startWorker(t, node, site)
	res = w.roundTrip(t, protocol.PrepareRequest{ID: 1})
	if b := res.build(); !b.OK || b.Wasm != nil {
		t.Errorf("prepare: OK %v, %d bytes of wasm; want OK and no program", b.OK, len(b.Wasm))
	}
	t.Logf("warm-up (prepare): %s", timings(res.build().Timings))
	res = w.build(t, 2, hello)
	res.ok(t)
	if len(res.progress) > 0 && res.progress[0].Phase == protocol.Download {
		t.Errorf("the build after prepare downloaded %q; want everything fetched by the warm-up", res.progress[0].Text)
	}
	t.Logf("first build after the warm-up: %s", timings(res.build().Timings))
	t.Logf("native GOOS=js GOARCH=wasm go build of the same program, warm cache: %s", nativeBuildTime(t, hello).Round(time.Millisecond))
}

// nativeBuildTime times `go build` of a one-file program for js/wasm, the
// second of two builds, so the build cache is warm: P7's baseline. The
// source changes and the output is removed before each, or the go command
// would find the package in its cache and the binary up to date.
func nativeBuildTime(t *testing.T, src string) time.Duration {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module prog\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "prog.go"), []byte(src), 0o644)
	var took time.Duration
	for i := range 2 {
		// Each build is of an edit, so the program's own package is
		// compiled; everything it imports comes from the warm cache.
		os.WriteFile(filepath.Join(dir, "prog.go"), []byte(src+"\n// edit "+strconv.Itoa(i)+"\n"), 0o644)
		os.Remove(filepath.Join(dir, "out.wasm"))
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "out.wasm"), ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		took = time.Since(start)
	}
	return took
}

// TestNodeBuiltin builds an edited built-in program (thread.go with a
// comment added, then with an error) in the worker under node. It needs the
// engine, which the generated main calls.
func TestNodeBuiltin(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the toolchain and runs it under node")
	}
	node := lookNode(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	if p, err := list(ctx, "-e", "-json=ImportPath,Error", toolchain.EnginePath); err != nil || p[0].Error != nil {
		t.Skipf("%s does not exist yet: an edited built-in needs it (the generated main calls its Serve)", toolchain.EnginePath)
	}
	site := nodeSite(t, ctx, Options{Std: []string{"fmt"}})
	w := startWorker(t, node, site)
	thread, err := os.ReadFile("../../examples/programs/thread.go")
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(thread), "package programs\n", "package programs\n\n// A comment added in the page.\n", 1)
	req := protocol.BuildRequest{ID: 1, Kind: protocol.Builtin, Program: "thread", Files: []protocol.File{{Name: "thread.go", Text: edited}}}
	res := w.roundTrip(t, req)
	if res.ok(t) {
		t.Logf("edited built-in: %d bytes of wasm, %s", len(res.build().Wasm), timings(res.build().Timings))
	}
	// A change to what the package does, and a new exported name: the
	// engine, compiled against the shipped package, must still link.
	req.ID = 2
	req.Files[0].Text = strings.Replace(edited, "Insert some thread stuff here.", "Edited in the page.", 1) + "\nfunc Added() int { return 1 }\n"
	if res := w.roundTrip(t, req); !res.ok(t) {
		t.Errorf("a changed body and a new function: %s", res.build().Output)
	} else {
		t.Logf("edited again: %s", timings(res.build().Timings))
	}
	req.ID = 3
	req.Files[0].Text = edited + "\nvar broken int = \"text\"\n"
	b := w.roundTrip(t, req).build()
	line := strings.Count(edited, "\n") + 2
	if b.OK || len(b.Diagnostics) != 1 || b.Diagnostics[0].File != "thread.go" || b.Diagnostics[0].Line != line {
		t.Errorf("an error in thread.go: OK %v, %+v, %q; want one diagnostic at thread.go:%d", b.OK, b.Diagnostics, b.Output, line)
	}
}

// concurrentProgram is the toolchain's test program with goroutines, a
// Mutex, a WaitGroup, select and generics.
var concurrentProgram = func() string {
	b, err := os.ReadFile("../testdata/concurrent.go.txt")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func lookNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is missing, and CI=true")
		}
		t.Skip("node is missing")
	}
	return node
}

func goroot(t *testing.T) string {
	t.Helper()
	dir, err := goEnv(context.Background(), "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// The site that TestNode and TestChromium share, built once: the
// playground's packages and the standard library their programs use, no
// engine (so a plain program runs as itself).
var shared struct {
	once sync.Once
	dir  string
	err  error
}

func runSite(t *testing.T) string {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "toolchain-site-")
		if shared.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		shared.err = writeSite(ctx, shared.dir, Options{Std: []string{"fmt", "sync", "time", "errors", "strings", "os"}, Module: playgroundPaths()})
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// nodeSite makes a site folder with the worker's scripts and a bundle
// written with opts (Out set here).
func nodeSite(t *testing.T, ctx context.Context, opts Options) string {
	t.Helper()
	site := t.TempDir()
	if err := writeSite(ctx, site, opts); err != nil {
		t.Fatal(err)
	}
	return site
}

// writeSite writes the worker's scripts and a bundle made with opts (Out
// set here) into the folder site.
func writeSite(ctx context.Context, site string, opts Options) error {
	goroot, err := goEnv(ctx, "GOROOT")
	if err != nil {
		return err
	}
	for _, f := range []struct{ from, to string }{
		{"../../../site/toolchain.js", "toolchain.js"},
		{"../../../site/toolchain-fs.js", "toolchain-fs.js"},
		{filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"), "wasm_exec.js"},
	} {
		data, err := os.ReadFile(f.from)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(site, f.to), data, 0o644); err != nil {
			return err
		}
	}
	opts.Out = filepath.Join(site, "toolchain")
	opts.Compress = testLevel // Fast: so that the server sends brotli, as a host would
	_, err = Write(ctx, opts)
	return err
}

// worker is site/toolchain.js running under node (testdata/worker.js).
type worker struct {
	in    io.WriteCloser
	lines *bufio.Scanner
	cmd   *exec.Cmd
}

func startWorker(t *testing.T, node, site string) *worker {
	t.Helper()
	srv := httptest.NewServer(serve.Handler(site))
	t.Cleanup(srv.Close)
	cmd := exec.Command(node, "testdata/worker.js", site, srv.URL+"/")
	cmd.Stderr = &testWriter{t: t}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Closing its input ends the worker; a worker that hangs is killed.
		in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	lines := bufio.NewScanner(out)
	lines.Buffer(nil, 64<<20)
	return &worker{in: in, lines: lines, cmd: cmd}
}

// testWriter logs what node writes to its standard error.
type testWriter struct{ t *testing.T }

func (w *testWriter) Write(b []byte) (int, error) {
	w.t.Logf("node: %s", strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// exchange is a request's answer: its progress, then its result.
type exchange struct {
	progress  []protocol.Progress
	delivered []string // in Chromium, the modules posted: "ID exports,..."
	result    protocol.Message
}

func (e exchange) build() protocol.BuildResult { return e.result.(protocol.BuildResult) }

func (e exchange) ok(t *testing.T) bool {
	t.Helper()
	b := e.build()
	if !b.OK {
		t.Errorf("build %d failed:\n%s", b.ID, b.Output)
	}
	return b.OK
}

func (w *worker) build(t *testing.T, id uint32, src string) exchange {
	t.Helper()
	return w.roundTrip(t, protocol.BuildRequest{ID: id, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: src}}})
}

// roundTrip sends m and reads messages until the result with m's ID.
func (w *worker) roundTrip(t *testing.T, m protocol.Message) exchange {
	t.Helper()
	if _, err := io.WriteString(w.in, base64.StdEncoding.EncodeToString(protocol.Append(nil, m))+"\n"); err != nil {
		t.Fatal(err)
	}
	var ex exchange
	for w.lines.Scan() {
		line := w.lines.Text()
		kind, payload, _ := strings.Cut(line, " ")
		if kind != "B" {
			t.Fatalf("the worker posted %s", line)
		}
		b, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			t.Fatal(err)
		}
		got, err := protocol.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if protocol.RequestID(got) != protocol.RequestID(m) {
			t.Fatalf("got %T for request %d while waiting for %d", got, protocol.RequestID(got), protocol.RequestID(m))
		}
		if p, ok := got.(protocol.Progress); ok {
			ex.progress = append(ex.progress, p)
			continue
		}
		ex.result = got
		return ex
	}
	t.Fatalf("the worker stopped: %v", w.lines.Err())
	return ex
}

// openFiles asks the worker's file system how many descriptors are open.
func (w *worker) openFiles(t *testing.T) int {
	t.Helper()
	if _, err := io.WriteString(w.in, "?open\n"); err != nil {
		t.Fatal(err)
	}
	if !w.lines.Scan() {
		t.Fatalf("the worker stopped: %v", w.lines.Err())
	}
	n, err := strconv.Atoi(strings.TrimPrefix(w.lines.Text(), "O "))
	if err != nil {
		t.Fatalf("got %q; want the count of open descriptors", w.lines.Text())
	}
	return n
}

func timings(tm protocol.Timings) string {
	total := tm.Download + tm.Instantiate + tm.Compile + tm.Link
	b, _ := json.Marshal(map[string]string{
		"download": tm.Download.Round(time.Millisecond).String(), "instantiate": tm.Instantiate.Round(time.Millisecond).String(),
		"compile": tm.Compile.Round(time.Millisecond).String(), "link": tm.Link.Round(time.Millisecond).String(),
		"total": total.Round(time.Millisecond).String(),
	})
	return string(b)
}

// runWasm runs a js/wasm program under node and returns its output.
func runWasm(t *testing.T, node string, wasm []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "out.wasm")
	if err := os.WriteFile(file, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, filepath.Join(goroot(t), "lib", "wasm", "wasm_exec_node.js"), file).CombinedOutput()
	if err != nil {
		t.Fatalf("running the program: %v\n%s", err, out)
	}
	return string(out)
}

// TestFS runs testdata/fscheck, a Go program that exercises the in-memory
// file system through the os package, on site/toolchain-fs.js under node.
func TestFS(t *testing.T) {
	node := lookNode(t)
	dir := t.TempDir()
	for _, f := range []struct{ from, to string }{
		{"../../../site/toolchain-fs.js", "toolchain-fs.js"},
		{filepath.Join(goroot(t), "lib", "wasm", "wasm_exec.js"), "wasm_exec.js"},
	} {
		data, err := os.ReadFile(f.from)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f.to), data, 0o644)
	}
	wasm := filepath.Join(dir, "fscheck.wasm")
	build := exec.Command("go", "build", "-o", wasm, "./testdata/fscheck")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building fscheck: %v\n%s", err, out)
	}
	cmd := exec.Command(node, "testdata/worker.js", "-go", dir, wasm)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil || !strings.HasPrefix(stdout.String(), "ok ") {
		t.Errorf("fscheck: %v\n%s", err, stdout.String())
	}
	if got := stderr.String(); got != "to stderr\n" {
		t.Errorf("standard error: got %q; want %q", got, "to stderr\n")
	}
	t.Log(strings.TrimSpace(stdout.String()))
}

// TestKeys checks that toolchain.js names the keys Go uses.
func TestKeys(t *testing.T) {
	data, err := os.ReadFile("../../../site/toolchain.js")
	if err != nil {
		t.Fatal(err)
	}
	want := "const keys = {fault: " + strconv.Quote(protocol.KeyFault) + ", host: " + strconv.Quote(toolchain.HostGlobal) +
		", module: " + strconv.Quote(protocol.KeyModule) + ", id: " + strconv.Quote(protocol.KeyID) + "};"
	if !strings.Contains(string(data), want) {
		t.Errorf("site/toolchain.js does not say %s", want)
	}
}
