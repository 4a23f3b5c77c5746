// Package highlight colours Go source for the playground page at build
// time, so the page downloads no highlighter and runs none.
//
// # How
//
// [Scan] reads a file with go/scanner and returns its [Span]s: the
// comments, keywords, literals and predeclared names, in order. A
// generator (the test of this package, run with -update) scans every
// program of internal/examples and writes their spans, compactly encoded,
// to table.go; [Lookup] decodes them for the page. The test fails when
// table.go no longer matches the sources, so the colours cannot drift
// from the text that runs.
//
// # Weight
//
// The page's binary links [Lookup] and [Decode] but not [Scan]: the
// linker drops go/scanner's code, since nothing the page calls reaches it.
package highlight

import (
	"encoding/binary"
	"errors"
)

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

// Encode writes spans, in order and not overlapping, for a source of size
// bytes: the size, then for each span the gap since the previous span's
// end and its length times 8 plus its class, as uvarints.
func Encode(spans []Span, size int) []byte {
	b := binary.AppendUvarint(nil, uint64(size))
	end := 0
	for _, s := range spans {
		b = binary.AppendUvarint(b, uint64(s.Start-end))
		b = binary.AppendUvarint(b, uint64(s.End-s.Start)<<3|uint64(s.Class))
		end = s.End
	}
	return b
}

// ErrStale is returned by Decode when the spans were made for another
// version of the source.
var ErrStale = errors.New("highlight: the spans do not fit the source")

// Decode reads what Encode wrote for a source of size bytes.
func Decode(enc string, size int) ([]Span, error) {
	b := []byte(enc)
	n, k := binary.Uvarint(b)
	if k <= 0 || n != uint64(size) {
		return nil, ErrStale
	}
	b = b[k:]
	var spans []Span
	end := 0
	for len(b) > 0 {
		gap, k1 := binary.Uvarint(b)
		if k1 <= 0 {
			return nil, ErrStale
		}
		lc, k2 := binary.Uvarint(b[k1:])
		if k2 <= 0 {
			return nil, ErrStale
		}
		b = b[k1+k2:]
		s := Span{Start: end + int(gap), Class: Class(lc & 7)}
		s.End = s.Start + int(lc>>3)
		if gap > uint64(size) || lc>>3 > uint64(size) || s.End > size || s.Class == 0 || s.Class >= numClasses {
			return nil, ErrStale
		}
		spans = append(spans, s)
		end = s.End
	}
	return spans, nil
}

// Lookup returns the spans of the program file called name (such as
// "pool.go"), whose text is src. It reports false when the table has no
// spans for it or they were made for another text.
func Lookup(name, src string) ([]Span, bool) {
	enc, ok := table[name]
	if !ok {
		return nil, false
	}
	spans, err := Decode(enc, len(src))
	return spans, err == nil
}
