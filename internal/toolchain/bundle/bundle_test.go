//go:build !js

package bundle

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/serve"
	"github.com/goroutine-playground/playground/internal/toolchain"
)

// hashed is the form of every name Write gives a file but the manifest.
var hashed = regexp.MustCompile(`^(a/|s/)?[A-Za-z0-9._-]+\.[0-9a-f]{16}\.(wasm|a|json)$`)

func TestWriteSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the compiler and linker for js/wasm (about 90 s the first time)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	out := t.TempDir()
	var log strings.Builder
	m, err := Write(ctx, Options{Out: out, Std: []string{"fmt"}, Compress: testLevel, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(log.String())
	if !strings.HasPrefix(m.Go, "go1.") || !strings.HasPrefix(m.Lang, "go1.") {
		t.Errorf("Go %q, Lang %q; want go1.N.M and go1.N", m.Go, m.Lang)
	}
	for _, p := range []string{"fmt", "runtime", "errors", "internal/abi", "github.com/goroutine-playground/playground/internal/runner",
		"github.com/goroutine-playground/playground/internal/pickle", "math/big", "github.com/nlpodyssey/gopickle/pickle"} {
		if _, ok := m.Package(p); !ok {
			t.Errorf("the manifest has no package %s", p)
		}
	}
	if _, ok := m.Package("unsafe"); ok {
		t.Errorf("the manifest lists unsafe, which has no archive")
	}
	if _, ok := m.Package("net/http"); ok {
		t.Errorf("the manifest lists net/http, which nothing allowed imports")
	}
	rt, _ := m.Package("runtime")
	if rt.Asset.Size < 1<<20 {
		t.Errorf("runtime's archive is %d bytes; want a full archive (several MB), not export data", rt.Asset.Size)
	}
	fmtPkg, _ := m.Package("fmt")
	if !slices.Contains(fmtPkg.Imports, "os") || slices.Contains(fmtPkg.Imports, "unsafe") {
		t.Errorf("fmt imports %q; want os and not unsafe", fmtPkg.Imports)
	}
	src, ok := m.SourcesOf(toolchain.ProgramsPath)
	if !ok {
		t.Fatal("no sources of the programs")
	}
	if !slices.Contains(src.Files, "thread.go") || slices.Contains(src.Files, "programs_test.go") || src.Name != "programs" {
		t.Errorf("sources: name %q, files %q; want programs with thread.go and no tests", src.Name, src.Files)
	}
	if _, ok := m.Package(toolchain.ExamplesPath); !ok {
		t.Errorf("the manifest has no %s, which an edited built-in's main imports", toolchain.ExamplesPath)
	}

	for _, a := range append([]toolchain.Asset{m.Driver, m.Compile, m.Link, src.Asset}, assetsOf(m)...) {
		if !hashed.MatchString(a.Name) || !serve.Immutable(a.Name) {
			t.Errorf("name %q is not content-hashed, or not as internal/serve recognises it", a.Name)
		}
		info, err := os.Stat(filepath.Join(out, a.Name))
		if err != nil || info.Size() != a.Size {
			t.Errorf("%s: %v, size %d; want %d bytes", a.Name, err, sizeOf(info), a.Size)
		}
		_, gzErr := os.Stat(filepath.Join(out, a.Name+".gz"))
		_, brErr := os.Stat(filepath.Join(out, a.Name+".br"))
		if testLevel == None && (a.Gzip != 0 || a.Brotli != 0 || gzErr == nil || brErr == nil) {
			t.Errorf("%s: gzip %d, brotli %d bytes; want no copies", a.Name, a.Gzip, a.Brotli)
		}
		if testLevel != None && (a.Gzip == 0 || a.Brotli == 0 || gzErr != nil || brErr != nil) {
			t.Errorf("%s: gzip %d, brotli %d bytes; want both copies", a.Name, a.Gzip, a.Brotli)
		}
	}
	data, err := os.ReadFile(filepath.Join(out, toolchain.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := toolchain.ParseManifest(data); err != nil {
		t.Errorf("the written manifest: %v", err)
	}

	// A second build writes nothing, not even the manifest, and removes
	// what is no longer named.
	manifestInfo, err := os.Stat(filepath.Join(out, toolchain.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "a", "old.0123456789abcdef.a")
	os.WriteFile(stale, []byte("old"), 0o644)
	os.WriteFile(stale+".br", []byte("old"), 0o644)
	log.Reset()
	m2, err := Write(ctx, Options{Out: out, Std: []string{"fmt"}, Compress: testLevel, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), ", 0 written") {
		t.Errorf("second build's log:\n%s\nwant nothing written", log.String())
	}
	if !strings.Contains(log.String(), "removed 2 files") {
		t.Errorf("second build's log:\n%s\nwant the stale archive and its copy removed", log.String())
	}
	if info, err := os.Stat(filepath.Join(out, toolchain.ManifestName)); err != nil || !info.ModTime().Equal(manifestInfo.ModTime()) {
		t.Errorf("the manifest was written again (%v): its time moved, so browsers would fetch it again", err)
	}
	if m2.Compile != m.Compile || len(m2.Packages) != len(m.Packages) {
		t.Errorf("second build's manifest differs: compile %+v, %d packages; want %+v, %d", m2.Compile, len(m2.Packages), m.Compile, len(m.Packages))
	}
}

func assetsOf(m *toolchain.Manifest) []toolchain.Asset {
	var as []toolchain.Asset
	for _, p := range m.Packages {
		as = append(as, p.Asset)
	}
	return as
}

func sizeOf(info os.FileInfo) int64 {
	if info == nil {
		return -1
	}
	return info.Size()
}

func TestLangOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"go1.26.8", "go1.26"},
		{"go1.26", "go1.26"},
		{"go1.27rc1", "go1.27"},
		{"go1.27rc1 X:nocoverageredesign", "go1.27"},
		{"go1.26.0", "go1.26"},
	}
	for _, tt := range tests {
		if got := langOf(tt.in); got != tt.want {
			t.Errorf("langOf(%q): got %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEmbedMap(t *testing.T) {
	got := embedMap([]string{"a.go", "*.txt", "dir", "all:other"}, []string{"a.go", "b.txt", "c.txt", "dir/x", "dir/y/z", "other/.h"})
	want := map[string][]string{"a.go": {"a.go"}, "*.txt": {"b.txt", "c.txt"}, "dir": {"dir/x", "dir/y/z"}, "all:other": {"other/.h"}}
	for k, v := range want {
		if !slices.Equal(got[k], v) {
			t.Errorf("pattern %q: got %q; want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d patterns; want %d", len(got), len(want))
	}
}

func TestSafeName(t *testing.T) {
	if got, want := safeName("github.com/a/b~c+d"), "github.com_a_b_c_d"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}
