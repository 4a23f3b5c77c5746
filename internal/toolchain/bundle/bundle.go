// Package bundle writes the toolchain folder of the site (site/toolchain/):
// Go's compiler and linker built for js/wasm, the build driver, an archive
// for every package a program may import (and everything those import),
// the sources of the built-in programs, and the manifest that lists them.
// It runs at `make site`, with the Go installation that builds the page, so
// the toolchain in the page is always the Go that built it.
//
// # What it runs
//
//   - `GOOS=js GOARCH=wasm go build -trimpath -ldflags=-s -w` of cmd/compile,
//     cmd/link and the driver, into a cache folder. The go command leaves a
//     binary there alone when it is up to date, so a second run costs a
//     fraction of a second per tool.
//   - `go list -export -deps -json` of the packages to ship: each archive is
//     the full one the go command keeps in its build cache (9.4 MB for
//     runtime), which the linker can link.
//   - `go list -json` of the packages shipped as source, for their files and
//     //go:embed patterns.
//
// # What it writes
//
// Every file gets a name with its content's hash (compile.0123456789abcdef.wasm,
// a/fmt.0123456789abcdef.a), so a host may let browsers cache it for good,
// and a gzip and a brotli copy beside it. A file already there under its
// hashed name, with its copies, is left alone: compressing the 200 MB again
// is what would make a second build slow. Files of earlier builds that the
// new manifest does not name are removed. manifest.json is written last.
package bundle

import (
	"github.com/goroutine-playground/playground/internal/compress"

	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/toolchain"
	"github.com/goroutine-playground/playground/internal/toolchain/policy"
)

// Driver is the build driver's package: the toolchain worker's Go side.
const Driver = policy.Module + "/wasm/builder"

// Module lists the module's packages shipped as archives, beside the
// standard library: those a program may import (policy.Playground), the
// engine that the generated main calls and the list of the built-in
// programs that an edited built-in's main hands it. A package listed here
// that does not exist yet is left out with a note in the log, so that the
// engine can be added to the tree without a change here.
var Module = append(playgroundPaths(), toolchain.EnginePath, toolchain.ExamplesPath)

// Sources lists the packages shipped as source, for edited built-ins. The
// packages of Module that import one of them are shipped as source too.
var Sources = []string{toolchain.ProgramsPath}

func playgroundPaths() []string {
	var paths []string
	for _, p := range policy.Playground {
		paths = append(paths, p.Path)
	}
	return paths
}

// Options says what [Write] makes.
type Options struct {
	// Out is the folder to write: the site's toolchain/.
	Out string
	// Cache is where the tools are built before they are hashed into Out;
	// default: the user's cache folder, goroutine-playground/toolchain.
	Cache string
	// Std lists the standard library packages to ship, with everything
	// they import; default: every package of the standard library for
	// js/wasm that the policy allows.
	Std []string
	// Module and Sources default to the package variables of those names.
	Module  []string
	Sources []string
	// Compress says how the copies are compressed.
	Compress Level
	// Log, when set, gets a line per step.
	Log io.Writer
}

// Level is how hard to compress.
type Level uint8

const (
	Best Level = iota // brotli quality 9 (window 16 MiB) and gzip -9: what is deployed
	Fast              // the fastest levels: for development builds
	None              // no compressed copies: for tests
)

// Write builds and writes the toolchain folder described by opts, and
// returns its manifest.
func Write(ctx context.Context, opts Options) (*toolchain.Manifest, error) {
	if opts.Out == "" {
		return nil, errors.New("bundle: no output folder")
	}
	if opts.Cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("bundle: a cache folder: %w", err)
		}
		opts.Cache = filepath.Join(dir, "goroutine-playground", "toolchain")
	}
	if opts.Module == nil {
		opts.Module = Module
	}
	if opts.Sources == nil {
		opts.Sources = Sources
	}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, "toolchain: "+format+"\n", args...)
		}
	}
	start := time.Now()
	goVersion, err := goEnv(ctx, "GOVERSION")
	if err != nil {
		return nil, err
	}
	m := &toolchain.Manifest{Version: toolchain.ManifestVersion, Go: goVersion, Lang: langOf(goVersion), Fast: opts.Compress == Fast}

	tools, err := buildTools(ctx, opts.Cache, logf)
	if err != nil {
		return nil, err
	}
	// The packages shipped as source are compiled in the worker: what they
	// import must be shipped as archives, whatever Std says.
	srcs, err := listSources(ctx, opts.Sources, m.Lang)
	if err != nil {
		return nil, err
	}
	var extra []string
	for _, s := range srcs {
		extra = append(extra, s.Imports...)
	}
	pkgs, err := listPackages(ctx, opts, extra, logf)
	if err != nil {
		return nil, err
	}
	// A package that imports one shipped as source must be compiled again
	// when that one is edited (the linker refuses to mix the two builds):
	// it is shipped as source too.
	var dependents []string
	for _, p := range pkgs {
		if slices.Contains(opts.Module, p.ImportPath) && !slices.Contains(opts.Sources, p.ImportPath) &&
			slices.ContainsFunc(p.Deps, func(d string) bool { return slices.Contains(opts.Sources, d) }) {
			dependents = append(dependents, p.ImportPath)
			logf("%s imports a package shipped as source: shipped as source too", p.ImportPath)
		}
	}
	more, err := listSources(ctx, dependents, m.Lang)
	if err != nil {
		return nil, err
	}
	srcs = append(srcs, more...)

	// Everything to write: the tools, the archives and the source bundles,
	// then hashed, copied and compressed in parallel.
	jobs := []*job{
		{file: tools.driver, base: "build", ext: ".wasm", asset: &m.Driver},
		{file: tools.compile, base: "compile", ext: ".wasm", asset: &m.Compile},
		{file: tools.link, base: "link", ext: ".wasm", asset: &m.Link},
	}
	m.Packages = make([]toolchain.Package, len(pkgs))
	shipped := map[string]bool{}
	for i, p := range pkgs {
		m.Packages[i] = toolchain.Package{Path: p.ImportPath, Imports: p.Imports}
		jobs = append(jobs, &job{file: p.Export, base: "a/" + safeName(p.ImportPath), ext: ".a", asset: &m.Packages[i].Asset})
		shipped[p.ImportPath] = true
	}
	m.Sources = make([]toolchain.Sources, len(srcs))
	for i, s := range srcs {
		m.Sources[i] = s.Sources
		// unsafe has no archive: the compiler knows it by heart.
		m.Sources[i].Imports = slices.DeleteFunc(slices.Clone(s.Imports), func(p string) bool { return !shipped[p] })
		jobs = append(jobs, &job{data: s.bundle, base: "s/" + s.Name, ext: ".json", asset: &m.Sources[i].Asset})
	}
	old := readManifest(filepath.Join(opts.Out, toolchain.ManifestName))
	// Copies made at the fast levels are not good enough for a best build.
	recompress := old != nil && old.Fast && opts.Compress == Best
	written, err := runJobs(ctx, opts.Out, jobs, opts.Compress, recompress)
	if err != nil {
		return nil, err
	}
	logf("%d files, %d written or compressed afresh", len(jobs), written)
	if err := m.Check(); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return nil, err
	}
	manifest := &job{data: append(data, '\n'), name: toolchain.ManifestName, asset: &toolchain.Asset{}}
	if _, err := runJobs(ctx, opts.Out, []*job{manifest}, opts.Compress, recompress); err != nil {
		return nil, err
	}
	keep := map[string]bool{toolchain.ManifestName: true}
	for _, j := range jobs {
		keep[j.asset.Name] = true
	}
	removed, err := removeStale(opts.Out, keep)
	if err != nil {
		return nil, err
	}
	if removed > 0 {
		logf("removed %d files of earlier builds", removed)
	}
	logf("%s; in %.1fs", summary(m), time.Since(start).Seconds())
	return m, nil
}

// langOf turns a Go release into its language version: go1.26.8 → go1.26.
func langOf(version string) string {
	v := strings.Fields(version)[0] // "go1.27rc1 X:..." has more after a space
	parts := strings.SplitN(strings.TrimPrefix(v, "go"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	minor := parts[1]
	if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = minor[:i]
	}
	return "go" + parts[0] + "." + minor
}

// safeName turns an import path into a file name part the manifest accepts.
func safeName(importPath string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, importPath)
}

// job is one file to put into the folder under its hashed name.
type job struct {
	file  string // read from here, or
	data  []byte // these bytes
	base  string // the name before the hash: "a/fmt"
	ext   string // ".a"
	name  string // a fixed name instead of a hashed one
	asset *toolchain.Asset
	wrote bool
}

func runJobs(ctx context.Context, out string, jobs []*job, lv Level, recompress bool) (int, error) {
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				errs[i] = jobs[i].run(out, lv, recompress)
			}
		})
	}
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	written := 0
	for i, j := range jobs {
		if errs[i] != nil {
			return 0, fmt.Errorf("bundle: %s: %w", j.base+j.name, errs[i])
		}
		if j.wrote {
			written++
		}
	}
	return written, nil
}

func (j *job) run(out string, lv Level, recompress bool) error {
	data := j.data
	if j.file != "" {
		var err error
		if data, err = os.ReadFile(j.file); err != nil {
			return err
		}
	}
	name := j.name
	if name == "" {
		sum := sha256.Sum256(data)
		name = j.base + "." + hex.EncodeToString(sum[:8]) + j.ext
	}
	*j.asset = toolchain.Asset{Name: name, Size: int64(len(data))}
	target := filepath.Join(out, filepath.FromSlash(name))
	// A hashed name holds its content: the same size means the same file.
	// The manifest is compared whole, so that an unchanged one keeps its
	// time and a browser's copy stays valid.
	same := false
	if info, err := os.Stat(target); err == nil && info.Size() == int64(len(data)) {
		same = j.name == ""
		if !same {
			old, err := os.ReadFile(target)
			same = err == nil && bytes.Equal(old, data)
		}
	}
	if !same {
		if err := compress.WriteFile(target, data, 0o644); err != nil {
			return err
		}
		j.wrote = true
		recompress = true
	}
	sizes, wrote, err := compressCopies(target, data, lv, recompress)
	if err != nil {
		return err
	}
	j.asset.Gzip, j.asset.Brotli = sizes[0], sizes[1]
	j.wrote = j.wrote || wrote
	return nil
}

// readManifest reads the manifest an earlier build left, or nil.
func readManifest(name string) *toolchain.Manifest {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var m toolchain.Manifest
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	return &m
}

// removeStale removes the files under out that keep does not name (nor
// their compressed copies), and the folders that leaves empty.
func removeStale(out string, keep map[string]bool) (int, error) {
	removed := 0
	var dirs []string
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(out, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." {
				dirs = append(dirs, p)
			}
			return nil
		}
		base := strings.TrimSuffix(strings.TrimSuffix(rel, ".gz"), ".br")
		if keep[rel] || keep[base] {
			return nil
		}
		removed++
		return os.Remove(p)
	})
	if err != nil {
		return removed, err
	}
	slices.Reverse(dirs)
	for _, d := range dirs {
		os.Remove(d) // only succeeds when empty
	}
	return removed, nil
}

// summary is the log's last line: the sizes a first edit downloads at most.
func summary(m *toolchain.Manifest) string {
	var raw, br int64
	for _, p := range m.Packages {
		raw += p.Asset.Size
		br += p.Asset.Brotli
	}
	return fmt.Sprintf("%s: compile %s (br %s), link %s (br %s), driver %s (br %s), %d archives %s (br %s)",
		m.Go, mb(m.Compile.Size), mb(m.Compile.Brotli), mb(m.Link.Size), mb(m.Link.Brotli),
		mb(m.Driver.Size), mb(m.Driver.Brotli), len(m.Packages), mb(raw), mb(br))
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
