package toolchain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strconv"

	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// An edited built-in program is compiled with only the files of the
// programs package it needs: its own file, and the files that declare
// what it uses, and so on. The programs build on one another (pool starts
// clients.go's clients and serves with server.go's handler), but thread.go
// needs nothing of pool.go: compiling all eighteen files took 1.3 s of
// compile.wasm's time, the few a program needs a tenth of that, and what
// the others import (the pickle package, math/big...) is not linked.
//
// Which file declares what is found by name, not by type checking: a file
// that mentions a name another file declares at the top level needs that
// file, and a file that declares a type needs the files declaring methods on
// it. A local variable that happens to share a top-level name only adds a
// file to compile; nothing the program uses can be left out.

// FileDecls is what the planner knows of one file of a package shipped as
// source, read when the site is built so that the worker need not parse
// the files it does not change.
type FileDecls struct {
	Names   []string `json:"names,omitempty"`   // top-level names it declares, methods aside
	Recvs   []string `json:"recvs,omitempty"`   // the types it declares methods on
	Uses    []string `json:"uses,omitempty"`    // the names it mentions, not its own (of a shipped file, those the package's other files declare)
	Imports []string `json:"imports,omitempty"` // its import paths
	// Keep is set for a file with an init function or a top-level blank
	// declaration (var _ = f()): what it does is not asked for by name, so
	// it is always compiled.
	Keep bool `json:"keep,omitempty"`
}

// ScanSources reads the Go files of a package (names in files, texts in
// texts) for [Sources.Decls]. A file that does not parse is an error: the
// package ships as it compiles.
func ScanSources(files []string, texts map[string]string) (map[string]FileDecls, error) {
	out := map[string]FileDecls{}
	fset := token.NewFileSet()
	for _, name := range files {
		af, err := parser.ParseFile(fset, name, texts[name], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		out[name] = scanFile(af)
	}
	// A shipped file's uses are kept to the names some other file of the
	// package declares (scanFile dropped its own): the rest cannot pull a
	// file in.
	declared := map[string]bool{}
	for _, d := range out {
		for _, n := range d.Names {
			declared[n] = true
		}
	}
	for name, d := range out {
		d.Uses = slices.DeleteFunc(d.Uses, func(u string) bool { return !declared[u] })
		out[name] = d
	}
	return out, nil
}

// scanFile reads one parsed file's declarations, receivers, identifiers
// and imports.
func scanFile(af *ast.File) FileDecls {
	var d FileDecls
	for _, spec := range af.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil {
			d.Imports = append(d.Imports, p)
		}
	}
	name := func(id *ast.Ident) {
		switch id.Name {
		case "_":
			d.Keep = true
		case "init":
			// init may be declared many times, and is never a use.
		default:
			d.Names = append(d.Names, id.Name)
		}
	}
	for _, decl := range af.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			if decl.Recv == nil {
				if decl.Name.Name == "init" {
					d.Keep = true
				}
				name(decl.Name)
				continue
			}
			if len(decl.Recv.List) > 0 {
				if t := recvType(decl.Recv.List[0].Type); t != "" {
					d.Recvs = append(d.Recvs, t)
				}
			}
		case *ast.GenDecl:
			for _, spec := range decl.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					name(spec.Name)
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						name(id)
					}
				}
			}
		}
	}
	for _, decl := range af.Decls {
		ast.Inspect(decl, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				d.Uses = append(d.Uses, id.Name)
			}
			return true
		})
	}
	for _, s := range []*[]string{&d.Names, &d.Recvs, &d.Uses, &d.Imports} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
	// Its own names are not uses: another file's of that name is not this
	// one's.
	d.Uses = slices.DeleteFunc(d.Uses, func(u string) bool { _, own := slices.BinarySearch(d.Names, u); return own })
	return d
}

// recvType is the name of a method's receiver type: T of T, *T, T[K] and
// *T[K].
func recvType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// neededFiles returns the files of decls that roots need, roots and files
// marked Keep among them, in the order of order.
func neededFiles(decls map[string]FileDecls, order, roots []string) []string {
	declared := map[string][]string{}
	methods := map[string][]string{}
	for _, f := range slices.Sorted(maps.Keys(decls)) {
		for _, n := range decls[f].Names {
			declared[n] = append(declared[n], f)
		}
		for _, t := range decls[f].Recvs {
			methods[t] = append(methods[t], f)
		}
	}
	in := map[string]bool{}
	var queue []string
	add := func(f string) {
		if !in[f] {
			in[f] = true
			queue = append(queue, f)
		}
	}
	for _, f := range roots {
		add(f)
	}
	for _, f := range order {
		if decls[f].Keep {
			add(f)
		}
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		d := decls[f]
		for _, u := range d.Uses {
			for _, g := range declared[u] {
				add(g)
			}
		}
		for _, n := range d.Names {
			for _, g := range methods[n] {
				add(g)
			}
		}
	}
	var out []string
	for _, f := range order {
		if in[f] {
			out = append(out, f)
		}
	}
	return out
}

// subset is the part of a package an edited program is compiled with.
type subset struct {
	files   []string // in the package's order, the generated file last
	imports []string
	main    string // the program's main function
}

// subsetOf chooses the files of src that program, edited as edited says,
// needs: the edited files, the generated one ([EditedMain]) and what they
// need. whole holds the edited files as checkImports parsed them. It
// returns ok false where the whole package is to be compiled: a manifest
// without the files' declarations, a request that names no program, a
// program whose shipped files do not declare NAMEMain (the programs
// package's rule), or an edited file that does not parse (the compiler
// says what is wrong, as it says it for the whole package). A program
// whose main function the edit took away is a diagnostic.
func subsetOf(src *Sources, program string, edited map[string]string, whole map[string]*ast.File) (subset, []protocol.Diagnostic, bool) {
	mainFunc := program + "Main"
	if src.Decls == nil || program == "" || slices.Contains(src.Files, GeneratedProgramsName) {
		return subset{}, nil, false
	}
	home := ""
	for _, f := range src.Files {
		if slices.Contains(src.Decls[f].Names, mainFunc) {
			home = f
		}
	}
	if home == "" {
		return subset{}, nil, false
	}
	decls := maps.Clone(src.Decls)
	roots := slices.Sorted(maps.Keys(edited))
	for _, name := range roots {
		af, ok := whole[name]
		if !ok {
			return subset{}, nil, false
		}
		decls[name] = scanFile(af)
	}
	if !slices.ContainsFunc(src.Files, func(f string) bool { return slices.Contains(decls[f].Names, mainFunc) }) {
		return subset{}, []protocol.Diagnostic{{File: home, Line: 1, Col: 1,
			Msg: "func " + mainFunc + " is gone: the playground starts the program " + program + " by calling " + mainFunc + "(ctx, env)"}}, false
	}
	decls[GeneratedProgramsName] = FileDecls{Names: []string{EditedMainFunc}, Uses: []string{mainFunc}, Imports: []string{RunnerPath}}
	order := append(slices.Clone(src.Files), GeneratedProgramsName)
	s := subset{files: neededFiles(decls, order, append(roots, GeneratedProgramsName)), main: mainFunc}
	for _, f := range s.files {
		s.imports = append(s.imports, decls[f].Imports...)
	}
	slices.Sort(s.imports)
	s.imports = slices.Compact(s.imports)
	return s, nil, true
}
