// Package pickle writes the bytes CPython's pickle module writes and reads
// what any CPython sends, without ever doing what makes Python's pickle
// dangerous: looking up classes or calling code named by the wire.
//
// # Values
//
// Both directions use plain Go values:
//
//	Python         Go
//	None           nil
//	bool           bool
//	int            int64, or *big.Int when it does not fit int64
//	float          float64
//	str            string
//	bytes          []byte
//	list           []any
//	tuple          Tuple
//	dict           Dict (ordered like a Python dict; never a Go map)
//
// Encode also accepts the other Go integer types, float32 and []Item.
// Python 2 byte strings (the STRING, BINSTRING and SHORT_BINSTRING opcodes)
// decode to a Go string holding the raw bytes, which is what a Python 2 str is.
//
// # Encoding
//
// Encode(v, P) is byte-identical to CPython 3's pickle.dumps(v, protocol=P)
// for P = 0 to 5, including the C pickler's batching (APPENDS and SETITEMS
// in runs of 1000), memo opcodes and, from protocol 4, its 64 KiB frames.
// CPython shares objects it has seen before with memo GETs; Encode treats
// every value as a fresh object, as values built at run time are, except the
// ones CPython shares however they are made: the empty str and bytes, and
// one-character str below U+0100. A value written twice in a Python source
// file may be one constant object there, and then CPython's bytes differ
// from ours (they still load to equal values).
//
// Protocols 0 to 2 have no opcode for bytes; CPython pickles them as a call
// of _codecs.encode (GLOBAL and REDUCE), and so does Encode. The decoder
// refuses GLOBAL, so bytes round-trip only at protocol 3 and above.
//
// # Decoding
//
// Decode runs the opcodes with github.com/nlpodyssey/gopickle after a scanner
// of our own has read and checked every one of them: opcodes that find
// classes or call code (GLOBAL, STACK_GLOBAL, REDUCE, BUILD, INST, OBJ,
// NEWOBJ, NEWOBJ_EX, EXT1/2/4, PERSID, BINPERSID) are refused with an *Error
// naming the opcode, as are the ones for types outside the table above
// (sets, bytearray, out-of-band buffers). The scanner enforces Limits,
// checks every declared length against what is left before allocating it,
// and rewrites the text opcodes of protocol 0 (whose escapes gopickle does
// not decode) into their binary forms. A panic inside gopickle becomes an
// error.
//
// # Streams
//
// A stream has no message boundaries. ReadFrame and Decoder read exactly one
// pickle, up to and including its STOP opcode, and leave what follows unread.
package pickle

import (
	"errors"
	"strconv"
)

// HighestProtocol is the highest pickle protocol Encode writes and Decode reads.
const HighestProtocol = 5

// Limits bounds what a decoder accepts. A zero (or negative) field means the
// field of DefaultLimits.
type Limits struct {
	MaxBytes int // largest pickle accepted, in bytes
	MaxDepth int // deepest nesting of containers, and of MARKs; at most 10000
	MaxLen   int // longest container (items) or str/bytes/int argument (bytes)
	// MaxAlloc bounds the memory decoding may allocate, as estimated from
	// the opcodes before gopickle runs any of them, plus the decoded value
	// (a shared string or container counts each time it appears, so walking
	// the result is bounded too).
	MaxAlloc int
}

// DefaultLimits are the limits of Decode, ReadFrame callers that pass a zero
// Limits, and new Decoders. With them no input makes the decoder allocate
// more than 64 MiB.
var DefaultLimits = Limits{
	MaxBytes: 1 << 20,
	MaxDepth: 100,
	MaxLen:   1 << 20,
	MaxAlloc: 48 << 20,
}

const maxDepth = 10000

// orDefault fills the zero fields of l from DefaultLimits.
func (l Limits) orDefault() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	// Converting a value recurses once per level; bounding the depth
	// bounds the goroutine's stack, whatever a caller asks for.
	l.MaxDepth = min(l.MaxDepth, maxDepth)
	if l.MaxLen <= 0 {
		l.MaxLen = DefaultLimits.MaxLen
	}
	if l.MaxAlloc <= 0 {
		l.MaxAlloc = DefaultLimits.MaxAlloc
	}
	return l
}

// ErrRefused is wrapped by every *Error for an opcode the decoder will not
// run; errors.Is(err, ErrRefused) tells a hostile or unsupported pickle from
// a broken one.
var ErrRefused = errors.New("pickle: opcode refused")

// ErrLimit is wrapped by every *Error for a pickle that exceeds a Limits field.
var ErrLimit = errors.New("pickle: limit exceeded")

// Error is a decoding error: the opcode and offset it concerns and what went
// wrong. Truncated input wraps io.ErrUnexpectedEOF.
type Error struct {
	Offset int64  // offset of the opcode in the pickle, or -1
	Op     int    // the opcode byte, or -1
	Msg    string // what went wrong
	Err    error  // ErrRefused, ErrLimit, io.ErrUnexpectedEOF or nil
}

func (e *Error) Error() string {
	s := "pickle: "
	if e.Op >= 0 {
		s += "opcode " + opName(byte(e.Op)) + " (0x" + hex2(byte(e.Op)) + ") "
	}
	if e.Offset >= 0 {
		s += "at offset " + strconv.FormatInt(e.Offset, 10)
	}
	if e.Err == ErrRefused {
		return s + " refused: " + e.Msg
	}
	if e.Op < 0 && e.Offset < 0 {
		return s + e.Msg
	}
	return s + ": " + e.Msg
}

// Unwrap returns ErrRefused, ErrLimit, io.ErrUnexpectedEOF or nil.
func (e *Error) Unwrap() error { return e.Err }

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
