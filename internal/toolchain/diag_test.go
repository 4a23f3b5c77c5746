package toolchain

import (
	"slices"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

func TestParseDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want []protocol.Diagnostic
	}{
		{"none", "", nil},
		{
			name: "one",
			out:  "./prog.go:12:5: undefined: x\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 12, Col: 5, Msg: "undefined: x"}},
		},
		{
			name: "detail lines",
			out: "./prog.go:8:9: cannot use s (variable of type string) as int value in return statement\n" +
				"./prog.go:10:7: impossible type assertion: x.(T)\n\tT does not implement I (missing method M)\n" +
				"./thread.go:3:1: syntax error: non-declaration statement outside function body\n",
			want: []protocol.Diagnostic{
				{File: "prog.go", Line: 8, Col: 9, Msg: "cannot use s (variable of type string) as int value in return statement"},
				{File: "prog.go", Line: 10, Col: 7, Msg: "impossible type assertion: x.(T)\n\tT does not implement I (missing method M)"},
				{File: "thread.go", Line: 3, Col: 1, Msg: "syntax error: non-declaration statement outside function body"},
			},
		},
		{
			name: "too many errors is not one",
			out:  "./prog.go:1:1: a\n./prog.go:2:1: too many errors\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 1, Col: 1, Msg: "a"}},
		},
		{
			name: "no column",
			out:  "prog.go:4: something\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 4, Msg: "something"}},
		},
		{
			name: "not places",
			out:  "compile: cannot open file x\npanic: runtime error\n\tgoroutine 1\nfatal error: out of memory\n",
		},
		{
			name: "windows line ends",
			out:  "./prog.go:1:2: x\r\n",
			want: []protocol.Diagnostic{{File: "prog.go", Line: 1, Col: 2, Msg: "x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseDiagnostics(tt.out); !slices.Equal(got, tt.want) {
				t.Errorf("got %+v;\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseDiagnosticsLimit(t *testing.T) {
	out := strings.Repeat("./prog.go:1:1: x\n", protocol.MaxDiagnostics+5)
	if got := len(ParseDiagnostics(out)); got != protocol.MaxDiagnostics {
		t.Errorf("got %d diagnostics; want %d", got, protocol.MaxDiagnostics)
	}
}

func TestFormatDiagnostics(t *testing.T) {
	ds := []protocol.Diagnostic{{File: "prog.go", Line: 3, Col: 8, Msg: "a"}, {File: "b.go", Line: 1, Msg: "b"}}
	if got, want := FormatDiagnostics(ds), "./prog.go:3:8: a\n./b.go:1: b\n"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if got := ParseDiagnostics(FormatDiagnostics(ds)); !slices.Equal(got, ds) {
		t.Errorf("round trip: got %+v; want %+v", got, ds)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		file protocol.File
		want protocol.FormatResult
	}{
		{
			name: "formats",
			file: protocol.File{Name: "prog.go", Text: "package main\nimport \"fmt\"\nfunc main(){fmt.Println( 1 )}"},
			want: protocol.FormatResult{ID: 4, OK: true, Text: "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"},
		},
		{
			name: "syntax error",
			file: protocol.File{Name: "prog.go", Text: "package main\n\nfunc main() {\n\tx :=\n}\n"},
			want: protocol.FormatResult{ID: 4, Diagnostics: []protocol.Diagnostic{{File: "prog.go", Line: 5, Col: 1, Msg: "expected operand, found '}'"}},
				Output: "prog.go:5:1: expected operand, found '}'\n"},
		},
		{
			name: "no name",
			file: protocol.File{Text: "package"},
			want: protocol.FormatResult{ID: 4, Diagnostics: []protocol.Diagnostic{{File: "prog.go", Line: 1, Col: 8, Msg: "expected 'IDENT', found 'EOF'"}},
				Output: "prog.go:1:8: expected 'IDENT', found 'EOF'\n"},
		},
		{
			name: "too big",
			file: protocol.File{Name: "prog.go", Text: strings.Repeat(" ", MaxSource+1)},
			want: protocol.FormatResult{ID: 4, Output: "the file is 1.0 MB; the limit is 1.0 MB\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Format(protocol.FormatRequest{ID: 4, File: tt.file})
			if got.ID != tt.want.ID || got.OK != tt.want.OK || got.Text != tt.want.Text || got.Output != tt.want.Output || !slices.Equal(got.Diagnostics, tt.want.Diagnostics) {
				t.Errorf("got %+v;\nwant %+v", got, tt.want)
			}
		})
	}
}
