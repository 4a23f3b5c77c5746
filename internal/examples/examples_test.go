package examples

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/examples/programs"
	"github.com/goroutine-playground/playground/internal/runner"
)

func TestOrder(t *testing.T) {
	want := []string{"thread", "start", "group", "server", "client", "clients", "pool",
		"names", "alive", "join", "daemon", "func", "many", "responsive", "overlap", "panic", "deadlock", "spin"}
	var got []string
	for _, e := range All() {
		got = append(got, e.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("All() = %v; want %v", got, want)
	}
	if _, ok := Lookup("pool"); !ok {
		t.Error(`Lookup("pool") found nothing`)
	}
	if e, ok := Lookup("nope"); ok {
		t.Errorf(`Lookup("nope") = %v`, e.Name)
	}
}

// TestDocIsTheLesson checks, with go/parser, that each example's title and
// lesson are exactly the doc comment of the function registered as its
// main, in the very file that was embedded.
func TestDocIsTheLesson(t *testing.T) {
	for _, e := range All() {
		t.Run(e.Name, func(t *testing.T) {
			if e.Title == "" || e.Lesson == "" {
				t.Fatalf("title %q, lesson %q: want both", e.Title, e.Lesson)
			}
			if strings.ContainsAny(e.Title, "\n") || strings.HasSuffix(e.Title, ".") {
				t.Errorf("title %q: want one line with no final period", e.Title)
			}
			if len(e.Title) > 72 {
				t.Errorf("title %q is %d bytes long; want at most 72 for the list", e.Title, len(e.Title))
			}
			if runtime.GOOS != "js" {
				disk, err := os.ReadFile(filepath.Join("programs", e.File))
				if err != nil {
					t.Fatal(err)
				}
				if string(disk) != e.Source {
					t.Errorf("the embedded %s differs from the file", e.File)
				}
			}
			f, err := parser.ParseFile(token.NewFileSet(), e.File, e.Source, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			name := funcName(programs.Main(e.Name))
			if name != e.Name+"Main" {
				t.Fatalf("the program runs %q; want %sMain, whose doc comment is its title and lesson", name, e.Name)
			}
			var doc *ast.CommentGroup
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
					doc = fd.Doc
				}
			}
			if doc == nil {
				t.Fatalf("%s has no documented func %s", e.File, name)
			}
			if got, want := e.Title+"\n\n"+e.Lesson+"\n", doc.Text(); got != want {
				t.Errorf("title and lesson:\n%s\nwant the doc comment of %s:\n%s", got, name, want)
			}
			for _, l := range strings.Split(e.Lesson, "\n") {
				if len(l) > 76 {
					t.Errorf("lesson line is %d bytes long; want at most 76: %q", len(l), l)
				}
			}
		})
	}
}

// funcName returns the bare name of the function f, "poolMain", from the
// runtime's symbol table, so that the registry cannot show one function's
// lesson and run another.
func funcName(f runner.Main) string {
	if f == nil {
		return ""
	}
	fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
	if fn == nil {
		return ""
	}
	name := fn.Name()
	return name[strings.LastIndexByte(name, '.')+1:]
}

// TestPrograms checks that an engine finds every program with its main
// and knobs, and nothing for a name that is not a program's, or whose
// main is missing.
func TestPrograms(t *testing.T) {
	lookup := Programs(programs.Main)
	for _, e := range All() {
		m, knobs, ok := lookup(e.Name)
		if !ok || funcName(m) != e.Name+"Main" || !slices.Equal(knobs, e.Knobs) {
			t.Errorf("%s: got %q, %d knobs, %v; want %sMain, its %d knobs, true", e.Name, funcName(m), len(knobs), ok, e.Name, len(e.Knobs))
		}
	}
	for _, tc := range []struct {
		desc  string
		name  string
		mains func(string) runner.Main
	}{
		{"no such program", "nope", programs.Main},
		{"no name", "", programs.Main},
		{"names are exact", "Pool", programs.Main},
		{"a program whose main is gone", "pool", func(string) runner.Main { return nil }},
	} {
		if m, _, ok := Programs(tc.mains)(tc.name); ok || m != nil {
			t.Errorf("%s: %q found %q; want nothing", tc.desc, tc.name, funcName(m))
		}
	}
}

func TestDocOf(t *testing.T) {
	src := "package p\n\n// Not this.\nvar x int\n\n// Title\n//\n// Lesson one.\n//\n// Lesson two.\nfunc f() {}\n\nfunc g() {}\n"
	for _, tc := range []struct {
		name, title, lesson string
	}{
		{"f", "Title", "Lesson one.\n\nLesson two."},
		{"g", "", ""},
		{"h", "", ""},
		{"", "", ""},
	} {
		title, lesson := docOf(src, tc.name)
		if title != tc.title || lesson != tc.lesson {
			t.Errorf("docOf(%q) = %q, %q; want %q, %q", tc.name, title, lesson, tc.title, tc.lesson)
		}
	}
}

func TestKnobs(t *testing.T) {
	for _, e := range All() {
		n := len(e.Knobs)
		if n < 2 || e.Knobs[n-2] != runner.TimeScale || e.Knobs[n-1].Name != runner.Stall.Name {
			t.Errorf("%s: knobs %v do not end with the time scale and the stall", e.Name, e.Knobs)
		}
		seen := map[string]bool{}
		for _, k := range e.Knobs {
			if seen[k.Name] {
				t.Errorf("%s: two knobs called %s", e.Name, k.Name)
			}
			seen[k.Name] = true
			if k.Help == "" || k.Min > k.Default || k.Default > k.Max || (k.Bool && (k.Min != 0 || k.Max != 1)) {
				t.Errorf("%s: knob %+v is not well formed", e.Name, k)
			}
		}
	}
}

// TestBadKnobValues checks that a bad setting is refused with an error
// that names the knob and what it takes.
func TestBadKnobValues(t *testing.T) {
	for _, tc := range []struct {
		example, knob, value string
		want                 []string
	}{
		{"pool", "workers", "0", []string{"workers", "0", "[1, 100]"}},
		{"pool", "clients", "10001", []string{"clients", "[1, 10000]"}},
		{"server", "protocol", "6", []string{"protocol", "[0, 5]"}},
		{"group", "goroutines", "twenty", []string{"goroutines", "whole number"}},
		{"group", "unsafe", "2", []string{"unsafe", "0 (off) or 1 (on)"}},
		{"many", "goroutines", "99999999999999999999", []string{"goroutines", "out of range"}},
		{"spin", "spin", "-1", []string{"spin", "[10, 60000]"}},
		{"thread", "clients", "3", []string{"clients", "no such knob", "timescale"}},
		{"join", "timescale", "0", []string{"timescale", "[1, 1000]"}},
	} {
		e, _ := Lookup(tc.example)
		_, err := runner.Resolve(e.Knobs, map[string]string{tc.knob: tc.value})
		if err == nil {
			t.Errorf("%s -%s %s: no error", tc.example, tc.knob, tc.value)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s -%s %s: error %q does not mention %q", tc.example, tc.knob, tc.value, err, w)
			}
		}
	}
}
