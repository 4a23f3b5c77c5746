package toolchain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/goroutine-playground/playground/internal/toolchain/policy"
	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// Limits on what a build request may hold (see protocol): they keep one
// request from filling the worker's memory.
const (
	MaxSource = protocol.MaxSource
	MaxFiles  = protocol.MaxFiles
)

// validFileName accepts what the go command would compile from a package
// folder: a name ending in .go, not a test, not starting with "_" or "."
// (which the go command ignores), of letters, digits, "_", "-" and ".".
func validFileName(name string) bool {
	if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || len(name) > 100 {
		return false
	}
	if name == ".go" || name[0] == '_' || name[0] == '.' || name[0] == '-' {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// requestError is a request the toolchain refuses as a whole (too big, a
// bad file name): it fails the build with this one line as its output.
type requestError string

func (e requestError) Error() string { return string(e) }

// checkFiles checks the files' names and sizes.
func checkFiles(files []protocol.File) error {
	if len(files) == 0 {
		return requestError("there is nothing to build: the request has no files")
	}
	if len(files) > MaxFiles {
		return requestError("a program may have at most " + strconv.Itoa(MaxFiles) + " files; this one has " + strconv.Itoa(len(files)))
	}
	size := 0
	seen := map[string]bool{}
	for _, f := range files {
		if !validFileName(f.Name) {
			return requestError("cannot build a file named " + strconv.Quote(f.Name) +
				": a name ends in .go, is not a _test.go file, does not start with _ or . and has only letters, digits, _, - and .")
		}
		if seen[f.Name] {
			return requestError("the file " + f.Name + " is there twice")
		}
		seen[f.Name] = true
		size += len(f.Text)
	}
	if size > MaxSource {
		return requestError("the program is " + sizeText(int64(size)) + " of source; the limit is " + sizeText(MaxSource))
	}
	return nil
}

// refusedDirectives are the compiler directives that would let a program
// around the import policy: the compiler accepts //go:wasmimport in any
// package, and a wasm import of Go's own "gojs" module reaches the page's
// JavaScript as syscall/js does. //go:linkname needs import "unsafe",
// refused already; it gets its own message all the same.
var refusedDirectives = []struct{ name, why string }{
	{"//go:wasmimport", "it calls the page's JavaScript directly"},
	{"//go:wasmexport", "it exposes the program to the page's JavaScript"},
	{"//go:linkname", "it reaches into other packages' private code"},
}

// parsed is what checkImports learned from the files of one package.
type parsed struct {
	imports []string // sorted, each once
	hasMain bool     // a func main without receiver is declared
	syntax  bool     // some file did not parse: leave the errors to the compiler
	// whole holds the files read in full (not shipped) that parsed: the
	// planner reads an edited built-in's declarations from them.
	whole map[string]*ast.File
}

// checkImports parses the files of one package and checks their package
// clause against pkg and each import against the policy and the manifest.
// It returns one diagnostic per problem, at the import's path, in the
// words of [policy.Message]. A file that does not parse is left to the
// compiler, whose words for syntax errors are the ones users know.
//
// Of the files that shipped names, the package's own as shipped, only the
// package clause and imports are read: they were compiled at the site
// build, and parsing the programs' ~20 files in full was most of an edited
// built-in's planning in the worker.
func checkImports(files []protocol.File, pkg string, m *Manifest, shipped map[string]bool) (parsed, []protocol.Diagnostic) {
	var p parsed
	var diags []protocol.Diagnostic
	fset := token.NewFileSet()
	for _, f := range files {
		mode := parser.SkipObjectResolution | parser.ParseComments
		if shipped[f.Name] {
			mode = parser.SkipObjectResolution | parser.ImportsOnly
		}
		af, err := parser.ParseFile(fset, f.Name, f.Text, mode)
		if err != nil {
			p.syntax = true
		} else if !shipped[f.Name] {
			if p.whole == nil {
				p.whole = map[string]*ast.File{}
			}
			p.whole[f.Name] = af
		}
		if af == nil {
			continue
		}
		if af.Name != nil && af.Name.Name != "_" && af.Name.Name != pkg && err == nil {
			pos := fset.Position(af.Name.Pos())
			diags = append(diags, protocol.Diagnostic{File: f.Name, Line: pos.Line, Col: pos.Column,
				Msg: "package " + af.Name.Name + "; expected package " + pkg})
		}
		for _, spec := range af.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue // the compiler says what is wrong with it
			}
			msg := policy.Message(path)
			if msg == "" {
				if _, ok := m.Package(path); !ok {
					msg = policy.NotAvailable(path)
				}
			}
			if msg != "" {
				pos := fset.Position(spec.Path.Pos())
				diags = append(diags, protocol.Diagnostic{File: f.Name, Line: pos.Line, Col: pos.Column, Msg: msg})
				continue
			}
			if !slices.Contains(p.imports, path) {
				p.imports = append(p.imports, path)
			}
		}
		for _, cg := range af.Comments {
			for _, c := range cg.List {
				for _, dir := range refusedDirectives {
					if c.Text == dir.name || strings.HasPrefix(c.Text, dir.name+" ") {
						pos := fset.Position(c.Pos())
						diags = append(diags, protocol.Diagnostic{File: f.Name, Line: pos.Line, Col: pos.Column,
							Msg: dir.name + " is not allowed: " + dir.why})
					}
				}
			}
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
				p.hasMain = true
			}
		}
	}
	slices.Sort(p.imports)
	return p, diags
}

// sizeText is a byte count for people: "13.8 MB", "640 kB", "12 B".
func sizeText(n int64) string {
	switch {
	case n >= 1e6:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	case n >= 1e3:
		return strconv.FormatInt((n+500)/1e3, 10) + " kB"
	}
	return strconv.FormatInt(n, 10) + " B"
}
