package toolchain

import (
	"errors"
	"go/format"
	"go/scanner"

	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// Format formats one file by gofmt's rules (go/format, the code gofmt
// itself uses). A file that does not parse comes back not OK, with its
// syntax errors as gofmt prints them, and its text untouched.
func Format(req protocol.FormatRequest) protocol.FormatResult {
	res := protocol.FormatResult{ID: req.ID}
	name := req.File.Name
	if name == "" {
		name = "prog.go"
	}
	if len(req.File.Text) > MaxSource {
		res.Output = "the file is " + sizeText(int64(len(req.File.Text))) + "; the limit is " + sizeText(MaxSource) + "\n"
		return res
	}
	out, err := format.Source([]byte(req.File.Text))
	if err == nil {
		res.OK, res.Text = true, string(out)
		return res
	}
	var list scanner.ErrorList
	if !errors.As(err, &list) {
		res.Output = name + ": " + err.Error() + "\n"
		return res
	}
	for _, e := range list {
		if len(res.Diagnostics) == protocol.MaxDiagnostics {
			break
		}
		d := protocol.Diagnostic{File: name, Line: e.Pos.Line, Col: e.Pos.Column, Msg: e.Msg}
		res.Diagnostics = append(res.Diagnostics, d)
		// gofmt prints the name as it was given, with no "./".
		res.Output += place(d)[2:] + ": " + d.Msg + "\n"
	}
	return res
}
