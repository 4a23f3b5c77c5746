package pickle

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// checkRefused asserts that err refuses op at offset, naming it and why.
func checkRefused(t *testing.T, name string, err error, op string, offset int64, why string) {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, ErrRefused) {
		t.Errorf("%s: got %v; want opcode %s refused", name, err, op)
		return
	}
	want := "pickle: opcode " + op + " (0x"
	if !strings.HasPrefix(err.Error(), want) || pe.Offset != offset || opName(byte(pe.Op)) != op ||
		!strings.Contains(err.Error(), " refused: ") || !strings.Contains(err.Error(), why) {
		t.Errorf("%s: got %q (offset %d); want it to start %q, at offset %d, and say %q", name, err, pe.Offset, want, offset, why)
	}
}

// TestRefusedOpcodes: every opcode that finds classes, calls code or builds
// a type outside the decoded ones is refused with an error naming it, before
// gopickle runs anything.
func TestRefusedOpcodes(t *testing.T) {
	tests := []struct {
		op     string
		pickle string
		offset int64
		why    string
	}{
		{"GLOBAL", "cos\nsystem\n(S'echo pwned'\ntR.", 0, "looks up a Python class or function by name (os.system)"},
		{"GLOBAL", "N0c__builtin__\nbytes\n)R.", 2, "(__builtin__.bytes); CPython pickles bytes this way below protocol 3"},
		{"GLOBAL", "c\x1b[31m\n" + strings.Repeat("x", 100) + "\n.", 0, `("\x1b[31m".` + `"xxxx`},
		{"STACK_GLOBAL", "\x8c\x02os\x8c\x06system\x93.", 12, "looks up a Python class or function by name"},
		{"INST", "(ios\nsystem\n.", 1, "by name (os.system)"},
		{"REDUCE", "N)R.", 2, "calls a Python callable"},
		{"OBJ", "(N)o.", 3, "calls a Python callable"},
		{"NEWOBJ", "N)\x81.", 2, "calls a Python callable"},
		{"NEWOBJ_EX", "N)}\x92.", 3, "calls a Python callable"},
		{"BUILD", "}}b.", 2, "sets an object's state"},
		{"EXT1", "\x82\x01.", 0, "extension registry"},
		{"EXT2", "\x83\x01\x00.", 0, "extension registry"},
		{"EXT4", "\x84\x01\x00\x00\x00.", 0, "extension registry"},
		{"PERSID", "P1\n.", 0, "persistent object"},
		{"BINPERSID", "NQ.", 1, "persistent object"},
		{"EMPTY_SET", "\x8f.", 0, "sets are not among the decoded types"},
		{"ADDITEMS", "](K\x01\x90.", 4, "sets are not among the decoded types"},
		{"FROZENSET", "(K\x01\x91.", 3, "sets are not among the decoded types"},
		{"BYTEARRAY8", "\x96\x01\x00\x00\x00\x00\x00\x00\x00x.", 0, "bytearray is not among the decoded types"},
		{"NEXT_BUFFER", "\x97.", 0, "out-of-band buffers"},
		{"READONLY_BUFFER", "N\x98.", 1, "out-of-band buffers"},
	}
	for _, tt := range tests {
		v, err := Decode([]byte(tt.pickle))
		if v != nil {
			t.Errorf("%s: Decode returned %s with the refusal", tt.op, Repr(v))
		}
		checkRefused(t, tt.op, err, tt.op, tt.offset, tt.why)
	}
}

// TestRefusedVectors: what CPython writes for sets, bytearrays, objects and
// bytes below protocol 3 is refused at the opcode pickletools finds first;
// the refusal happens after ReadFrame read the whole pickle, so a stream
// stays in step and the next pickle decodes.
func TestRefusedVectors(t *testing.T) {
	for _, v := range refusedVectors {
		name := "pickle.dumps(" + v.py + ", protocol=" + string(rune('0'+v.protocol)) + ")"
		_, err := Decode([]byte(v.pickle))
		checkRefused(t, name, err, v.op, v.offset, "")

		stream := bytes.NewReader([]byte(v.pickle + "\x80\x02K\x07."))
		d := NewDecoder(stream)
		_, err = d.Decode()
		checkRefused(t, name+" on a stream", err, v.op, v.offset, "")
		if got, err := d.Decode(); err != nil || !same(got, int64(7)) {
			t.Errorf("%s: the pickle after the refused one decoded to %v, %v; want 7", name, got, err)
		}
	}
}
