package toolchain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// Host is what a [Builder] needs from the place it runs in. In the
// toolchain worker that is JavaScript: fetch, WebAssembly and the in-memory
// file system; in tests it is the native go command.
type Host interface {
	// Fetch writes each asset to its path, fetching them in parallel. It
	// calls progress with the number of (uncompressed) bytes each time some
	// arrive.
	Fetch(ctx context.Context, files []Fetch, progress func(n int64)) error
	// LoadTool fetches a tool (ToolCompile or ToolLink) and makes it ready
	// to run, calling progress as Fetch does.
	LoadTool(ctx context.Context, tool string, a Asset, progress func(n int64)) error
	// Run runs a loaded tool with args in the folder dir, to its end.
	Run(ctx context.Context, tool, dir string, args []string) (RunResult, error)
}

// A Deliverer is a [Host] that can hand a build's linked program to the
// page itself: in the toolchain worker, compiled into a WebAssembly.Module
// and posted just before the result, which then carries no bytes (see
// protocol.KeyModule). The program's megabytes then cross no Go heap: read
// into the driver, written into the result and read out of it again in
// the view, they took 70-130 ms of the first Run.
type Deliverer interface {
	// Deliver hands the program at path, the result of build id, to
	// the page; on an error the result carries the bytes instead.
	Deliver(ctx context.Context, id uint32, path string) error
}

// Fetch is one asset to fetch and where to put it.
type Fetch struct {
	Asset Asset
	Path  string
}

// RunResult is how a tool's run went.
type RunResult struct {
	Code        int    // its exit code
	Stdout      string // what it wrote to standard output: the compiler's errors
	Stderr      string // what it wrote to standard error: the linker's errors, crashes
	Instantiate time.Duration
	Run         time.Duration
}

// Builder carries out build requests: it plans them, fetches what is
// missing, writes the files and runs the tools. It remembers what it has
// fetched and loaded. Its methods must be called one at a time.
type Builder struct {
	host    Host
	planner Planner
	have    map[string]bool // asset names fetched
	loaded  map[string]bool // tools loaded
	linker  *toolLoad       // the linker's load, while a build may not have waited for it
}

// toolLoad is a tool's load going on: done closes when it ends, with err.
type toolLoad struct {
	done chan struct{}
	err  error
}

// NewBuilder returns a builder for the toolchain that m describes, keeping
// its files under root.
func NewBuilder(m *Manifest, root string, host Host) *Builder {
	return &Builder{
		host:    host,
		planner: Planner{Manifest: m, Root: root, Sources: map[string]map[string]string{}},
		have:    map[string]bool{},
		loaded:  map[string]bool{},
	}
}

// WarmUp is the program [Builder.Prepare] builds: what nearly every program
// needs (fmt and the engine), so its build fetches most of what the first
// real build needs and makes the tools' code hot.
var WarmUp = protocol.File{Name: "prog.go", Text: "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"warm\") }\n"}

// Prepare loads the tools and runs a throwaway build. Its result is that
// build's, without the program.
func (b *Builder) Prepare(ctx context.Context, id uint32, progress func(protocol.Progress)) protocol.BuildResult {
	res := b.build(ctx, protocol.BuildRequest{ID: id, Kind: protocol.Plain, Program: "warm-up", Files: []protocol.File{WarmUp}}, progress, false)
	res.Wasm = nil
	return res
}

// Build carries out req, calling progress (when not nil) as it goes, one
// call at a time. Every failure, the user's or the toolchain's, is in the
// result: Diagnostics and Output for the user's, Output alone for the rest.
// The linked program is the result's Wasm, or went to the page beside it
// (Delivered) if the host is a [Deliverer].
func (b *Builder) Build(ctx context.Context, req protocol.BuildRequest, progress func(protocol.Progress)) protocol.BuildResult {
	return b.build(ctx, req, progress, true)
}

// build is Build; deliver says whether a Deliverer host may hand the
// program to the page (not a warm-up's).
func (b *Builder) build(ctx context.Context, req protocol.BuildRequest, progress func(protocol.Progress), deliver bool) protocol.BuildResult {
	res := protocol.BuildResult{ID: req.ID}
	if progress == nil {
		progress = func(protocol.Progress) {}
	}
	fail := func(err error) protocol.BuildResult {
		if IsRequestError(err) {
			res.Output = err.Error() + "\n"
		} else {
			res.Output = "toolchain: " + strings.TrimPrefix(err.Error(), "toolchain: ") + "\n"
		}
		return res
	}
	if req.Kind == protocol.Builtin {
		if err := checkFiles(req.Files); err != nil {
			return fail(err)
		}
		start := time.Now()
		err := b.loadSources(ctx, req.ID, progress)
		res.Timings.Download += time.Since(start)
		if err != nil {
			return fail(err)
		}
	}
	plan, diags, err := b.planner.Plan(req)
	if err != nil {
		return fail(err)
	}
	if len(diags) > 0 {
		res.Diagnostics = diags
		res.Output = FormatDiagnostics(diags)
		return res
	}
	start := time.Now()
	err = b.fetch(ctx, plan.Fetch, true, req.ID, progress)
	res.Timings.Download += time.Since(start)
	if err != nil {
		return fail(err)
	}
	if err := writeFiles(plan.Write); err != nil {
		return fail(err)
	}
	for _, st := range plan.Steps {
		phase, text := protocol.Compile, "Compiling "+path.Base(st.Package)
		if st.Tool == ToolLink {
			phase, text = protocol.Link, "Linking"
			start := time.Now()
			err := b.awaitLinker(ctx, req.ID, progress)
			res.Timings.Download += time.Since(start)
			if err != nil {
				return fail(fmt.Errorf("%s: %w", st.Tool, err))
			}
		}
		progress(protocol.Progress{ID: req.ID, Phase: phase, Text: text})
		r, err := b.host.Run(ctx, st.Tool, st.Dir, st.Args)
		res.Timings.Instantiate += r.Instantiate
		if st.Tool == ToolLink {
			res.Timings.Link += r.Run
		} else {
			res.Timings.Compile += r.Run
		}
		if err != nil {
			return fail(fmt.Errorf("%s: %w", st.Tool, err))
		}
		if r.Code != 0 {
			res.Output = r.Stdout + r.Stderr
			if st.Tool == ToolCompile {
				res.Diagnostics = ParseDiagnostics(r.Stdout)
			}
			if res.Output == "" {
				res.Output = st.Tool + ": exit status " + strconv.Itoa(r.Code) + "\n"
			}
			return res
		}
	}
	if d, ok := b.host.(Deliverer); ok && deliver {
		if err := d.Deliver(ctx, req.ID, plan.Output); err == nil {
			res.OK, res.Delivered = true, true
			return res
		}
		// The bytes, then: the page compiles them, and says why not.
	}
	wasm, err := os.ReadFile(plan.Output)
	if err != nil {
		return fail(err)
	}
	res.OK, res.Wasm = true, wasm
	return res
}

// fetch fetches the assets not fetched yet, and the tools if withTools and
// they are not loaded, all at once, reporting progress as one download. It
// does not wait for the linker, which a build needs only after its compile
// steps: the link step waits for it (awaitLinker), and the compiler's
// module, the longest wait of a build, comes first (site/toolchain.js
// loads them one after the other).
func (b *Builder) fetch(ctx context.Context, assets []Asset, withTools bool, id uint32, progress func(protocol.Progress)) error {
	var files []Fetch
	var total, compressed int64
	for _, a := range assets {
		if !b.have[a.Name] {
			files = append(files, Fetch{Asset: a, Path: b.planner.AssetPath(a)})
			total += a.Size
			compressed += transferSize(a)
		}
	}
	m := b.planner.Manifest
	compiler := withTools && !b.loaded[ToolCompile]
	linker := withTools && !b.loaded[ToolLink] && b.linker == nil
	var tools []string
	for _, t := range []struct {
		load bool
		name string
		a    Asset
	}{{compiler, ToolCompile, m.Compile}, {linker, ToolLink, m.Link}} {
		if t.load {
			tools = append(tools, t.name)
			total += t.a.Size
			compressed += transferSize(t.a)
		}
	}
	if len(files) == 0 && len(tools) == 0 {
		return nil
	}
	for _, f := range files {
		if err := os.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
			return err
		}
	}
	text := "Downloading " + downloadWhat(tools, len(files)) + " (" + sizeText(compressed) + ")"
	meter := &meter{id: id, total: total, text: text, progress: progress}
	meter.add(0)
	// The linker's bytes, once fetch has returned, are not reported: the
	// build's steps are, and a download's progress would replace them.
	defer meter.stop()

	if linker {
		l := &toolLoad{done: make(chan struct{})}
		b.linker = l
		go func() {
			l.err = b.host.LoadTool(ctx, ToolLink, m.Link, meter.add)
			close(l.done)
		}()
	}
	var wg sync.WaitGroup
	var compileErr, fetchErr error
	if compiler {
		wg.Go(func() { compileErr = b.host.LoadTool(ctx, ToolCompile, m.Compile, meter.add) })
	}
	if len(files) > 0 {
		wg.Go(func() { fetchErr = b.host.Fetch(ctx, files, meter.add) })
	}
	wg.Wait()
	if compiler && compileErr == nil {
		b.loaded[ToolCompile] = true
	}
	if fetchErr == nil {
		for _, f := range files {
			b.have[f.Asset.Name] = true
		}
	}
	return errors.Join(compileErr, fetchErr)
}

// awaitLinker waits for the linker's load, if one is going on, saying so
// when it has not ended yet.
func (b *Builder) awaitLinker(ctx context.Context, id uint32, progress func(protocol.Progress)) error {
	l := b.linker
	if l == nil {
		return nil
	}
	select {
	case <-l.done:
	default:
		progress(protocol.Progress{ID: id, Phase: protocol.Download,
			Text: "Downloading the linker (" + sizeText(transferSize(b.planner.Manifest.Link)) + ")"})
		select {
		case <-l.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	b.linker = nil // a failed load is tried again by the next build
	if l.err != nil {
		return l.err
	}
	b.loaded[ToolLink] = true
	return nil
}

// loadSources fetches and reads the source bundles of the manifest: the
// edited package's and those of the packages that import it.
func (b *Builder) loadSources(ctx context.Context, id uint32, progress func(protocol.Progress)) error {
	m := b.planner.Manifest
	if len(m.Sources) == 0 {
		return requestError("this site's toolchain has no sources of the built-in programs")
	}
	var assets []Asset
	for _, src := range m.Sources {
		if _, ok := b.planner.Sources[src.Path]; !ok {
			assets = append(assets, src.Asset)
		}
	}
	if err := b.fetch(ctx, assets, false, id, progress); err != nil {
		return err
	}
	for _, src := range m.Sources {
		if _, ok := b.planner.Sources[src.Path]; ok {
			continue
		}
		data, err := os.ReadFile(b.planner.AssetPath(src.Asset))
		if err != nil {
			return err
		}
		var files map[string]string
		if err := json.Unmarshal(data, &files); err != nil {
			return fmt.Errorf("toolchain: the sources of %s: %w", src.Path, err)
		}
		b.planner.Sources[src.Path] = files
	}
	return nil
}

// transferSize is what fetching a will likely cost: its brotli size, its
// gzip size when it has no brotli copy, its own size when it has neither.
func transferSize(a Asset) int64 {
	switch {
	case a.Brotli > 0:
		return a.Brotli
	case a.Gzip > 0:
		return a.Gzip
	}
	return a.Size
}

func downloadWhat(tools []string, packages int) string {
	var parts []string
	for _, t := range tools {
		if t == ToolCompile {
			parts = append(parts, "the compiler")
		} else {
			parts = append(parts, "the linker")
		}
	}
	switch {
	case packages == 1 && len(parts) == 0:
		parts = append(parts, "1 file")
	case packages == 1:
		parts = append(parts, "1 package")
	case packages > 1:
		parts = append(parts, strconv.Itoa(packages)+" packages")
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// meter turns byte counts into Progress messages: at most about one per
// percent, and always the first and the last.
type meter struct {
	id       uint32
	total    int64
	text     string
	progress func(protocol.Progress)

	mu        sync.Mutex
	done      int64
	reported  int64
	announced bool
	stopped   bool
}

// stop ends the reports: what is added after it is not said.
func (m *meter) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stopped = true
}

// add counts n more bytes. It reports under its lock, so that progress is
// called by one goroutine at a time and its counts never go back.
func (m *meter) add(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done += n
	if m.stopped {
		return
	}
	if m.announced && m.done < m.total && m.done-m.reported < m.total/100 {
		return
	}
	m.announced, m.reported = true, m.done
	m.progress(protocol.Progress{ID: m.id, Phase: protocol.Download, Done: m.done, Total: m.total, Text: m.text})
}

// writeFiles writes a plan's files, making their folders.
func writeFiles(files []WriteFile) error {
	for _, f := range files {
		if err := os.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f.Path, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
