package toolchain

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// subsetOfTexts is subsetOf on edited files given as text, parsed as
// checkImports parses them.
func subsetOfTexts(src *Sources, program string, edited map[string]string) (subset, []protocol.Diagnostic, bool) {
	var files []protocol.File
	for name, text := range edited {
		files = append(files, protocol.File{Name: name, Text: text})
	}
	p, _ := checkImports(files, src.Name, &Manifest{}, nil)
	return subsetOf(src, program, edited, p.whole)
}

// programsPackage reads the built-in programs' package as the bundle ships
// it: its files, and their declarations.
func programsPackage(t *testing.T) (*Sources, map[string]string) {
	t.Helper()
	dir := filepath.Join("..", "examples", "programs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := &Sources{Path: ProgramsPath, Name: "programs"}
	texts := map[string]string{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		src.Files = append(src.Files, e.Name())
		texts[e.Name()] = string(data)
	}
	if src.Decls, err = ScanSources(src.Files, texts); err != nil {
		t.Fatal(err)
	}
	return src, texts
}

func TestSubsetOfPrograms(t *testing.T) {
	src, texts := programsPackage(t)
	for _, f := range src.Files {
		if f == "programs.go" {
			continue
		}
		program := strings.TrimSuffix(f, ".go")
		sub, diags, ok := subsetOfTexts(src, program, map[string]string{f: texts[f] + "\n// edited\n"})
		if !ok || diags != nil {
			t.Errorf("%s: no subset (%v)", program, diags)
			continue
		}
		t.Logf("%s: %v, imports %v", program, sub.files, sub.imports)
		if !slices.Contains(sub.files, f) || sub.files[len(sub.files)-1] != GeneratedProgramsName || slices.Contains(sub.files, "programs.go") {
			t.Errorf("%s: files %v; want %s and the generated file, and not programs.go", program, sub.files, f)
		}
	}
}

// TestSubsetRules: a file is compiled when an included file names what it
// declares, when it declares methods on an included type, and always when
// it has an init or a blank declaration; an edited file's own declaration
// of a name does not pull in another file's.
func TestSubsetRules(t *testing.T) {
	texts := map[string]string{
		"a.go":    "package p\n\nfunc aMain() error { var x T; x.M(); return helper() }\n",
		"t.go":    "package p\n\ntype T struct{}\n",
		"m.go":    "package p\n\nimport \"fmt\"\n\nfunc (T) M() { fmt.Println(other) }\n",
		"o.go":    "package p\n\nvar other = 1\n",
		"h.go":    "package p\n\nfunc helper() error { return nil }\n",
		"i.go":    "package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc init() {}\n",
		"b.go":    "package p\n\nfunc bMain() error { return helper() }\n",
		"list.go": "package p\n\nvar mains = []any{aMain, bMain}\n",
	}
	src := &Sources{Path: "p", Name: "p", Files: []string{"a.go", "b.go", "h.go", "i.go", "list.go", "m.go", "o.go", "t.go"}}
	var err error
	if src.Decls, err = ScanSources(src.Files, texts); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		program, file, text string
		want                []string
	}{
		{"a", "a.go", texts["a.go"], []string{"a.go", "h.go", "i.go", "m.go", "o.go", "t.go", GeneratedProgramsName}},
		{"b", "b.go", texts["b.go"], []string{"b.go", "h.go", "i.go", GeneratedProgramsName}},
		// b declares its own helper: h.go is not needed.
		{"b", "b.go", "package p\n\nfunc bMain() error { return helper() }\n\nfunc helper() error { return nil }\n", []string{"b.go", "i.go", GeneratedProgramsName}},
		// b now names a local variable other, as o.go's: an extra file, no harm.
		{"b", "b.go", "package p\n\nfunc bMain() error { other := 2; _ = other; return nil }\n", []string{"b.go", "i.go", "o.go", GeneratedProgramsName}},
	} {
		sub, diags, ok := subsetOfTexts(src, tt.program, map[string]string{tt.file: tt.text})
		if !ok || diags != nil || !slices.Equal(sub.files, tt.want) {
			t.Errorf("%s edited to %q: %v %v %v; want %v", tt.program, tt.text, sub.files, diags, ok, tt.want)
		}
	}
	sub, _, _ := subsetOfTexts(src, "a", map[string]string{"a.go": texts["a.go"]})
	if want := []string{"fmt", RunnerPath, "sync"}; !slices.Equal(sub.imports, want) {
		t.Errorf("imports %v; want %v", sub.imports, want)
	}

	// The whole package is compiled where a subset cannot be chosen.
	for _, tt := range []struct{ what, program, text string }{
		{"no program named", "", texts["a.go"]},
		{"a program without a main of its name", "c", texts["a.go"]},
		{"a syntax error", "a", "package p\n\nfunc aMain( {\n"},
	} {
		if _, diags, ok := subsetOfTexts(src, tt.program, map[string]string{"a.go": tt.text}); ok || diags != nil {
			t.Errorf("%s: got a subset (%v); want the whole package", tt.what, diags)
		}
	}
	// The edit took the program's main away: the page says so.
	_, diags, ok := subsetOfTexts(src, "a", map[string]string{"a.go": "package p\n\nfunc renamed() error { return nil }\n"})
	if ok || len(diags) != 1 || diags[0].File != "a.go" || !strings.Contains(diags[0].Msg, "func aMain is gone") {
		t.Errorf("main taken away: %v %v; want one diagnostic naming aMain", diags, ok)
	}
	noDecls := *src
	noDecls.Decls = nil
	if _, _, ok := subsetOfTexts(&noDecls, "a", map[string]string{"a.go": texts["a.go"]}); ok {
		t.Errorf("a manifest without declarations: got a subset")
	}
}
