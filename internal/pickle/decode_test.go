package pickle

import (
	"errors"
	"strings"
	"testing"
)

// TestDecodeVectors: CPython's bytes of every vector decode to its value,
// except bytes below protocol 3, which CPython writes with GLOBAL.
func TestDecodeVectors(t *testing.T) {
	for _, v := range encodeVectors {
		got, err := Decode([]byte(v.pickle))
		if v.protocol < 3 && hasBytes(v.value) {
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "GLOBAL") {
				t.Errorf("pickle.loads(pickle.dumps(%s, protocol=%d)): got %s, %v; want GLOBAL refused",
					v.py, v.protocol, Repr(got), err)
			}
			continue
		}
		if err != nil || !same(got, v.value) {
			t.Errorf("pickle.loads(pickle.dumps(%s, protocol=%d)): got %s, %v; want %s",
				v.py, v.protocol, Repr(got), err, Repr(v.value))
		}
	}
}

func TestDecodeBigVectors(t *testing.T) {
	for _, v := range bigVectors {
		want := v.value()
		if v.protocol < 3 && hasBytes(want) {
			continue
		}
		b, err := Encode(want, v.protocol) // checked byte for byte against CPython by TestEncodeBigVectors
		if err != nil {
			t.Fatal(err)
		}
		l := Limits{MaxBytes: 1 << 30, MaxLen: 1 << 30, MaxAlloc: 1 << 30}
		got, err := DecodeLimits(b, l)
		if err != nil || !same(got, want) {
			t.Errorf("pickle.loads(pickle.dumps(%s, protocol=%d)): got %.80s, %v", v.py, v.protocol, Repr(got), err)
		}
	}
}

// TestLoadVectors: pickles CPython 3 does not write (Python 2's, odd opcode
// sequences) decode to what CPython's pickle.loads returns.
func TestLoadVectors(t *testing.T) {
	for _, v := range loadVectors {
		got, err := Decode([]byte(v.pickle))
		if err != nil || !same(got, v.value) {
			t.Errorf("%s: Decode(%q) = %s, %v; want %s", v.desc, v.pickle, Repr(got), err, Repr(v.value))
		}
	}
}

// TestDecodeTrailing: Decode takes exactly one pickle.
func TestDecodeTrailing(t *testing.T) {
	_, err := Decode([]byte("N.N."))
	var pe *Error
	if !errors.As(err, &pe) || pe.Offset != 2 || !strings.Contains(err.Error(), "2 bytes after STOP") {
		t.Errorf("Decode(two pickles) = %v; want an error at offset 2 about 2 bytes after STOP", err)
	}
}

// TestDecodeMalformed: broken pickles get an error naming the opcode and offset.
func TestDecodeMalformed(t *testing.T) {
	tests := []struct {
		name   string
		pickle string
		want   string
	}{
		{"empty", "", "at offset 0: unexpected EOF before STOP"},
		{"no STOP", "N", "at offset 1: unexpected EOF before STOP"},
		{"unknown opcode", "N\xff.", "at offset 1: unknown opcode 0xff"},
		{"STOP on empty stack", ".", "opcode STOP (0x2e) at offset 0: stack underflow"},
		{"APPEND without list", "K\x01K\x02a.", "opcode APPEND (0x61) at offset 4: target is not a list"},
		{"APPEND underflow", "]a.", "opcode APPEND (0x61) at offset 1: stack underflow"},
		{"APPENDS without MARK", "]K\x01e.", "opcode APPENDS (0x65) at offset 3: no MARK to match"},
		{"APPENDS into a dict", "}(K\x01e.", "target is not a list"},
		{"SETITEM into a list", "]K\x01K\x02s.", "opcode SETITEM (0x73) at offset 5: target is not a dict"},
		{"SETITEMS odd", "}(K\x01u.", "odd number of items for a dict"},
		{"DICT odd", "(K\x01d.", "odd number of items for a dict"},
		{"list key", "}]K\x01s.", "unhashable dict key of type 'list'"},
		{"dict key in DICT", "(}K\x01d.", "unhashable dict key of type 'dict'"},
		{"tuple key holding a list", "}]\x85K\x01s.", "unhashable dict key of type 'tuple'"},
		{"TUPLE2 underflow", "K\x01\x86.", "opcode TUPLE2 (0x86) at offset 2: stack underflow"},
		{"TUPLE1 across a MARK", "K\x01(\x85.", "stack underflow"},
		{"POP on empty", "0N.", "opcode POP (0x30) at offset 0: stack underflow"},
		{"POP_MARK without MARK", "1N.", "no MARK to match"},
		{"DUP on empty", "2.", "stack underflow"},
		{"GET missing", "h\x05.", "opcode BINGET (0x68) at offset 0: memo has no object at index 5"},
		{"LONG_BINGET huge", "j\xff\xff\xff\xff.", "memo has no object at index 4294967295"},
		{"text GET missing", "g12\n.", "memo has no object at index 12"},
		{"PUT on empty", "q\x00N.", "stack underflow"},
		{"negative PUT", "Np-1\n.", "memo index \"-1\" is not a decimal"},
		{"PUT too big", "Np4294967296\n.", "is not a decimal from 0 to 4294967295"},
		{"INT not decimal", "I0x10\n.", `argument "0x10" is not a decimal integer`},
		{"INT leading zero", "I010\n.", "has a leading zero"},
		{"INT empty", "I\n.", "is not a decimal integer"},
		{"LONG too many digits", "L" + strings.Repeat("9", 4301) + "L\n.", "more than 4300 digits"},
		{"FLOAT hex", "F0x1p3\n.", "is not a float"},
		{"FLOAT overflow", "F1e999\n.", "out of range"},
		{"FLOAT junk", "Fabc\n.", "is not a float"},
		{"STRING unquoted", "Sabc\n.", "must be quoted"},
		{"STRING mismatched quotes", "S'abc\"\n.", "must be quoted"},
		{"STRING bad \\x", "S'\\x4'\n.", `invalid \x escape`},
		{"STRING trailing backslash", "S'a\\'\n.", "lone backslash"},
		{"UNICODE bad \\u", "V\\u12\n.", `truncated \u escape`},
		{"UNICODE surrogate", "V\\ud800\n.", "surrogate"},
		{"UNICODE out of range", "V\\U00110000\n.", "out of range"},
		{"BINUNICODE bad UTF-8", "X\x01\x00\x00\x00\xff.", "not valid UTF-8"},
		{"BINUNICODE surrogate", "X\x03\x00\x00\x00\xed\xa0\x80.", "not valid UTF-8"},
		{"BINSTRING negative", "T\xff\xff\xff\xff.", "negative length -1"},
		{"LONG4 negative", "\x8b\xfe\xff\xff\xff.", "negative length -2"},
		{"PROTO 6", "\x80\x06N.", "unsupported protocol 6"},
		{"FRAME too long", "\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00N.", "frame of 16 bytes is longer than the 2 bytes left"},
		{"truncated BINUNICODE", "X\x05\x00\x00\x00ab", "opcode BINUNICODE (0x58) at offset 0: argument needs 5 bytes but only 2 are left"},
		{"truncated BININT", "J\x01\x00", "argument needs 4 bytes but only 2 are left"},
		{"truncated line", "I12", "unexpected EOF in its argument"},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.pickle))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "pickle: ") {
			t.Errorf("%s: Decode(%q) = %s, %v; want an error containing %q", tt.name, tt.pickle, Repr(got), err, tt.want)
		}
	}
}

// TestDecodeAfterMemo: a pickle decodes to the same value whatever the
// pickle decoded before it put in its memo (Decode reuses gopickle's
// unpicklers, whose memo keeps the last pickle's entries).
func TestDecodeAfterMemo(t *testing.T) {
	tests := []struct {
		name   string
		desc   string
		before string // decoded first, leaving index 0 in the memo
		pickle string
		want   any
	}{
		{"memoize", "MEMOIZE puts at the memo's length, 0 for this pickle",
			"K\x09q\x00.", "K\x01\x94h\x00\x86.", Tuple{int64(1), int64(1)}},
		{"memoize-protocol-4", "the same behind PROTO 4 and a FRAME",
			"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x09\x94K\x08\x94.", "\x80\x04\x95\x07\x00\x00\x00\x00\x00\x00\x00K\x01\x94h\x00\x86.", Tuple{int64(1), int64(1)}},
		{"put", "PUT replaces the earlier pickle's entry",
			"K\x09p0\n.", "K\x01p0\ng0\n\x86.", Tuple{int64(1), int64(1)}},
		{"get-unput", "a GET of an index only the earlier pickle put is refused",
			"K\x09q\x00.", "h\x00.", nil},
	}
	for _, tt := range tests {
		for range 3 { // sync.Pool may hand back another unpickler: try a few times
			if _, err := Decode([]byte(tt.before)); err != nil {
				t.Fatalf("%s: Decode(%q): %v", tt.name, tt.before, err)
			}
			got, err := Decode([]byte(tt.pickle))
			if tt.want == nil {
				if err == nil {
					t.Errorf("%s (%s): got %s, nil; want an error", tt.name, tt.desc, Repr(got))
				}
				continue
			}
			if err != nil || !same(got, tt.want) {
				t.Errorf("%s (%s): got %s, %v; want %s", tt.name, tt.desc, Repr(got), err, Repr(tt.want))
			}
		}
	}
}
