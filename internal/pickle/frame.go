package pickle

import (
	"encoding/binary"
	"io"
	"math"
	"strconv"
)

// ReadFrame reads one pickle from r: the opcodes and their arguments up to
// and including STOP, returned as raw bytes, with nothing after STOP read.
// It reads with exact sizes (one byte at a time where only a byte is known
// to be needed, through r's ReadByte when r is an io.ByteReader), so r needs
// no bufio and a following pickle stays in r.
//
// ReadFrame knows every opcode's argument layout, so it also frames pickles
// that Decode will refuse; a stream stays in step after a refused pickle.
// It fails on an unknown opcode, on input longer than l.MaxBytes (without
// reading past the limit, and without allocating a declared length the limit
// does not allow), and on truncated input, with an *Error wrapping
// io.ErrUnexpectedEOF. It returns io.EOF itself when r ends before the first
// byte. A zero l means DefaultLimits.
func ReadFrame(r io.Reader, l Limits) ([]byte, error) {
	l = l.orDefault()
	f := framer{r: r, max: l.MaxBytes}
	f.br, _ = r.(io.ByteReader)
	return f.frame()
}

type framer struct {
	r   io.Reader
	br  io.ByteReader
	buf []byte
	max int
	one [1]byte
}

// readChunk bounds how much a declared length may grow the buffer before
// the bytes have arrived.
const readChunk = 64 << 10

func (f *framer) frame() ([]byte, error) {
	for {
		off := len(f.buf)
		op, err := f.byte(off, -1)
		if err != nil {
			if err == io.EOF && off == 0 {
				return nil, io.EOF
			}
			return nil, err
		}
		info := &ops[op]
		if info.name == "" {
			return nil, &Error{Offset: int64(off), Op: -1, Msg: "unknown opcode 0x" + hex2(op)}
		}
		switch info.arg {
		case argFixed:
			err = f.bytes(off, op, info.size)
		case argLine:
			err = f.line(off, op)
		case argLines2:
			if err = f.line(off, op); err == nil {
				err = f.line(off, op)
			}
		case argCount1, argCount4, argCount4s, argCount8:
			err = f.counted(off, op, info.arg)
		}
		if err != nil {
			return nil, err
		}
		if op == opStop {
			return f.buf, nil
		}
	}
}

// byte reads one byte of the opcode at off (op -1: the opcode itself).
func (f *framer) byte(off int, op int) (byte, error) {
	if len(f.buf)+1 > f.max {
		return 0, tooLong(off, op, f.max)
	}
	var b byte
	var err error
	if f.br != nil {
		b, err = f.br.ReadByte()
	} else {
		var n int
		for n == 0 && err == nil {
			n, err = f.r.Read(f.one[:])
		}
		if n == 1 {
			err = nil
		}
		b = f.one[0]
	}
	if err != nil {
		if err == io.EOF && op == -1 {
			if off == 0 {
				return 0, io.EOF
			}
			return 0, &Error{Offset: int64(off), Op: -1, Msg: "unexpected EOF before STOP", Err: io.ErrUnexpectedEOF}
		}
		return 0, readErr(off, op, err)
	}
	f.buf = append(f.buf, b)
	return b, nil
}

// bytes reads n argument bytes of the opcode op at off.
func (f *framer) bytes(off int, op byte, n int) error {
	if n > f.max-len(f.buf) {
		return &Error{Offset: int64(off), Op: int(op),
			Msg: "argument of " + strconv.Itoa(n) + " bytes is more than the " +
				strconv.Itoa(f.max-len(f.buf)) + " left under Limits.MaxBytes (" + strconv.Itoa(f.max) + ")",
			Err: ErrLimit}
	}
	for n > 0 {
		c := min(n, readChunk)
		start := len(f.buf)
		f.buf = append(f.buf, make([]byte, c)...)
		if _, err := io.ReadFull(f.r, f.buf[start:]); err != nil {
			return readErr(off, int(op), err)
		}
		n -= c
	}
	return nil
}

func (f *framer) line(off int, op byte) error {
	for {
		b, err := f.byte(off, int(op))
		if err != nil {
			return err
		}
		if b == '\n' {
			return nil
		}
	}
}

func (f *framer) counted(off int, op byte, k argKind) error {
	w := countWidth(k)
	start := len(f.buf)
	if err := f.bytes(off, op, w); err != nil {
		return err
	}
	n, err := countValue(f.buf[start:], k, off, op)
	if err != nil {
		return err
	}
	if n > uint64(f.max-len(f.buf)) {
		return &Error{Offset: int64(off), Op: int(op),
			Msg: "declared length " + strconv.FormatUint(n, 10) + " is more than the " +
				strconv.Itoa(f.max-len(f.buf)) + " bytes left under Limits.MaxBytes (" + strconv.Itoa(f.max) + ")",
			Err: ErrLimit}
	}
	return f.bytes(off, op, int(n))
}

func countWidth(k argKind) int {
	switch k {
	case argCount1:
		return 1
	case argCount8:
		return 8
	}
	return 4
}

// countValue decodes a length prefix; a negative signed length is an error.
func countValue(b []byte, k argKind, off int, op byte) (uint64, error) {
	switch k {
	case argCount1:
		return uint64(b[0]), nil
	case argCount4:
		return uint64(binary.LittleEndian.Uint32(b)), nil
	case argCount4s:
		n := int32(binary.LittleEndian.Uint32(b))
		if n < 0 {
			return 0, &Error{Offset: int64(off), Op: int(op), Msg: "negative length " + strconv.Itoa(int(n))}
		}
		return uint64(n), nil
	}
	n := binary.LittleEndian.Uint64(b)
	if n > math.MaxInt64 {
		return 0, &Error{Offset: int64(off), Op: int(op), Msg: "length " + strconv.FormatUint(n, 10) + " does not fit an int", Err: ErrLimit}
	}
	return n, nil
}

func tooLong(off int, op int, max int) error {
	return &Error{Offset: int64(off), Op: op,
		Msg: "pickle is longer than Limits.MaxBytes (" + strconv.Itoa(max) + ")", Err: ErrLimit}
}

func readErr(off int, op int, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &Error{Offset: int64(off), Op: op, Msg: "unexpected EOF in its argument", Err: io.ErrUnexpectedEOF}
	}
	return &Error{Offset: int64(off), Op: op, Msg: err.Error(), Err: err}
}

// rawOp is one opcode found in a pickle held in memory.
type rawOp struct {
	op   byte
	off  int
	arg  []byte // fixed bytes, a line without its '\n', or counted data
	arg2 []byte // the second line of GLOBAL and INST
	end  int    // offset just after the argument
}

// nextOp parses the opcode at b[off:]. Declared lengths are checked against
// the bytes left in b before anything is sliced.
func nextOp(b []byte, off int) (rawOp, error) {
	if off >= len(b) {
		return rawOp{}, &Error{Offset: int64(off), Op: -1, Msg: "unexpected EOF before STOP", Err: io.ErrUnexpectedEOF}
	}
	op := b[off]
	info := &ops[op]
	if info.name == "" {
		return rawOp{}, &Error{Offset: int64(off), Op: -1, Msg: "unknown opcode 0x" + hex2(op)}
	}
	r := rawOp{op: op, off: off}
	p := off + 1
	short := func(need uint64) error {
		return &Error{Offset: int64(off), Op: int(op),
			Msg: "argument needs " + strconv.FormatUint(need, 10) + " bytes but only " +
				strconv.Itoa(len(b)-p) + " are left",
			Err: io.ErrUnexpectedEOF}
	}
	line := func() ([]byte, error) {
		for i := p; i < len(b); i++ {
			if b[i] == '\n' {
				l := b[p:i]
				p = i + 1
				return l, nil
			}
		}
		return nil, &Error{Offset: int64(off), Op: int(op), Msg: "unexpected EOF in its argument (no newline)", Err: io.ErrUnexpectedEOF}
	}
	var err error
	switch info.arg {
	case argFixed:
		if len(b)-p < info.size {
			return r, short(uint64(info.size))
		}
		r.arg = b[p : p+info.size]
		p += info.size
	case argLine:
		r.arg, err = line()
	case argLines2:
		if r.arg, err = line(); err == nil {
			r.arg2, err = line()
		}
	case argCount1, argCount4, argCount4s, argCount8:
		w := countWidth(info.arg)
		if len(b)-p < w {
			return r, short(uint64(w))
		}
		n, cerr := countValue(b[p:p+w], info.arg, off, op)
		if cerr != nil {
			return r, cerr
		}
		p += w
		if n > uint64(len(b)-p) {
			return r, short(n)
		}
		r.arg = b[p : p+int(n)]
		p += int(n)
	}
	if err != nil {
		return r, err
	}
	r.end = p
	return r, nil
}
