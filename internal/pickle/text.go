package pickle

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// The text arguments of protocol 0 (INT, LONG, FLOAT, STRING, UNICODE) are
// parsed here rather than by gopickle, which neither unescapes STRING nor
// decodes UNICODE's raw-unicode-escape.

// maxIntDigits is CPython's default limit on int <-> decimal string
// conversion (sys.int_info.default_max_str_digits); its pickle.loads fails
// on longer INT/LONG arguments and its pickle.dumps on longer ints below
// protocol 2, so ours do too.
const maxIntDigits = 4300

var errNotDecimal = errors.New("is not a decimal integer")

// parseDecimal parses [+-]digits with no leading zeros (CPython parses these
// arguments with base 0, where 010 is octal or an error; Python never writes
// them). It returns an int64, or a *big.Int when the value does not fit.
func parseDecimal(s []byte) (any, error) {
	d := s
	if len(d) > 0 && (d[0] == '-' || d[0] == '+') {
		d = d[1:]
	}
	if len(d) == 0 {
		return nil, errNotDecimal
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return nil, errNotDecimal
		}
	}
	if len(d) > 1 && d[0] == '0' {
		return nil, errors.New("has a leading zero")
	}
	if len(d) > maxIntDigits {
		return nil, errors.New("has more than " + strconv.Itoa(maxIntDigits) + " digits (CPython's limit)")
	}
	if v, err := strconv.ParseInt(string(s), 10, 64); err == nil {
		return v, nil
	}
	b, ok := new(big.Int).SetString(string(s), 10)
	if !ok {
		return nil, errNotDecimal
	}
	return b, nil
}

// parseFloatText parses a FLOAT argument as CPython's PyOS_string_to_double
// does for what Python writes: decimal notation, inf, infinity and nan.
func parseFloatText(s []byte) (float64, error) {
	if len(s) == 0 {
		return 0, errors.New("is empty")
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9', c == '+', c == '-', c == '.', c == 'e', c == 'E':
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			// Letters other than e are allowed only in inf, infinity and
			// nan; ParseFloat below would also take hex floats and
			// underscores, which CPython does not.
			t := s
			if t[0] == '+' || t[0] == '-' {
				t = t[1:]
			}
			switch lower(t) {
			case "inf", "infinity", "nan":
				f, _ := strconv.ParseFloat(string(s), 64)
				return f, nil
			}
			return 0, errors.New("is not a float")
		default:
			return 0, errors.New("is not a float")
		}
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && math.IsInf(f, 0) {
			return 0, errors.New("is out of range for a float")
		}
		return 0, errors.New("is not a float")
	}
	return f, nil
}

func lower(b []byte) string {
	if len(b) > 8 {
		return ""
	}
	var buf [8]byte
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return string(buf[:len(b)])
}

// unescapeString undoes the escapes of a Python 2 str repr, the argument of
// STRING, as CPython's PyBytes_DecodeEscape does: the quotes must match and
// an unknown escape stays as it is.
func unescapeString(s []byte) ([]byte, error) {
	if len(s) < 2 || s[0] != s[len(s)-1] || (s[0] != '\'' && s[0] != '"') {
		return nil, errors.New("argument must be quoted")
	}
	s = s[1 : len(s)-1]
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i == len(s) {
			return nil, errors.New("argument ends with a lone backslash")
		}
		c = s[i]
		switch c {
		case '\n':
		case '\\', '\'', '"':
			out = append(out, c)
		case 'a':
			out = append(out, 7)
		case 'b':
			out = append(out, 8)
		case 'f':
			out = append(out, 12)
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'v':
			out = append(out, 11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			for k := 0; k < 2 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
				i++
				v = v*8 + int(s[i]-'0')
			}
			out = append(out, byte(v))
		case 'x':
			if i+2 >= len(s) {
				return nil, errors.New(`argument has an invalid \x escape`)
			}
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return nil, errors.New(`argument has an invalid \x escape`)
			}
			out = append(out, h<<4|l)
			i += 2
		default:
			out = append(out, '\\', c)
		}
	}
	return out, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeRawUnicodeEscape decodes UNICODE's argument as CPython's
// raw-unicode-escape codec does: \uXXXX and \UXXXXXXXX are escapes, a
// backslash before anything else is itself, and every other byte is a
// Latin-1 character. The result is UTF-8; a surrogate, which a Go string
// cannot hold, is an error.
func decodeRawUnicodeEscape(s []byte) ([]byte, error) {
	out := make([]byte, 0, len(s)+len(s)/4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) || (s[i+1] != 'u' && s[i+1] != 'U') {
			if c == '\\' && i+1 < len(s) {
				// A backslash and the byte after it are both literal.
				out = utf8.AppendRune(out, '\\')
				i++
				out = utf8.AppendRune(out, rune(s[i]))
				continue
			}
			out = utf8.AppendRune(out, rune(c))
			continue
		}
		n := 4
		if s[i+1] == 'U' {
			n = 8
		}
		if i+2+n > len(s) {
			return nil, errors.New(`argument has a truncated \u escape`)
		}
		var r rune
		for _, h := range s[i+2 : i+2+n] {
			v, ok := unhex(h)
			if !ok {
				return nil, errors.New(`argument has a truncated \u escape`)
			}
			r = r<<4 | rune(v)
		}
		if r > utf8.MaxRune || r < 0 {
			return nil, errors.New(`argument has a \U escape out of range`)
		}
		if r >= 0xd800 && r <= 0xdfff {
			return nil, errors.New("argument has a surrogate escape, which a Go string cannot hold")
		}
		out = utf8.AppendRune(out, r)
		i += 1 + n
	}
	return out, nil
}
