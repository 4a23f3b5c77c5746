package toolchain

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/toolchain/policy"
	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

const (
	runnerPath = policy.Module + "/internal/runner"
	memnetPath = policy.Module + "/internal/memnet"
)

// testManifest is a small made-up manifest: a few packages with the
// imports that matter to the tests, the engine when withEngine.
func testManifest(withEngine bool) *Manifest {
	pkg := func(path string, imports ...string) Package {
		return Package{Path: path, Asset: Asset{Name: "a/" + strings.ReplaceAll(path, "/", "_") + ".0123456789abcdef.a", Size: 1000}, Imports: imports}
	}
	m := &Manifest{
		Version: ManifestVersion, Go: "go1.26.8", Lang: "go1.26",
		Driver:  Asset{Name: "build.0123456789abcdef.wasm", Size: 5},
		Compile: Asset{Name: "compile.0123456789abcdef.wasm", Size: 48, Brotli: 7},
		Link:    Asset{Name: "link.0123456789abcdef.wasm", Size: 11, Brotli: 2},
		Packages: []Package{
			pkg("internal/abi"),
			pkg("runtime", "internal/abi"),
			pkg("errors", "runtime"),
			pkg("os", "errors", "runtime"),
			pkg("fmt", "errors", "os"),
			pkg("sync", "runtime"),
			pkg("image", "runtime"),
			pkg("embed", "runtime"),
			pkg(memnetPath, "sync"),
			pkg(runnerPath, "fmt", "sync", memnetPath),
		},
		Sources: []Sources{{
			Path: ProgramsPath, Name: "programs", Lang: "go1.26",
			Asset:   Asset{Name: "s/programs.0123456789abcdef.json", Size: 10},
			Files:   []string{"programs.go", "thread.go"},
			Imports: []string{"embed", runnerPath},
			Embed:   map[string][]string{"thread.go": {"thread.go"}},
		}},
	}
	if withEngine {
		m.Packages = append(m.Packages, pkg(EnginePath, runnerPath, "sync"), pkg(ExamplesPath, runnerPath))
	}
	if err := m.Check(); err != nil {
		panic(err)
	}
	return m
}

var programsSources = map[string]string{
	"programs.go": "package programs\n\nimport _ \"embed\"\n\n//go:embed thread.go\nvar src string\n",
	"thread.go":   "package programs\n\nimport \"github.com/goroutine-playground/playground/internal/runner\"\n\nvar _ = runner.Println\n",
}

func plain(files ...string) protocol.BuildRequest {
	req := protocol.BuildRequest{ID: 1, Kind: protocol.Plain}
	for i := 0; i < len(files); i += 2 {
		req.Files = append(req.Files, protocol.File{Name: files[i], Text: files[i+1]})
	}
	return req
}

const hello = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"

func fileOf(t *testing.T, p *Plan, path string) string {
	t.Helper()
	for _, f := range p.Write {
		if f.Path == path {
			return string(f.Data)
		}
	}
	t.Fatalf("the plan writes no %s; it writes %v", path, writtenPaths(p))
	return ""
}

func writtenPaths(p *Plan) []string {
	var paths []string
	for _, f := range p.Write {
		paths = append(paths, f.Path)
	}
	return paths
}

func TestPlanPlain(t *testing.T) {
	pl := &Planner{Manifest: testManifest(true), Root: "/"}
	p, diags, err := pl.Plan(plain("prog.go", hello))
	if err != nil || diags != nil {
		t.Fatalf("Plan: %v, %v", diags, err)
	}
	if len(p.Steps) != 2 || p.Steps[0].Tool != ToolCompile || p.Steps[1].Tool != ToolLink {
		t.Fatalf("steps %+v; want compile then link", p.Steps)
	}
	compile := p.Steps[0]
	want := []string{"-o", "/b/main.a", "-trimpath", "/src/main=>", "-p", "main", "-lang=go1.26", "-complete",
		"-dwarf=false", "-goversion", "go1.26.8", "-c=1", "-nolocalimports", "-importcfg", "/b/main.importcfg",
		"-pack", "./prog.go", "./" + GeneratedName}
	if !slices.Equal(compile.Args, want) || compile.Dir != "/src/main" {
		t.Errorf("compile in %s: %q\nwant in /src/main: %q", compile.Dir, compile.Args, want)
	}
	if got := fileOf(t, p, "/src/main/prog.go"); got != hello {
		t.Errorf("prog.go: got %q; want %q", got, hello)
	}
	if got, want := fileOf(t, p, "/src/main/"+GeneratedName), PlainMain(EnginePath); got != want {
		t.Errorf("generated: got %q; want %q", got, want)
	}
	wantCfg := "# import config\n" +
		"packagefile fmt=/a/fmt.0123456789abcdef.a\n" +
		"packagefile " + EnginePath + "=/a/" + strings.ReplaceAll(EnginePath, "/", "_") + ".0123456789abcdef.a\n" +
		"packagefile runtime=/a/runtime.0123456789abcdef.a\n"
	if got := fileOf(t, p, "/b/main.importcfg"); got != wantCfg {
		t.Errorf("compile importcfg:\n%s\nwant:\n%s", got, wantCfg)
	}
	link := p.Steps[1]
	wantLink := []string{"-o", "/b/out.wasm", "-importcfg", "/b/link.importcfg", "-buildmode=exe", "-s", "-w", "/b/main.a"}
	if !slices.Equal(link.Args, wantLink) || p.Output != "/b/out.wasm" {
		t.Errorf("link: %q, output %q; want %q, /b/out.wasm", link.Args, p.Output, wantLink)
	}
	linkCfg := fileOf(t, p, "/b/link.importcfg")
	for _, pkg := range []string{"fmt", "os", "errors", "runtime", "internal/abi", "sync", runnerPath, memnetPath, EnginePath} {
		if !strings.Contains(linkCfg, "packagefile "+pkg+"=") {
			t.Errorf("link importcfg lacks %s:\n%s", pkg, linkCfg)
		}
	}
	if strings.Contains(linkCfg, "packagefile image=") {
		t.Errorf("link importcfg lists image, which the program does not reach:\n%s", linkCfg)
	}
	if len(p.Fetch) != 9 {
		t.Errorf("fetch %d assets; want the 9 of the closure: %+v", len(p.Fetch), p.Fetch)
	}
}

func TestPlanPlainWithoutEngine(t *testing.T) {
	pl := &Planner{Manifest: testManifest(false), Root: "/"}
	p, diags, err := pl.Plan(plain("prog.go", hello, "more.go", "package main\n\nimport \"sync\"\n\nvar mu sync.Mutex\n"))
	if err != nil || diags != nil {
		t.Fatalf("Plan: %v, %v", diags, err)
	}
	args := p.Steps[0].Args
	if got := args[len(args)-2:]; !slices.Equal(got, []string{"./prog.go", "./more.go"}) {
		t.Errorf("files: got %q; want ./prog.go ./more.go and no generated file", got)
	}
	if strings.Contains(fileOf(t, p, "/b/link.importcfg"), "engine") {
		t.Error("link importcfg names the engine, which the manifest lacks")
	}
}

func TestPlanRefusals(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []protocol.Diagnostic
	}{
		{
			name: "os/exec, unsafe and syscall/js",
			src:  "package main\n\nimport (\n\t\"fmt\"\n\t\"os/exec\"\n\t\"unsafe\"\n\t\"syscall/js\"\n)\n\nfunc main() {}\n",
			want: []protocol.Diagnostic{
				{File: "prog.go", Line: 5, Col: 2, Msg: `import "os/exec" is not allowed: it starts other programs, and a page has none`},
				{File: "prog.go", Line: 6, Col: 2, Msg: `import "unsafe" is not allowed: it breaks Go's memory safety`},
				{File: "prog.go", Line: 7, Col: 2, Msg: `import "syscall/js" is not allowed: it reaches into the page's JavaScript`},
			},
		},
		{
			name: "a named import",
			src:  "package main\n\nimport h \"net/http\"\n\nfunc main() {}\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 3, Col: 10, Msg: `import "net/http" is not allowed: it makes real network requests from the page`}},
		},
		{
			name: "a module",
			src:  "package main\n\nimport \"github.com/x/y\"\n\nfunc main() {}\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 3, Col: 8, Msg: "package github.com/x/y is not available: a program here may import the standard library and the playground's own packages"}},
		},
		{
			name: "std the manifest lacks",
			src:  "package main\n\nimport \"image/png\"\n\nfunc main() {}\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 3, Col: 8, Msg: "package image/png is not available: a program here may import the standard library and the playground's own packages"}},
		},
		{
			name: "wasmimport",
			src:  "package main\n\n//go:wasmimport gojs syscall/js.valueGet\nfunc get(sp int32)\n\nfunc main() {}\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 3, Col: 1, Msg: "//go:wasmimport is not allowed: it calls the page's JavaScript directly"}},
		},
		{
			name: "another package",
			src:  "package foo\n\nfunc main() {}\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 1, Col: 9, Msg: "package foo; expected package main"}},
		},
	}
	pl := &Planner{Manifest: testManifest(true), Root: "/"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags, err := pl.Plan(plain("prog.go", tt.src))
			if err != nil || p != nil {
				t.Fatalf("got plan %v, error %v; want diagnostics only", p, err)
			}
			if !slices.Equal(diags, tt.want) {
				t.Errorf("got %+v;\nwant %+v", diags, tt.want)
			}
		})
	}
}

func TestPlanRequestErrors(t *testing.T) {
	tests := []struct {
		name string
		req  protocol.BuildRequest
		want string
	}{
		{"no files", plain(), "there is nothing to build: the request has no files"},
		{"no main", plain("prog.go", "package main\n\nfunc helper() {}\n"), "runtime.main_main·f: function main is undeclared in the main package"},
		{"a method main is not main", plain("prog.go", "package main\n\ntype T int\n\nfunc (T) main() {}\n"), "runtime.main_main·f: function main is undeclared in the main package"},
		{"a test file", plain("prog_test.go", hello), `cannot build a file named "prog_test.go": a name ends in .go, is not a _test.go file, does not start with _ or . and has only letters, digits, _, - and .`},
		{"the generated name", plain(GeneratedName, hello), `cannot build a file named "_pg_main.go": a name ends in .go, is not a _test.go file, does not start with _ or . and has only letters, digits, _, - and .`},
		{"a path", plain("../prog.go", hello), `cannot build a file named "../prog.go": a name ends in .go, is not a _test.go file, does not start with _ or . and has only letters, digits, _, - and .`},
		{"twice", plain("prog.go", hello, "prog.go", hello), "the file prog.go is there twice"},
		{"too big", plain("prog.go", hello+"//"+strings.Repeat("x", MaxSource)), "the program is 1.0 MB of source; the limit is 1.0 MB"},
		{"a bad kind", protocol.BuildRequest{Kind: 9, Files: []protocol.File{{Name: "prog.go", Text: hello}}}, "cannot build a request of kind kind(9)"},
	}
	pl := &Planner{Manifest: testManifest(true), Root: "/"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags, err := pl.Plan(tt.req)
			if err == nil || p != nil || diags != nil {
				t.Fatalf("got %v, %v, %v; want an error", p, diags, err)
			}
			if !IsRequestError(err) || err.Error() != tt.want {
				t.Errorf("got %q; want %q", err, tt.want)
			}
		})
	}
}

func TestPlanSyntaxErrorGoesToTheCompiler(t *testing.T) {
	pl := &Planner{Manifest: testManifest(true), Root: "/"}
	p, diags, err := pl.Plan(plain("prog.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println( }\n"))
	if err != nil || diags != nil || p == nil {
		t.Fatalf("got %v, %v, %v; want a plan, so that the compiler reports the syntax error", p, diags, err)
	}
	if !strings.Contains(fileOf(t, p, "/b/main.importcfg"), "packagefile fmt=") {
		t.Error("the imports read before the error are not in the importcfg")
	}
}

func TestPlanBuiltin(t *testing.T) {
	pl := &Planner{Manifest: testManifest(true), Root: "/", Sources: map[string]map[string]string{ProgramsPath: programsSources}}
	edited := strings.Replace(programsSources["thread.go"], "var _", "// edited\nvar _", 1)
	req := protocol.BuildRequest{ID: 2, Kind: protocol.Builtin, Program: "thread", Files: []protocol.File{{Name: "thread.go", Text: edited}}}
	p, diags, err := pl.Plan(req)
	if err != nil || diags != nil {
		t.Fatalf("Plan: %v, %v", diags, err)
	}
	if len(p.Steps) != 3 {
		t.Fatalf("got %d steps; want compile programs, compile main, link", len(p.Steps))
	}
	ex := p.Steps[0]
	want := []string{"-o", "/b/programs.a", "-trimpath", "/src/programs=>" + ProgramsPath, "-p", ProgramsPath, "-lang=go1.26",
		"-complete", "-dwarf=false", "-goversion", "go1.26.8", "-c=1", "-nolocalimports", "-importcfg", "/b/programs.importcfg",
		"-embedcfg", "/b/programs.embedcfg", "-pack", "./programs.go", "./thread.go"}
	if !slices.Equal(ex.Args, want) || ex.Dir != "/src/programs" {
		t.Errorf("compile programs in %s: %q\nwant in /src/programs: %q", ex.Dir, ex.Args, want)
	}
	if got := fileOf(t, p, "/src/programs/thread.go"); got != edited {
		t.Errorf("thread.go: got %q; want the edited text", got)
	}
	if got := fileOf(t, p, "/src/programs/programs.go"); got != programsSources["programs.go"] {
		t.Errorf("programs.go: got %q; want the shipped text", got)
	}
	var cfg struct {
		Patterns map[string][]string
		Files    map[string]string
	}
	if err := json.Unmarshal([]byte(fileOf(t, p, "/b/programs.embedcfg")), &cfg); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.Patterns["thread.go"], []string{"thread.go"}) || cfg.Files["thread.go"] != "/src/programs/thread.go" {
		t.Errorf("embedcfg %+v; want thread.go at /src/programs/thread.go", cfg)
	}
	main := p.Steps[1]
	if main.Dir != "/src/main" || !slices.Equal(main.Args[len(main.Args)-1:], []string{"./" + GeneratedName}) {
		t.Errorf("compile main in %s: %q; want the generated file alone", main.Dir, main.Args)
	}
	if got, want := fileOf(t, p, "/src/main/"+GeneratedName), BuiltinMain(EnginePath, ExamplesPath, ProgramsPath, "Main"); got != want {
		t.Errorf("generated main: got %q; want %q", got, want)
	}
	mainCfg := fileOf(t, p, "/b/main.importcfg")
	if !strings.Contains(mainCfg, "packagefile "+ProgramsPath+"=/b/programs.a\n") || !strings.Contains(mainCfg, "packagefile "+EnginePath+"=") ||
		!strings.Contains(mainCfg, "packagefile "+ExamplesPath+"=/a/") {
		t.Errorf("main importcfg:\n%s\nwant the recompiled programs, the engine and the shipped list of examples", mainCfg)
	}
	linkCfg := fileOf(t, p, "/b/link.importcfg")
	if !strings.Contains(linkCfg, "packagefile "+ProgramsPath+"=/b/programs.a\n") || !strings.Contains(linkCfg, "packagefile "+runnerPath+"=") {
		t.Errorf("link importcfg:\n%s\nwant the recompiled programs and runner", linkCfg)
	}
	exCfg := fileOf(t, p, "/b/programs.importcfg")
	if !strings.Contains(exCfg, "packagefile embed=") || !strings.Contains(exCfg, "packagefile "+runnerPath+"=") {
		t.Errorf("programs importcfg:\n%s\nwant embed and runner", exCfg)
	}
}

// TestPlanBuiltinDependents: an engine that imports the programs is
// compiled again, from its shipped sources, after them.
func TestPlanBuiltinDependents(t *testing.T) {
	m := testManifest(true)
	eng, _ := m.Package(EnginePath)
	eng.Imports = append(eng.Imports, ProgramsPath)
	m.Packages = append(m.Packages, Package{Path: ProgramsPath, Asset: Asset{Name: "a/programs.0123456789abcdef.a", Size: 9}, Imports: []string{"embed", runnerPath}})
	m.Sources = append(m.Sources, Sources{Path: EnginePath, Name: "engine", Lang: "go1.26",
		Asset: Asset{Name: "s/engine.0123456789abcdef.json", Size: 9}, Files: []string{"engine.go"}, Imports: []string{ProgramsPath, runnerPath, "sync"}})
	if err := m.Check(); err != nil {
		t.Fatal(err)
	}
	engineGo := "package engine\n\nimport _ \"github.com/goroutine-playground/playground/internal/examples/programs\"\n"
	pl := &Planner{Manifest: m, Root: "/", Sources: map[string]map[string]string{ProgramsPath: programsSources, EnginePath: {"engine.go": engineGo}}}
	p, diags, err := pl.Plan(protocol.BuildRequest{Kind: protocol.Builtin, Files: []protocol.File{{Name: "thread.go", Text: programsSources["thread.go"]}}})
	if err != nil || diags != nil {
		t.Fatalf("Plan: %v, %v", diags, err)
	}
	var order []string
	for _, st := range p.Steps {
		order = append(order, st.Tool+" "+st.Package)
	}
	want := []string{"compile " + ProgramsPath, "compile " + EnginePath, "compile main", "link main"}
	if !slices.Equal(order, want) {
		t.Fatalf("steps %q; want %q", order, want)
	}
	if got := fileOf(t, p, "/src/engine/engine.go"); got != engineGo {
		t.Errorf("engine.go: got %q; want its shipped text", got)
	}
	if cfg := fileOf(t, p, "/b/engine.importcfg"); !strings.Contains(cfg, "packagefile "+ProgramsPath+"=/b/programs.a\n") {
		t.Errorf("engine importcfg:\n%s\nwant the recompiled programs", cfg)
	}
	link := fileOf(t, p, "/b/link.importcfg")
	for _, want := range []string{"packagefile " + ProgramsPath + "=/b/programs.a\n", "packagefile " + EnginePath + "=/b/engine.a\n", "packagefile sync="} {
		if !strings.Contains(link, want) {
			t.Errorf("link importcfg:\n%s\nwant %q", link, want)
		}
	}
	for _, a := range p.Fetch {
		if a.Name == eng.Asset.Name || strings.Contains(a.Name, "programs") {
			t.Errorf("the plan fetches %s, which it compiles itself", a.Name)
		}
	}

	// Without the engine's sources, the plan says why it cannot link.
	m.Sources = m.Sources[:1]
	pl.Manifest = m
	_, _, err = pl.Plan(protocol.BuildRequest{Kind: protocol.Builtin, Files: []protocol.File{{Name: "thread.go", Text: programsSources["thread.go"]}}})
	if err == nil || !strings.Contains(err.Error(), "imports "+ProgramsPath+" but is not shipped as source") {
		t.Errorf("got %v; want the engine named as not shipped as source", err)
	}
}

func TestPlanBuiltinRefusals(t *testing.T) {
	sources := map[string]map[string]string{ProgramsPath: programsSources}
	tests := []struct {
		name   string
		engine bool
		files  []protocol.File
		want   string
	}{
		{"no engine", false, []protocol.File{{Name: "thread.go", Text: "package programs\n"}}, "this site's toolchain was built without the playground's engine (" + EnginePath + "), so an edited built-in program cannot be built"},
		{"not a file of the package", true, []protocol.File{{Name: "other.go", Text: "package programs\n"}}, "the built-in programs have no file other.go: an edit replaces one of programs.go, thread.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := &Planner{Manifest: testManifest(tt.engine), Root: "/", Sources: sources}
			_, _, err := pl.Plan(protocol.BuildRequest{Kind: protocol.Builtin, Files: tt.files})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v; want %q", err, tt.want)
			}
		})
	}
	noList := testManifest(true)
	noList.Packages = slices.DeleteFunc(noList.Packages, func(p Package) bool { return p.Path == ExamplesPath })
	noList.index = nil // made by Check, before the package was taken out
	pl := &Planner{Manifest: noList, Root: "/", Sources: sources}
	_, _, err := pl.Plan(protocol.BuildRequest{Kind: protocol.Builtin, Files: []protocol.File{{Name: "thread.go", Text: "package programs\n"}}})
	if want := "this site's toolchain has no list of the built-in programs (" + ExamplesPath + ")"; err == nil || err.Error() != want {
		t.Errorf("without the list of examples: got %v; want %q", err, want)
	}
	pl = &Planner{Manifest: testManifest(true), Root: "/", Sources: sources}
	_, diags, err := pl.Plan(protocol.BuildRequest{Kind: protocol.Builtin, Files: []protocol.File{{Name: "thread.go", Text: "package programs\n\nimport \"os/exec\"\n"}}})
	want := []protocol.Diagnostic{{File: "thread.go", Line: 3, Col: 8, Msg: `import "os/exec" is not allowed: it starts other programs, and a page has none`}}
	if err != nil || !slices.Equal(diags, want) {
		t.Errorf("an edit importing os/exec: got %v, %v; want %v", diags, err, want)
	}
}

func TestPlanArgvLimit(t *testing.T) {
	pl := &Planner{Manifest: testManifest(true), Root: "/"}
	longName := func(i int) string {
		return strings.Repeat("x", 94) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".go"
	}
	// The longest request the limits let through fits the window.
	req := plain()
	for i := range MaxFiles {
		req.Files = append(req.Files, protocol.File{Name: longName(i), Text: "package main\n"})
	}
	req.Files[0].Text = hello
	if _, _, err := pl.Plan(req); err != nil {
		t.Errorf("the largest request the file limits allow: %v", err)
	}
	// Past the window, the plan is refused rather than the tool crashing.
	var names []string
	for i := range 100 {
		names = append(names, longName(i))
	}
	err := pl.compileStep(&Plan{}, "main", "main", "/src/main", "", "go1.26", names, nil, nil, nil)
	if err == nil || !IsRequestError(err) || !strings.Contains(err.Error(), "over its limit of 8 kB") {
		t.Errorf("got %v; want the command line refused as too long", err)
	}
}

func TestArgvSize(t *testing.T) {
	// wasm_exec.js: each string NUL-terminated and padded to 8, then a
	// pointer of 8 per string and one 0 pointer after argv and after env.
	if got, want := ArgvSize("compile", []string{"-o", "/b/main.a"}), 8+8+16+3*8+16; got != want {
		t.Errorf("got %d; want %d", got, want)
	}
}
