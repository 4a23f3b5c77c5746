//go:build !js

package toolchain_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/toolchain"
	"github.com/goroutine-playground/playground/internal/toolchain/bundle"
	"github.com/goroutine-playground/playground/internal/toolchain/policy"
	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// The native tests run the Builder on Go's own native compiler and linker
// (`go tool compile`, `go tool link` with GOOS=js GOARCH=wasm), which take
// the same arguments as the wasm ones the page runs, against a real bundle
// of a few packages. They check the plans against the real tools, quickly;
// internal/toolchain/bundle's node test runs the wasm tools themselves.

// testBundles are built once per test process: plain (the playground's
// packages a program may import, and no engine, so that a plain program
// runs as itself under node) and full (the default packages, with the
// engine once it exists).
var testBundles [2]struct {
	once sync.Once
	dir  string
	man  *toolchain.Manifest
	err  error
}

// testStd is what the native tests ship: enough for their programs.
var testStd = []string{"fmt", "sync", "time", "errors", "strings"}

func testBundle(t *testing.T, full bool) (*toolchain.Manifest, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a toolchain bundle (about 90 s the first time)")
	}
	i := 0
	opts := bundle.Options{Std: testStd, Compress: bundle.None, Module: playground()}
	if full {
		i, opts.Module = 1, nil
	}
	tb := &testBundles[i]
	tb.once.Do(func() {
		tb.dir, tb.err = os.MkdirTemp("", "toolchain-native-")
		if tb.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		opts.Out = tb.dir
		tb.man, tb.err = bundle.Write(ctx, opts)
	})
	if tb.err != nil {
		t.Fatal(tb.err)
	}
	return tb.man, tb.dir
}

func playground() []string {
	var paths []string
	for _, p := range policy.Playground {
		paths = append(paths, p.Path)
	}
	return paths
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := range testBundles {
		if dir := testBundles[i].dir; dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// nativeHost runs the native tools and copies assets from a bundle folder.
type nativeHost struct {
	bundle string
	runs   []string // the tools run, in order
}

func (h *nativeHost) Fetch(_ context.Context, files []toolchain.Fetch, progress func(int64)) error {
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(h.bundle, f.Asset.Name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.Path, data, 0o644); err != nil {
			return err
		}
		progress(int64(len(data)))
	}
	return nil
}

func (h *nativeHost) LoadTool(_ context.Context, _ string, a toolchain.Asset, progress func(int64)) error {
	progress(a.Size)
	return nil
}

func (h *nativeHost) Run(ctx context.Context, tool, dir string, args []string) (toolchain.RunResult, error) {
	h.runs = append(h.runs, tool)
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool", tool}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := toolchain.RunResult{Stdout: stdout.String(), Stderr: stderr.String(), Run: time.Since(start)}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.Code = exit.ExitCode()
		err = nil
	}
	return res, err
}

// runWasm runs a js/wasm program under node and returns its output; the
// program must succeed.
func runWasm(t *testing.T, wasm []byte) string {
	t.Helper()
	out, err := runWasmErr(t, wasm)
	if err != nil {
		t.Fatalf("running the program: %v\n%s", err, out)
	}
	return out
}

// runWasmErr runs a js/wasm program under node and returns its output and
// how it ended.
func runWasmErr(t *testing.T, wasm []byte) (string, error) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is missing")
		}
		t.Skip("node is missing: the built program cannot run")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "out.wasm")
	if err := os.WriteFile(file, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js"), file).CombinedOutput()
	return string(out), err
}

// concurrent is a program with goroutines, a Mutex, a WaitGroup, select
// and generics, shared with bundle's tests (a .txt, so go vet and the
// go command leave it alone).
var concurrent = readTestdata("testdata/concurrent.go.txt")

func readTestdata(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestBuildNative(t *testing.T) {
	m, dir := testBundle(t, false)
	host := &nativeHost{bundle: dir}
	b := toolchain.NewBuilder(m, t.TempDir(), host)
	ctx := context.Background()

	var progress []protocol.Progress
	res := b.Build(ctx, protocol.BuildRequest{ID: 1, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: concurrent}}},
		func(p protocol.Progress) { progress = append(progress, p) })
	if !res.OK {
		t.Fatalf("build failed: %s", res.Output)
	}
	if !slices.Equal(host.runs, []string{"compile", "link"}) {
		t.Errorf("ran %q; want compile, link", host.runs)
	}
	if len(progress) < 3 || progress[0].Phase != protocol.Download || !strings.HasPrefix(progress[0].Text, "Downloading the compiler, the linker and ") {
		t.Errorf("progress %+v; want a download, then compile and link", progress)
	}
	last := progress[len(progress)-1]
	if last.Phase != protocol.Link {
		t.Errorf("last progress %+v; want the link", last)
	}
	if got, want := runWasm(t, res.Wasm), "total 3 squares 5 sum 4 6\n"; got != want {
		t.Errorf("the program printed %q; want %q", got, want)
	}

	// A second build fetches nothing.
	progress = nil
	res = b.Build(ctx, protocol.BuildRequest{ID: 2, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: strings.Replace(concurrent, `"total"`, `"sum of i"`, 1)}}},
		func(p protocol.Progress) { progress = append(progress, p) })
	if !res.OK || progress[0].Phase != protocol.Compile {
		t.Errorf("second build: ok %v, progress %+v; want compile first, nothing to download", res.OK, progress)
	}
}

func TestBuildNativeErrors(t *testing.T) {
	m, dir := testBundle(t, false)
	b := toolchain.NewBuilder(m, t.TempDir(), &nativeHost{bundle: dir})
	src := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 1\n\tfmt.Println(y)\n}\n"
	res := b.Build(context.Background(), protocol.BuildRequest{ID: 3, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: src}}}, nil)
	if res.OK || res.ID != 3 {
		t.Fatalf("got OK %v, ID %d; want a failed build 3", res.OK, res.ID)
	}
	want := []protocol.Diagnostic{
		{File: "prog.go", Line: 6, Col: 2, Msg: "declared and not used: x"},
		{File: "prog.go", Line: 7, Col: 14, Msg: "undefined: y"},
	}
	if !slices.Equal(res.Diagnostics, want) {
		t.Errorf("diagnostics %+v; want %+v", res.Diagnostics, want)
	}
	if goBuild := nativeGoBuild(t, src); res.Output != goBuild {
		t.Errorf("output %q; want what go build prints, %q", res.Output, goBuild)
	}

	res = b.Build(context.Background(), protocol.BuildRequest{ID: 4, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: "package main\n\nimport \"os/exec\"\n\nfunc main() { exec.Command(\"ls\") }\n"}}}, nil)
	if want := "./prog.go:3:8: import \"os/exec\" is not allowed: it starts other programs, and a page has none\n"; res.OK || res.Output != want {
		t.Errorf("os/exec: got %q; want %q", res.Output, want)
	}
}

// TestBuildNativePanicTrace: a panic's trace names the user's file as they
// know it (-trimpath), not the toolchain's folder.
func TestBuildNativePanicTrace(t *testing.T) {
	m, dir := testBundle(t, false)
	b := toolchain.NewBuilder(m, t.TempDir(), &nativeHost{bundle: dir})
	src := "package main\n\nfunc main() {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n"
	res := b.Build(context.Background(), protocol.BuildRequest{Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: src}}}, nil)
	if !res.OK {
		t.Fatal(res.Output)
	}
	out, err := runWasmErr(t, res.Wasm)
	if err == nil || !strings.Contains(out, "panic: assignment to entry in nil map") || !strings.Contains(out, "\tprog.go:5 +") || strings.Contains(out, "/src/") {
		t.Errorf("got %v:\n%s\nwant a panic at prog.go:5, with no toolchain folder in it", err, out)
	}
}

// TestBuildNativeLinkError: a link that fails (here, on an archive spoiled
// in the file system after it was fetched) comes back as the linker's text.
func TestBuildNativeLinkError(t *testing.T) {
	m, dir := testBundle(t, false)
	root := t.TempDir()
	b := toolchain.NewBuilder(m, root, &nativeHost{bundle: dir})
	hello := protocol.BuildRequest{ID: 1, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"}}}
	if res := b.Build(context.Background(), hello, nil); !res.OK {
		t.Fatalf("hello: %s", res.Output)
	}
	errs, _ := m.Package("errors")
	if err := os.WriteFile(filepath.Join(root, errs.Asset.Name), []byte("not an archive"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := b.Build(context.Background(), hello, nil)
	if res.OK || len(res.Diagnostics) != 0 || !strings.Contains(res.Output, "errors") {
		t.Errorf("got OK %v, %+v, output %q; want the linker's complaint about errors' archive", res.OK, res.Diagnostics, res.Output)
	}
	t.Logf("link failure: %q", res.Output)
}

// nativeGoBuild returns what `go build` prints for a package main of one
// file src, without its "# package" line.
func nativeGoBuild(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module prog\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "prog.go"), []byte(src), 0o644)
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go build succeeded on a broken program")
	}
	text := string(out)
	if first, rest, ok := strings.Cut(text, "\n"); ok && strings.HasPrefix(first, "# ") {
		text = rest
	}
	return text
}

func TestBuildNativeBuiltin(t *testing.T) {
	m, dir := testBundle(t, true)
	b := toolchain.NewBuilder(m, t.TempDir(), &nativeHost{bundle: dir})
	thread, err := os.ReadFile("../examples/programs/thread.go")
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(thread), "package programs\n", "package programs\n\n// A comment added in the page.\n", 1)
	res := b.Build(context.Background(), protocol.BuildRequest{ID: 5, Kind: protocol.Builtin, Program: "thread",
		Files: []protocol.File{{Name: "thread.go", Text: edited}}}, nil)
	if _, ok := m.Package(toolchain.EnginePath); !ok {
		want := "this site's toolchain was built without the playground's engine"
		if res.OK || !strings.Contains(res.Output, want) {
			t.Fatalf("without the engine: got %q; want %q", res.Output, want)
		}
		t.Skipf("%s does not exist yet: an edited built-in cannot link (the planner says so: %q)", toolchain.EnginePath, strings.TrimSpace(res.Output))
	}
	if !res.OK {
		t.Fatalf("build failed: %s", res.Output)
	}
	if !bytes.HasPrefix(res.Wasm, []byte("\x00asm")) {
		t.Errorf("the result is not a wasm module")
	}
	// A changed body and a new exported name change the package's
	// fingerprint: whatever imports it must be compiled again to link.
	changed := strings.Replace(edited, "Insert some thread stuff here.", "Edited in the page.", 1) + "\nfunc Added() int { return 1 }\n"
	res = b.Build(context.Background(), protocol.BuildRequest{ID: 6, Kind: protocol.Builtin, Program: "thread",
		Files: []protocol.File{{Name: "thread.go", Text: changed}}}, nil)
	if !res.OK {
		t.Fatalf("build of a changed body failed: %s", res.Output)
	}
}

// TestBuildNativeEachBuiltin builds each built-in program edited, as the
// page does: with only the files it needs (the planner's subset), which
// must compile and link for every one of them.
func TestBuildNativeEachBuiltin(t *testing.T) {
	m, dir := testBundle(t, true)
	if _, ok := m.Package(toolchain.EnginePath); !ok {
		t.Skipf("%s does not exist yet", toolchain.EnginePath)
	}
	root := t.TempDir()
	b := toolchain.NewBuilder(m, root, &nativeHost{bundle: dir})
	files, err := filepath.Glob("../examples/programs/*.go")
	if err != nil {
		t.Fatal(err)
	}
	built := 0
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasSuffix(name, "_test.go") || name == "programs.go" {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		program := strings.TrimSuffix(name, ".go")
		res := b.Build(context.Background(), protocol.BuildRequest{ID: uint32(100 + built), Kind: protocol.Builtin, Program: program,
			Files: []protocol.File{{Name: name, Text: string(text) + "\n// Edited in the page.\n"}}}, nil)
		if !res.OK || !bytes.HasPrefix(res.Wasm, []byte("\x00asm")) {
			t.Errorf("%s: the build failed: %s", program, res.Output)
		}
		built++
		// The subset: thread needs none of the network programs' code
		// (nor their pickles); pool needs clients.go's and server.go's.
		cfg, err := os.ReadFile(filepath.Join(root, "b", "programs.importcfg"))
		if err != nil {
			t.Fatal(err)
		}
		pickles := strings.Contains(string(cfg), "/internal/pickle=")
		if program == "thread" && pickles || program == "pool" && !pickles {
			t.Errorf("%s: the programs package compiled with imports\n%s", program, cfg)
		}
	}
	if built < 18 {
		t.Errorf("built %d programs; want the 18 built-in ones", built)
	}
}

// TestBuildNativeMainGone: an edit that renames the program's main function
// fails with a line that says so at the edited file, not with the
// compiler's complaint about a file the reader never saw.
func TestBuildNativeMainGone(t *testing.T) {
	m, dir := testBundle(t, true)
	if _, ok := m.Package(toolchain.EnginePath); !ok {
		t.Skipf("%s does not exist yet", toolchain.EnginePath)
	}
	thread, err := os.ReadFile("../examples/programs/thread.go")
	if err != nil {
		t.Fatal(err)
	}
	b := toolchain.NewBuilder(m, t.TempDir(), &nativeHost{bundle: dir})
	renamed := strings.Replace(string(thread), "func threadMain(", "func renamedMain(", 1)
	res := b.Build(context.Background(), protocol.BuildRequest{ID: 7, Kind: protocol.Builtin, Program: "thread",
		Files: []protocol.File{{Name: "thread.go", Text: renamed}}}, nil)
	want := "./thread.go:1:1: func threadMain is gone: the playground starts the program thread by calling threadMain(ctx, env)"
	if res.OK || !strings.Contains(res.Output, want) || len(res.Diagnostics) != 1 {
		t.Errorf("got %v %q %v; want %q", res.OK, res.Output, res.Diagnostics, want)
	}
}

// deliveringHost is a nativeHost that is a toolchain.Deliverer: it keeps
// what it was handed, or fails with err.
type deliveringHost struct {
	nativeHost
	err       error
	delivered map[uint32][]byte
}

func (h *deliveringHost) Deliver(_ context.Context, id uint32, path string) error {
	if h.err != nil {
		return h.err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	h.delivered[id] = b
	return nil
}

// TestBuildNativeDelivered: a Deliverer host gets the linked program and the
// result says so, without the bytes; one that fails leaves them in the
// result; a warm-up (Prepare) delivers nothing.
func TestBuildNativeDelivered(t *testing.T) {
	m, dir := testBundle(t, false)
	host := &deliveringHost{nativeHost: nativeHost{bundle: dir}, delivered: map[uint32][]byte{}}
	b := toolchain.NewBuilder(m, t.TempDir(), host)
	ctx := context.Background()
	req := protocol.BuildRequest{ID: 5, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: concurrent}}}

	res := b.Build(ctx, req, nil)
	if !res.OK || !res.Delivered || len(res.Wasm) != 0 {
		t.Fatalf("delivered build: OK %v, Delivered %v, %d bytes of wasm; want OK, delivered, none (%s)", res.OK, res.Delivered, len(res.Wasm), res.Output)
	}
	if got, want := runWasm(t, host.delivered[5]), "total 3 squares 5 sum 4 6\n"; got != want {
		t.Errorf("the delivered program printed %q; want %q", got, want)
	}

	host.err = errors.New("no module for you")
	req.ID = 6
	res = b.Build(ctx, req, nil)
	if !res.OK || res.Delivered || len(res.Wasm) == 0 {
		t.Fatalf("failed delivery: OK %v, Delivered %v, %d bytes of wasm; want OK and the bytes", res.OK, res.Delivered, len(res.Wasm))
	}
	if got, want := runWasm(t, res.Wasm), "total 3 squares 5 sum 4 6\n"; got != want {
		t.Errorf("the program in the result printed %q; want %q", got, want)
	}

	host.err = nil
	res = b.Prepare(ctx, 7, nil)
	if !res.OK || res.Delivered || len(res.Wasm) != 0 || host.delivered[7] != nil {
		t.Errorf("warm-up: OK %v, Delivered %v, %d bytes, delivered %d bytes; want OK and nothing delivered (%s)",
			res.OK, res.Delivered, len(res.Wasm), len(host.delivered[7]), res.Output)
	}
}

// lateLinkerHost is a nativeHost whose linker loads only once release is
// closed, failing with err; it counts the linker's loads.
type lateLinkerHost struct {
	nativeHost
	release chan struct{}
	err     error

	mu          sync.Mutex
	linkerLoads int
	compiled    bool // a compile step ran before the linker had loaded
}

func (h *lateLinkerHost) LoadTool(ctx context.Context, tool string, a toolchain.Asset, progress func(int64)) error {
	if tool != toolchain.ToolLink {
		return h.nativeHost.LoadTool(ctx, tool, a, progress)
	}
	h.mu.Lock()
	h.linkerLoads++
	release := h.release
	h.mu.Unlock()
	<-release
	return h.err
}

func (h *lateLinkerHost) Run(ctx context.Context, tool, dir string, args []string) (toolchain.RunResult, error) {
	if tool == toolchain.ToolCompile {
		select {
		case <-h.release:
		default:
			h.compiled = true
		}
	}
	return h.nativeHost.Run(ctx, tool, dir, args)
}

// TestBuildNativeLinkerLate: the compile steps run while the linker still
// loads, and the link step waits for it, saying so; a linker that failed to
// load fails the build and is loaded again by the next one.
func TestBuildNativeLinkerLate(t *testing.T) {
	m, dir := testBundle(t, false)
	h := &lateLinkerHost{nativeHost: nativeHost{bundle: dir}, release: make(chan struct{})}
	b := toolchain.NewBuilder(m, t.TempDir(), h)
	req := protocol.BuildRequest{ID: 1, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: concurrent}}}
	var once sync.Once
	release := func() { once.Do(func() { close(h.release) }) }
	// A builder that waited for the linker before compiling would wait
	// for ever: it is let go after a while, to fail below.
	defer time.AfterFunc(20*time.Second, release).Stop()
	var phases []string
	res := b.Build(context.Background(), req, func(p protocol.Progress) {
		phases = append(phases, p.Phase.String()+" "+p.Text)
		if strings.HasPrefix(p.Text, "Downloading the linker") {
			release()
		}
	})
	if !res.OK {
		t.Fatalf("build failed: %s", res.Output)
	}
	if !h.compiled {
		t.Errorf("no compile step ran before the linker had loaded")
	}
	i := slices.IndexFunc(phases, func(p string) bool { return strings.Contains(p, "Downloading the linker") })
	if i < 1 || !strings.HasPrefix(phases[i-1], "compile ") || i+1 >= len(phases) || !strings.HasPrefix(phases[i+1], "link ") {
		t.Errorf("progress %q; want the wait for the linker between the compile step and the link", phases)
	}

	// A linker that fails to load fails the build, and is tried again.
	h = &lateLinkerHost{nativeHost: nativeHost{bundle: dir}, release: make(chan struct{}), err: errors.New("the network is down")}
	close(h.release)
	b = toolchain.NewBuilder(m, t.TempDir(), h)
	res = b.Build(context.Background(), req, nil)
	if res.OK || !strings.Contains(res.Output, "link: the network is down") {
		t.Errorf("with the linker failing: OK %v, output %q; want it to fail saying why", res.OK, res.Output)
	}
	h.err = nil
	req.ID = 2
	if res = b.Build(context.Background(), req, nil); !res.OK {
		t.Errorf("the build after the linker failed: %s", res.Output)
	}
	if h.linkerLoads != 2 {
		t.Errorf("the linker was loaded %d times; want 2 (once again after it failed)", h.linkerLoads)
	}
}
