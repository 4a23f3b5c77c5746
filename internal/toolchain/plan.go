package toolchain

import (
	"encoding/json"
	"errors"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/goroutine-playground/playground/internal/toolchain/policy"
	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// Import paths the generated files use.
const (
	EnginePath = policy.Module + "/internal/engine"
	// ExamplesPath is the list of the built-in programs, with their knobs;
	// ProgramsPath is their code, the package an edit compiles again.
	ExamplesPath = policy.Module + "/internal/examples"
	ProgramsPath = ExamplesPath + "/programs"
	// RunnerPath is the runner, which the programs' generated file imports.
	RunnerPath = policy.Module + "/internal/runner"
)

// The tools a step runs.
const (
	ToolCompile = "compile"
	ToolLink    = "link"
)

// ArgvLimit is the room wasm_exec.js has for a tool's arguments and
// environment: bytes 4096 to 12288 of its linear memory. Every string takes
// its bytes, a NUL and padding to 8, plus 8 for its pointer.
const ArgvLimit = 8192

// Plan is how one build is carried out: the files it needs fetched, the
// files it writes, then the tool runs, one after another.
type Plan struct {
	Fetch  []Asset     // archives the steps read; present ones are not fetched again
	Write  []WriteFile // sources, generated files, import and embed configurations
	Steps  []Step
	Output string // the linked program, after the last step
}

// WriteFile is one file a plan writes before its steps run.
type WriteFile struct {
	Path string
	Data []byte
}

// Step is one run of a tool.
type Step struct {
	Tool    string   // ToolCompile or ToolLink
	Package string   // what it compiles ("main", an import path) or links
	Dir     string   // its working directory: file names in Args are relative to it
	Args    []string // after the tool's name
}

// Planner turns build requests into plans. Its file layout, under Root:
//
//	a/...        archives, as named in the manifest
//	s/...        source bundles, as named in the manifest
//	src/main/    the files of package main, and the generated one
//	src/NAME/    the files of a package compiled from source (programs)
//	b/           import and embed configurations, compiled packages, out.wasm
type Planner struct {
	Manifest *Manifest
	Root     string // "/" in the worker
	// Sources holds the files of the packages shipped as source, once
	// fetched: import path → file name → text. A Builtin request needs its
	// package here.
	Sources map[string]map[string]string
}

// AssetPath is where the planner expects asset a in the file system.
func (pl *Planner) AssetPath(a Asset) string { return path.Join(pl.Root, a.Name) }

func (pl *Planner) dir(elem ...string) string {
	return path.Join(append([]string{pl.Root}, elem...)...)
}

// HasEngine reports whether the manifest has the engine: without it a plain
// program is built as it is, with no runner around its main, and an edited
// built-in cannot be built at all.
func (pl *Planner) HasEngine() bool {
	_, ok := pl.Manifest.Package(EnginePath)
	return ok
}

// Plan plans the build of req. Problems in the user's code (a refused
// import, a wrong package clause) come back as diagnostics, with no plan; a
// request that cannot be built at all comes back as an error whose text is
// for the user (see [IsRequestError]).
func (pl *Planner) Plan(req protocol.BuildRequest) (*Plan, []protocol.Diagnostic, error) {
	if err := checkFiles(req.Files); err != nil {
		return nil, nil, err
	}
	switch req.Kind {
	case protocol.Plain:
		return pl.planPlain(req)
	case protocol.Builtin:
		return pl.planBuiltin(req)
	}
	return nil, nil, requestError("cannot build a request of kind " + req.Kind.String())
}

// IsRequestError reports whether err is a request refused as a whole, whose
// text the user should read (as opposed to a fault of the toolchain).
func IsRequestError(err error) bool {
	var re requestError
	return errors.As(err, &re)
}

func (pl *Planner) planPlain(req protocol.BuildRequest) (*Plan, []protocol.Diagnostic, error) {
	p, diags := checkImports(req.Files, "main", pl.Manifest, nil)
	if len(diags) > 0 {
		return nil, diags, nil
	}
	if !p.syntax && !p.hasMain {
		return nil, nil, requestError("runtime.main_main·f: function main is undeclared in the main package")
	}
	plan := &Plan{}
	srcDir := pl.dir("src", "main")
	var names []string
	for _, f := range req.Files {
		plan.Write = append(plan.Write, WriteFile{Path: path.Join(srcDir, f.Name), Data: []byte(f.Text)})
		names = append(names, f.Name)
	}
	imports := p.imports
	if pl.HasEngine() {
		plan.Write = append(plan.Write, WriteFile{Path: path.Join(srcDir, GeneratedName), Data: []byte(PlainMain(EnginePath))})
		names = append(names, GeneratedName)
		imports = append(slices.Clone(imports), EnginePath)
	}
	if err := pl.compileStep(plan, "main", "main", srcDir, "", pl.Manifest.Lang, names, imports, nil, nil); err != nil {
		return nil, nil, err
	}
	if err := pl.linkStep(plan, imports, nil); err != nil {
		return nil, nil, err
	}
	return plan, nil, nil
}

func (pl *Planner) planBuiltin(req protocol.BuildRequest) (*Plan, []protocol.Diagnostic, error) {
	if !pl.HasEngine() {
		return nil, nil, requestError("this site's toolchain was built without the playground's engine (" + EnginePath + "), so an edited built-in program cannot be built")
	}
	src, ok := pl.Manifest.SourcesOf(ProgramsPath)
	if !ok {
		return nil, nil, requestError("this site's toolchain has no sources of the built-in programs")
	}
	if _, ok := pl.Manifest.Package(ExamplesPath); !ok {
		return nil, nil, requestError("this site's toolchain has no list of the built-in programs (" + ExamplesPath + ")")
	}
	texts, err := pl.sourcesOf(src)
	if err != nil {
		return nil, nil, err
	}
	edited := map[string]string{}
	for _, f := range req.Files {
		if !slices.Contains(src.Files, f.Name) {
			return nil, nil, requestError("the built-in programs have no file " + f.Name + ": an edit replaces one of " + strings.Join(src.Files, ", "))
		}
		edited[f.Name] = f.Text
	}
	// Every Go file of the package is checked, not just the edited ones:
	// the package's imports are those of all its files.
	var files []protocol.File
	shipped := map[string]bool{}
	for _, name := range src.Files {
		text, ok := edited[name]
		if !ok {
			text, shipped[name] = texts[name], true
		}
		files = append(files, protocol.File{Name: name, Text: text})
	}
	p, diags := checkImports(files, src.Name, pl.Manifest, shipped)
	if len(diags) > 0 {
		return nil, diags, nil
	}
	// The packages that import the edited one were compiled against its
	// shipped form; the linker refuses to mix them with the new one
	// ("fingerprint mismatch"), so they are compiled again, from their
	// shipped sources, as the go command would.
	deps, err := pl.dependents(src.Path)
	if err != nil {
		return nil, nil, err
	}
	plan := &Plan{}
	b := &builtSet{out: map[string]string{}, imports: map[string][]string{}}
	withEdits := maps.Clone(texts)
	maps.Copy(withEdits, edited)
	names, imports, mainFunc := src.Files, p.imports, "Main"
	if len(deps) == 0 {
		sub, diags, ok := subsetOf(src, req.Program, edited, p.whole)
		if len(diags) > 0 {
			return nil, diags, nil
		}
		if ok {
			names, imports, mainFunc = sub.files, sub.imports, EditedMainFunc
			withEdits[GeneratedProgramsName] = EditedMain(src.Name, RunnerPath, req.Program, sub.main)
		}
	}
	if err := pl.compileSources(plan, src, withEdits, names, imports, b); err != nil {
		return nil, nil, err
	}
	for _, dep := range deps {
		texts, err := pl.sourcesOf(dep)
		if err != nil {
			return nil, nil, err
		}
		if err := pl.compileSources(plan, dep, texts, dep.Files, dep.Imports, b); err != nil {
			return nil, nil, err
		}
	}
	mainDir := pl.dir("src", "main")
	plan.Write = append(plan.Write, WriteFile{Path: path.Join(mainDir, GeneratedName), Data: []byte(BuiltinMain(EnginePath, ExamplesPath, src.Path, mainFunc))})
	mainImports := []string{EnginePath, ExamplesPath, src.Path}
	if err := pl.compileStep(plan, "main", "main", mainDir, "", pl.Manifest.Lang, []string{GeneratedName}, mainImports, nil, b.out); err != nil {
		return nil, nil, err
	}
	if err := pl.linkStep(plan, mainImports, b); err != nil {
		return nil, nil, err
	}
	return plan, nil, nil
}

// builtSet is what a plan compiles itself: each package's output and its
// imports, which the link needs in place of an archive's.
type builtSet struct {
	out     map[string]string
	imports map[string][]string
}

// sourcesOf returns the loaded files of a package shipped as source.
func (pl *Planner) sourcesOf(src *Sources) (map[string]string, error) {
	texts, ok := pl.Sources[src.Path]
	if !ok {
		return nil, errors.New("toolchain: the sources of " + src.Path + " are not loaded")
	}
	for _, name := range src.Files {
		if _, ok := texts[name]; !ok {
			return nil, errors.New("toolchain: the sources of " + src.Path + " lack " + name)
		}
	}
	return texts, nil
}

// dependents returns the packages that import p, directly or not, in the
// order to compile them (a package after those it imports). Each must be
// shipped as source.
func (pl *Planner) dependents(p string) ([]*Sources, error) {
	// reaches remembers whether a package reaches p: one walk of the import
	// graph, not one per package (the manifest lists some 300; in the
	// worker a walk per package took ~300 ms of a build's planning).
	reaches := map[string]bool{p: true}
	var missing error
	var reach func(q string) bool
	reach = func(q string) bool {
		if r, seen := reaches[q]; seen {
			return r
		}
		reaches[q] = false // imports have no cycles; this only ends one
		pkg, ok := pl.Manifest.Package(q)
		if !ok {
			missing = errors.New("toolchain: the manifest has no package " + q)
			return false
		}
		r := slices.ContainsFunc(pkg.Imports, reach)
		reaches[q] = r
		return r
	}
	var out []*Sources
	for _, pkg := range pl.Manifest.Packages {
		if pkg.Path == p || !reach(pkg.Path) {
			continue
		}
		src, ok := pl.Manifest.SourcesOf(pkg.Path)
		if !ok {
			return nil, errors.New("toolchain: " + pkg.Path + " imports " + p + " but is not shipped as source, so it cannot be compiled again with the edit")
		}
		out = append(out, src)
	}
	if missing != nil {
		return nil, missing
	}
	// A package comes after every package of out in its closure.
	slices.SortStableFunc(out, func(a, b *Sources) int {
		if pl.imports(b.Path, a.Path) {
			return -1
		}
		if pl.imports(a.Path, b.Path) {
			return 1
		}
		return 0
	})
	return out, nil
}

// imports reports whether package a reaches package b by its imports.
func (pl *Planner) imports(a, b string) bool {
	closure, err := pl.Manifest.Closure(a)
	return err == nil && a != b && slices.ContainsFunc(closure, func(c *Package) bool { return c.Path == b })
}

// compileSources adds the compilation of the files names of a package
// shipped as source, from texts (every file of its bundle, embedded ones
// too, and any generated one), in its own folder.
// Built with -trimpath, the precompiled package records its files as
// module path + folder; so does this one, so that a panic's trace reads
// the same either way.
func (pl *Planner) compileSources(plan *Plan, src *Sources, texts map[string]string, names, imports []string, b *builtSet) error {
	name := src.Name
	for _, out := range b.out {
		if out == pl.dir("b", name+".a") {
			name = strings.ReplaceAll(src.Path, "/", "_")
		}
	}
	dir := pl.dir("src", name)
	for _, f := range slices.Sorted(maps.Keys(texts)) {
		plan.Write = append(plan.Write, WriteFile{Path: path.Join(dir, f), Data: []byte(texts[f])})
	}
	embed, err := pl.embedConfig(src, name, dir)
	if err != nil {
		return err
	}
	if err := pl.compileStep(plan, name, src.Path, dir, src.Path, src.Lang, names, imports, embed, b.out); err != nil {
		return err
	}
	b.out[src.Path] = pl.dir("b", name+".a")
	b.imports[src.Path] = imports
	return nil
}

// embedConfig writes the package's -embedcfg: each pattern with its files,
// each file at its path in this build (the edited text where it was edited).
func (pl *Planner) embedConfig(src *Sources, name, dir string) (*WriteFile, error) {
	if len(src.Embed) == 0 {
		return nil, nil
	}
	cfg := struct {
		Patterns map[string][]string
		Files    map[string]string
	}{Patterns: src.Embed, Files: map[string]string{}}
	for _, files := range src.Embed {
		for _, f := range files {
			cfg.Files[f] = path.Join(dir, f)
		}
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	return &WriteFile{Path: pl.dir("b", name+".embedcfg"), Data: data}, nil
}

// compileStep adds the compilation of one package: its import
// configuration (its direct imports and runtime, as the go command writes
// it; built maps the packages this plan compiles to their outputs) and the
// compiler's arguments, those of the go command.
func (pl *Planner) compileStep(plan *Plan, name, pkgPath, dir, trimTo, lang string, files, imports []string, embed *WriteFile, built map[string]string) error {
	cfg := pl.dir("b", name+".importcfg")
	var b strings.Builder
	b.WriteString("# import config\n")
	for _, imp := range append(slices.Clone(imports), "runtime") {
		if out, ok := built[imp]; ok {
			b.WriteString("packagefile " + imp + "=" + out + "\n")
			continue
		}
		pkg, ok := pl.Manifest.Package(imp)
		if !ok {
			return errors.New("toolchain: the manifest has no package " + imp)
		}
		plan.addFetch(pkg.Asset)
		b.WriteString("packagefile " + imp + "=" + pl.AssetPath(pkg.Asset) + "\n")
	}
	plan.Write = append(plan.Write, WriteFile{Path: cfg, Data: []byte(b.String())})
	out := pl.dir("b", name+".a")
	args := []string{
		"-o", out,
		"-trimpath", dir + "=>" + trimTo,
		"-p", pkgPath,
		"-lang=" + lang,
		"-complete",
		"-dwarf=false",
		"-goversion", pl.Manifest.Go,
		"-c=1", // wasm has one thread
		"-nolocalimports",
		"-importcfg", cfg,
	}
	if embed != nil {
		plan.Write = append(plan.Write, *embed)
		args = append(args, "-embedcfg", embed.Path)
	}
	args = append(args, "-pack")
	for _, f := range files {
		args = append(args, "./"+f)
	}
	if n := ArgvSize(ToolCompile, args); n > ArgvLimit {
		return requestError("the compiler's command line would be " + sizeText(int64(n)) + ", over its limit of " + sizeText(ArgvLimit) + ": use fewer files or shorter names")
	}
	plan.Steps = append(plan.Steps, Step{Tool: ToolCompile, Package: pkgPath, Dir: dir, Args: args})
	return nil
}

// linkStep adds the link of b/main.a: its import configuration lists every
// package the program reaches from roots, main's imports (and runtime,
// which every program has): the packages the plan compiles itself (b, may
// be nil) from their outputs, the rest from their archives.
func (pl *Planner) linkStep(plan *Plan, roots []string, b *builtSet) error {
	if b == nil {
		b = &builtSet{}
	}
	lines := map[string]string{}
	var visit func(p string) error
	visit = func(p string) error {
		if _, seen := lines[p]; seen {
			return nil
		}
		if out, ok := b.out[p]; ok {
			lines[p] = out
			for _, imp := range b.imports[p] {
				if err := visit(imp); err != nil {
					return err
				}
			}
			return nil
		}
		pkg, ok := pl.Manifest.Package(p)
		if !ok {
			return errors.New("toolchain: the manifest has no package " + p)
		}
		lines[p] = pl.AssetPath(pkg.Asset)
		plan.addFetch(pkg.Asset)
		for _, imp := range pkg.Imports {
			if err := visit(imp); err != nil {
				return err
			}
		}
		return nil
	}
	for _, r := range append(slices.Clone(roots), "runtime") {
		if err := visit(r); err != nil {
			return err
		}
	}
	cfg := pl.dir("b", "link.importcfg")
	var sb strings.Builder
	sb.WriteString("# import config\n")
	for _, p := range slices.Sorted(maps.Keys(lines)) {
		sb.WriteString("packagefile " + p + "=" + lines[p] + "\n")
	}
	plan.Write = append(plan.Write, WriteFile{Path: cfg, Data: []byte(sb.String())})
	plan.Output = pl.dir("b", "out.wasm")
	args := []string{"-o", plan.Output, "-importcfg", cfg, "-buildmode=exe", "-s", "-w", pl.dir("b", "main.a")}
	plan.Steps = append(plan.Steps, Step{Tool: ToolLink, Package: "main", Dir: pl.dir("b"), Args: args})
	return nil
}

func (p *Plan) addFetch(a Asset) {
	if !slices.Contains(p.Fetch, a) {
		p.Fetch = append(p.Fetch, a)
	}
}

// ArgvSize is how much of wasm_exec.js's argument window a run of tool
// with args (and an empty environment) takes.
func ArgvSize(tool string, args []string) int {
	n := 0
	for _, s := range append([]string{tool}, args...) {
		n += (len(s) + 1 + 7) &^ 7
		n += 8
	}
	return n + 2*8 // the NULs that end argv and the environment
}
