package highlight

import (
	"go/scanner"
	"go/token"
)

// Scan returns the spans of the Go source src, in order. Source that does
// not scan (a stray character) is still coloured as far as it goes.
func Scan(src string) []Span {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var spans []Span
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return spans
		}
		var c Class
		switch {
		case tok == token.COMMENT:
			c = Comment
		case tok.IsKeyword():
			c = Keyword
		case tok == token.STRING || tok == token.CHAR:
			c = String
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			c = Number
		case tok == token.IDENT && predeclared[lit]:
			c = Builtin
		default:
			continue
		}
		start := file.Offset(pos)
		end := start + len(lit)
		if tok.IsKeyword() {
			end = start + len(tok.String())
		}
		spans = append(spans, Span{Start: start, End: end, Class: c})
	}
}

// predeclared holds the names of Go's universe block.
var predeclared = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true, "uint8": true,
	"uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"true": true, "false": true, "iota": true, "nil": true,
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true,
	"panic": true, "print": true, "println": true, "real": true, "recover": true,
}
