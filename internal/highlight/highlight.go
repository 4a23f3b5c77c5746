// Package highlight colours Go source for the playground page's editor,
// as it is typed.
//
// [Scan] reads a file with go/scanner, the standard library's own Go
// scanner, and returns its [Span]s: the comments, keywords, literals and
// predeclared names, in order. It takes every text, even one that does not
// scan (a stray character, an unterminated string), and colours it as far
// as it goes. In the page's binary go/scanner weighs about 33 KB of gzip;
// a table of spans made at build time (what the page used before it had
// an editor) cannot colour what the reader types.
package highlight

// Class says how a span of source is shown.
type Class uint8

// The classes. Plain text between spans has no span.
const (
	Comment Class = iota + 1
	Keyword
	String // string and rune literals
	Number
	Builtin // predeclared names: int, len, nil, true, ...
	numClasses
)

var classNames = [...]string{Comment: "c", Keyword: "k", String: "s", Number: "n", Builtin: "b"}

// Name returns the class's short name, used as a CSS class: "c", "k", "s",
// "n" or "b".
func (c Class) Name() string {
	if c > 0 && c < numClasses {
		return classNames[c]
	}
	return ""
}

// Span is a run of source, bytes [Start, End), of one class.
type Span struct {
	Start, End int
	Class      Class
}
