package sitebuild

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

const (
	fixtureSite = "testdata/site"
	fixturePkg  = "./testdata/hello"
)

// wantCompressed lists the fixture's files that must get both copies, and
// wantPlain those that must get none: tiny.svg because six bytes do not
// shrink, logo.png because .png is not compressed at all.
var (
	wantCompressed = []string{"main.wasm", "engine.wasm", "wasm_exec.js", "index.html", "style.css", "app.js", "data.json", "sub/page.html"}
	wantPlain      = []string{"tiny.svg", "logo.png"}
)

func TestBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	var log strings.Builder
	err := Build(context.Background(), Options{Src: fixtureSite, Out: out, Pkg: fixturePkg, Engine: fixturePkg, Fast: true, Log: &log})
	if err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{WasmName, EngineName} {
		wasm := readFile(t, filepath.Join(out, name))
		if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
			t.Errorf("%s starts with %q; want the wasm magic", name, wasm[:min(4, len(wasm))])
		}
	}
	goroot, err := goEnv(context.Background(), "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, filepath.Join(out, WasmExecName)), readFile(t, filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")); !bytes.Equal(got, want) {
		t.Errorf("%s differs from the toolchain's", WasmExecName)
	}
	checkCopies(t, out)
	listed := readPrecache(t, out)
	for _, name := range []string{WasmName, EngineName, WasmExecName, ProtocolName, "index.html"} {
		if !slices.ContainsFunc(listed.Files, func(f PrecacheFile) bool { return f.Path == name }) {
			t.Errorf("%s does not list %s: %+v", PrecacheName, name, listed.Files)
		}
	}

	// The static files arrive unchanged, with their times, and hidden ones stay behind.
	for _, name := range []string{"index.html", "logo.png", "sub/page.html", "tiny.svg"} {
		src, dst := filepath.Join(fixtureSite, name), filepath.Join(out, name)
		if !bytes.Equal(readFile(t, src), readFile(t, dst)) {
			t.Errorf("%s: copy differs from the source", name)
		}
		if a, b := modTime(t, src), modTime(t, dst); !a.Equal(b) {
			t.Errorf("%s: time got %v; want the source's %v", name, b, a)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".hidden")); !os.IsNotExist(err) {
		t.Errorf(".hidden: got %v; want it not copied", err)
	}
	for _, name := range wantCompressed {
		if !strings.Contains(log.String(), name) {
			t.Errorf("log does not mention %s:\n%s", name, log.String())
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(out, ".*")); len(entries) > 0 {
		t.Errorf("temporary files left behind: %q", entries)
	}
}

// TestBuildInPlace builds into the source folder itself, as `make site` does,
// over the leftovers of an earlier build.
func TestBuildInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := copyTree(fixtureSite, dir); err != nil {
		t.Fatal(err)
	}
	leftovers := map[string]string{
		"gone.js.gz":       "the copy of a script that was deleted",
		"tiny.svg.br":      "a copy that no longer helps",
		"index.html.gz":    "an old copy of another page",
		"download.bin.gz":  "a file of the site itself, not ours",
		"sub/old.css.br":   "another orphan",
		WasmName + ".br":   "old wasm",
		"notes.txt":        "plain text is served as it is",
		"sub/keep.json.gz": "orphan json copy",
	}
	for name, body := range leftovers {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Build(context.Background(), Options{Src: dir, Pkg: fixturePkg, Engine: fixturePkg, Fast: true}); err != nil {
		t.Fatal(err)
	}
	checkCopies(t, dir)
	for _, name := range []string{"gone.js.gz", "tiny.svg.br", "sub/old.css.br", "sub/keep.json.gz"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s: got %v; want it removed", name, err)
		}
	}
	for _, name := range []string{"download.bin.gz", "notes.txt"} {
		if got := string(readFile(t, filepath.Join(dir, name))); got != leftovers[name] {
			t.Errorf("%s: got %q; want it untouched", name, got)
		}
	}
}

// TestBestLevel exercises the level a deploy uses. It runs on the small
// fixture files only: best brotli of a whole wasm binary takes minutes under
// the race detector.
func TestBestLevel(t *testing.T) {
	dir := t.TempDir()
	if err := copyTree(fixtureSite, dir); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "index.html")
	best, err := compressFile(dir, name, level{best: true})
	if err != nil {
		t.Fatal(err)
	}
	bestCopies := map[string][]byte{}
	for _, c := range codecs {
		bestCopies[c.name] = readFile(t, name+c.suffix)
	}
	checkCopies(t, dir, "index.html")
	fast, err := compressFile(dir, name, level{best: false})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codecs {
		if b, f := best.sizes[c.name], fast.sizes[c.name]; b == 0 || b >= f {
			t.Errorf("%s: best level %d bytes, fast %d; want best smaller", c.name, b, f)
		}
	}
	// Rebuilding at best after a fast build must not keep the fast copies.
	if _, err := compressFile(dir, name, level{best: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range codecs {
		if got := readFile(t, name+c.suffix); !bytes.Equal(got, bestCopies[c.name]) {
			t.Errorf("%s copy after fast then best: not the best-level bytes", c.name)
		}
	}
}

// TestWasmRuns runs the built binary under node, and shows that extra build
// flags reach the compiler.
func TestWasmRuns(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to run js/wasm binaries and is missing")
		}
		t.Skip("node not found: cannot run the wasm binary")
	}
	goroot, err := goEnv(context.Background(), "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		desc  string
		flags []string
		want  string
	}{
		{"default flags", nil, "hello from wasm\n"},
		{"extra tags", []string{"-tags=sitebuild_extra"}, "hello from wasm with extra flags\n"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "hello.wasm")
			if err := BuildWasm(context.Background(), fixturePkg, out, tt.flags...); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, filepath.Join(goroot, "lib", "wasm", "wasm_exec_node.js"), out)
			got, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, got)
			}
			if string(got) != tt.want {
				t.Errorf("output: got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestBuildWasmErrors(t *testing.T) {
	tests := []struct {
		desc  string
		pkg   string
		flags []string
		want  string
	}{
		{"compile error", "./testdata/broken", nil, `cannot use "not a number"`},
		{"missing package", "./testdata/nope", nil, "testdata/nope"},
		{"bad flag", fixturePkg, []string{"-no-such-flag"}, "no-such-flag"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), WasmName)
			err := BuildWasm(context.Background(), tt.pkg, out, tt.flags...)
			if err == nil {
				t.Fatalf("got nil error; want one mentioning %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error: got %q; want it to mention %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) > 0 {
				t.Errorf("files left behind: %v", entries)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		desc string
		opts Options
		want string
	}{
		{"missing source", Options{Src: filepath.Join(tmp, "nope"), Pkg: fixturePkg}, "source folder"},
		{"source is a file", Options{Src: file, Pkg: fixturePkg}, "is not a folder"},
		{"output inside source", Options{Src: fixtureSite, Out: fixtureSite + "/dist", Pkg: fixturePkg}, "inside the source folder"},
		{"broken package", Options{Src: fixtureSite, Out: filepath.Join(tmp, "out"), Pkg: "./testdata/broken"}, "cannot use"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			err := Build(context.Background(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error: got %v; want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(fixtureSite, "dist")); !os.IsNotExist(err) {
		t.Errorf("the refused build wrote into the fixture: %v", err)
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Build(ctx, Options{Src: fixtureSite, Out: t.TempDir(), Pkg: fixturePkg, Fast: true})
	if err == nil {
		t.Fatal("Build with a canceled context: got nil error")
	}
}

// checkCopies checks that each named file (default: the fixture's lists) has a
// .gz and a .br that decode to its bytes and are smaller, and that the plain
// ones have none.
func checkCopies(t *testing.T, dir string, names ...string) {
	t.Helper()
	plain := wantPlain
	if names == nil {
		names = wantCompressed
	} else {
		plain = nil
	}
	for _, name := range names {
		orig := readFile(t, filepath.Join(dir, name))
		for _, c := range codecs {
			enc := readFile(t, filepath.Join(dir, name+c.suffix))
			if len(enc) >= len(orig) {
				t.Errorf("%s%s: %d bytes; want fewer than the %d of the original", name, c.suffix, len(enc), len(orig))
			}
			var r io.Reader
			switch c.name {
			case "gz":
				zr, err := gzip.NewReader(bytes.NewReader(enc))
				if err != nil {
					t.Fatalf("%s%s: %v", name, c.suffix, err)
				}
				r = zr
			case "br":
				r = brotli.NewReader(bytes.NewReader(enc))
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatalf("%s%s: %v", name, c.suffix, err)
			}
			if !bytes.Equal(got, orig) {
				t.Errorf("%s%s does not decode to %s", name, c.suffix, name)
			}
		}
	}
	for _, name := range plain {
		for _, c := range codecs {
			if _, err := os.Stat(filepath.Join(dir, name+c.suffix)); !os.IsNotExist(err) {
				t.Errorf("%s%s: got %v; want no copy", name, c.suffix, err)
			}
		}
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func modTime(t *testing.T, name string) time.Time {
	t.Helper()
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

// TestToolchainLeftAlone checks that the toolchain folder, which
// internal/toolchain/bundle writes and compresses itself, is neither
// compressed again nor copied as a source.
func TestToolchainLeftAlone(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := copyTree(fixtureSite, src); err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(src, ToolchainDir, "compile.0123456789abcdef.wasm")
	if err := os.MkdirAll(filepath.Dir(tool), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tool, bytes.Repeat([]byte("wasm "), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := precompress(context.Background(), src, level{}); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{".gz", ".br"} {
		if _, err := os.Stat(tool + suffix); !os.IsNotExist(err) {
			t.Errorf("%s%s: got %v; want no copy made by precompress", filepath.Base(tool), suffix, err)
		}
	}
	out := filepath.Join(t.TempDir(), "dist")
	if err := copyTree(src, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, ToolchainDir)); !os.IsNotExist(err) {
		t.Errorf("the toolchain folder was copied from the source: %v", err)
	}
}
