package pickle

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Repr returns Python's repr of a value of the kinds Decode returns (and
// Encode takes): Repr([]any{int64(1), int64(2)}) is "[1, 2]". Strings and
// bytes are quoted and escaped as Python quotes them, floats are written as
// Python's shortest repr, Tuple{int64(1)} is "(1,)". Bytes of a string that
// are not UTF-8 (a Python 2 str may hold any) are written as \xNN escapes.
// A value nested deeper than 1000 levels is cut short with "...".
func Repr(v any) string {
	return string(appendRepr(nil, v, 0))
}

func appendRepr(b []byte, v any, depth int) []byte {
	if depth > maxEncodeDepth {
		return append(b, "..."...)
	}
	switch v := v.(type) {
	case nil:
		return append(b, "None"...)
	case bool:
		if v {
			return append(b, "True"...)
		}
		return append(b, "False"...)
	case float64:
		return append(b, floatRepr(v)...)
	case float32:
		return append(b, floatRepr(float64(v))...)
	case string:
		return appendStrRepr(b, v)
	case []byte:
		return appendBytesRepr(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendRepr(b, e, depth+1)
		}
		return append(b, ']')
	case Tuple:
		b = append(b, '(')
		for i, e := range v {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendRepr(b, e, depth+1)
		}
		if len(v) == 1 {
			b = append(b, ',')
		}
		return append(b, ')')
	case Dict:
		return appendDictRepr(b, v, depth)
	case []Item:
		return appendDictRepr(b, v, depth)
	}
	i, bi, ok := asInt(v)
	switch {
	case ok && bi != nil:
		return bi.Append(b, 10)
	case ok:
		return strconv.AppendInt(b, i, 10)
	}
	if _, isBig := v.(*big.Int); isBig {
		return append(b, "<nil *big.Int>"...)
	}
	return append(b, fmt.Sprintf("<unsupported Go type %T>", v)...)
}

func appendDictRepr(b []byte, d []Item, depth int) []byte {
	b = append(b, '{')
	for i, it := range d {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendRepr(b, it.Key, depth+1)
		b = append(b, ": "...)
		b = appendRepr(b, it.Value, depth+1)
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendStrRepr quotes s as Python's str.__repr__ does: single quotes
// unless s has a single quote and no double quote; printable characters
// (strconv.IsPrint, which is unicode.IsPrint with smaller tables for the
// wasm binary, matches Python's str.isprintable) stay as they are.
func appendStrRepr(b []byte, s string) []byte {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	b = append(b, q)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, '\\', 'x', hexDigits[s[i]>>4], hexDigits[s[i]&15])
			i++
			continue
		}
		i += n
		switch {
		case r == rune(q) || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\t':
			b = append(b, '\\', 't')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r < ' ' || r == 0x7f:
			b = append(b, '\\', 'x', hexDigits[r>>4], hexDigits[r&15])
		case r < 0x7f || strconv.IsPrint(r):
			b = utf8.AppendRune(b, r)
		case r <= 0xff:
			b = append(b, '\\', 'x', hexDigits[r>>4], hexDigits[r&15])
		case r <= 0xffff:
			b = append(b, '\\', 'u', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
		default:
			b = append(b, '\\', 'U')
			for sh := 28; sh >= 0; sh -= 4 {
				b = append(b, hexDigits[(r>>sh)&15])
			}
		}
	}
	return append(b, q)
}

// appendBytesRepr quotes p as Python's bytes.__repr__ does.
func appendBytesRepr(b []byte, p []byte) []byte {
	q := byte('\'')
	hasSingle, hasDouble := false, false
	for _, c := range p {
		hasSingle = hasSingle || c == '\''
		hasDouble = hasDouble || c == '"'
	}
	if hasSingle && !hasDouble {
		q = '"'
	}
	b = append(b, 'b', q)
	for _, c := range p {
		switch {
		case c == q || c == '\\':
			b = append(b, '\\', c)
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < ' ' || c >= 0x7f:
			b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, q)
}

// floatRepr is Python's repr of a float (also what protocol 0 writes): the
// shortest digits that round-trip, in positional notation when the decimal
// point falls between 4 places left of the first digit and 16 right of it,
// else in exponent notation; an integral value gets ".0".
func floatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if decpt := exp + 1; decpt > -4 && decpt <= 16 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if strings.IndexByte(s, '.') < 0 {
			s += ".0"
		}
		return s
	}
	return e
}
