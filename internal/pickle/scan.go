package pickle

import (
	"encoding/binary"
	"io"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// The scanner checks a whole pickle before gopickle runs any of it. It
// simulates the unpickler's stack with one small slot per object (what kind
// of object, how deep), so it can refuse, enforce Limits and reject malformed
// streams with the opcode and offset at fault, and it writes the program
// gopickle runs: the same opcodes, with the text forms of protocol 0
// replaced by binary forms that gopickle decodes correctly, MEMOIZE by a
// LONG_BINPUT of the index it stands for, FRAME dropped
// (frames only group opcodes for buffering) and LONG1/LONG4 of zero bytes
// made BININT1 0 (gopickle indexes the empty argument and panics).

type kind uint8

const (
	kScalar kind = iota // None, bool, int, float, str, bytes: hashable
	kList
	kDict
	kTuple       // a tuple of hashable objects
	kTupleUnhash // a tuple holding a list or dict somewhere
)

type slot struct {
	k     kind
	depth int32 // containers nested in this object, itself included
}

func (s slot) hashable() bool { return s.k == kScalar || s.k == kTuple }

// Estimated bytes that gopickle (and the scanner's own bookkeeping) allocate,
// checked against Limits.MaxAlloc before gopickle runs. Slices grow by up to
// 5x their final size in all (Go grows large slices by 1.25x), so a slot of
// b bytes costs 5b when a stack reaches a new height, not on every push.
// TestHostileAllocations measures that the estimate bounds reality.
const (
	costBase   = 20 << 10 // gopickle's unpickler (its memo map starts at 384 entries)
	costOp     = 24       // argument buffers and a boxed value, per opcode
	costFrame  = 80       // a new high of gopickle's stack frame past its 16 slots
	costSlot   = 40       // a new high of the scanner's own stack
	costMark   = 320      // gopickle's 16-slot frame per MARK, and its meta stack
	costList   = 96
	costDict   = 160
	costTuple  = 32 // plus 16 per item for TUPLE1-3
	costItem   = 80 // one APPEND(S) item: list growth
	costPair   = 160
	costMemo   = 176 // a new memo entry: gopickle's map and the scanner's
	costText   = 48  // parsing a text argument (INT, FLOAT, GET, ...)
	costData   = 48  // per counted argument, plus twice its length
	frameSlots = 16  // gopickle's initial capacity of a stack frame
)

// maxLongBytes bounds an int argument of LONG1/LONG4: gopickle builds a big
// int a byte at a time, shifting the whole number each time, which takes
// time and memory quadratic in its length (CPython 3.11 will not even print
// an int of more than 1786 bytes, 4300 digits).
const maxLongBytes = 4096

// parseCost is what parsing a decimal of d digits allocates beyond costText:
// nothing for an int64, else math/big grows the number a word at a time.
func parseCost(d int) int {
	if d <= 18 {
		return 0
	}
	return d*d/128 + 32*d
}

// longCost is what gopickle allocates decoding an n-byte LONG1/LONG4.
func longCost(n int) int {
	if n <= 8 {
		return 0
	}
	return n*n/64 + 64*n
}

type scanner struct {
	lim   Limits
	b     []byte
	out   []byte
	stack []slot
	marks []frame // MARKs, innermost last
	base  frame   // the frame below every MARK
	peak  int     // highest the stack has been
	memo  map[uint32]slot
	cost  int
}

// frame is the part of the stack above a MARK, as gopickle keeps it: a slice
// of its own.
type frame struct {
	start int // stack length at the MARK
	peak  int // most objects the frame has held
}

// scan checks the pickle at the start of b and returns the program for
// gopickle, the offset just after STOP, and the estimated cost so far.
func scan(b []byte, lim Limits) (prog []byte, end int, cost int, err error) {
	s := scanner{lim: lim, b: b, memo: make(map[uint32]slot)}
	s.cost = 3*min(len(b), lim.MaxBytes) + costBase
	s.out = make([]byte, 0, min(len(b), lim.MaxBytes)+16)
	off := 0
	for {
		if off >= lim.MaxBytes {
			return nil, 0, 0, tooLong(off, -1, lim.MaxBytes)
		}
		r, err := nextOp(b, off)
		if err != nil {
			return nil, 0, 0, err
		}
		if r.end > lim.MaxBytes {
			return nil, 0, 0, tooLong(off, int(r.op), lim.MaxBytes)
		}
		if err := s.step(&r); err != nil {
			return nil, 0, 0, err
		}
		if s.cost > lim.MaxAlloc {
			return nil, 0, 0, &Error{Offset: int64(off), Op: int(r.op), Err: ErrLimit,
				Msg: "decoding would allocate more than Limits.MaxAlloc (" + strconv.Itoa(lim.MaxAlloc) + " bytes)"}
		}
		if r.op == opStop {
			return s.out, r.end, s.cost, nil
		}
		off = r.end
	}
}

func (s *scanner) fail(r *rawOp, msg string) error {
	return &Error{Offset: int64(r.off), Op: int(r.op), Msg: msg}
}

func (s *scanner) limit(r *rawOp, msg string) error {
	return &Error{Offset: int64(r.off), Op: int(r.op), Msg: msg, Err: ErrLimit}
}

func (s *scanner) top() *frame {
	if len(s.marks) == 0 {
		return &s.base
	}
	return &s.marks[len(s.marks)-1]
}

func (s *scanner) fence() int { return s.top().start }

// need checks that n objects lie above the topmost MARK.
func (s *scanner) need(r *rawOp, n int) error {
	if len(s.stack)-s.fence() < n {
		if n == 1 {
			return s.fail(r, "stack underflow: needs an object above the last MARK")
		}
		return s.fail(r, "stack underflow: needs "+strconv.Itoa(n)+" objects above the last MARK")
	}
	return nil
}

func (s *scanner) push(r *rawOp, v slot) error {
	if int(v.depth) > s.lim.MaxDepth {
		return s.limit(r, "nesting deeper than Limits.MaxDepth ("+strconv.Itoa(s.lim.MaxDepth)+")")
	}
	s.stack = append(s.stack, v)
	if f := s.top(); len(s.stack)-f.start > f.peak {
		f.peak++
		if f.peak > frameSlots {
			s.cost += costFrame
		}
	}
	if len(s.stack) > s.peak {
		s.peak++
		s.cost += costSlot
	}
	return nil
}

// popMark removes the topmost MARK and returns the objects above it.
func (s *scanner) popMark(r *rawOp) ([]slot, error) {
	if len(s.marks) == 0 {
		return nil, s.fail(r, "no MARK to match")
	}
	m := s.marks[len(s.marks)-1].start
	s.marks = s.marks[:len(s.marks)-1]
	items := s.stack[m:]
	s.stack = s.stack[:m]
	return items, nil
}

func deepest(items []slot) int32 {
	var d int32
	for _, it := range items {
		d = max(d, it.depth)
	}
	return d
}

func (s *scanner) checkLen(r *rawOp, n int) error {
	if n > s.lim.MaxLen {
		return s.limit(r, "length "+strconv.Itoa(n)+" exceeds Limits.MaxLen ("+strconv.Itoa(s.lim.MaxLen)+")")
	}
	return nil
}

// keys checks that every other item (the keys) is hashable, as a dict needs.
func (s *scanner) keys(r *rawOp, items []slot) error {
	if len(items)%2 != 0 {
		return s.fail(r, "odd number of items for a dict")
	}
	for i := 0; i < len(items); i += 2 {
		if !items[i].hashable() {
			return s.fail(r, "unhashable dict key of type '"+kindName(items[i].k)+"'")
		}
	}
	return nil
}

func kindName(k kind) string {
	switch k {
	case kList:
		return "list"
	case kDict:
		return "dict"
	}
	return "tuple"
}

// grow records that target (a list or dict on the stack) now holds items.
func (s *scanner) grow(r *rawOp, target *slot, items []slot) error {
	d := max(target.depth, deepest(items)+1)
	if int(d) > s.lim.MaxDepth {
		return s.limit(r, "nesting deeper than Limits.MaxDepth ("+strconv.Itoa(s.lim.MaxDepth)+")")
	}
	target.depth = d
	return nil
}

// build checks the opcodes that make a list, tuple or dict: of no objects
// (EMPTY_LIST, ...), of the objects above the topmost MARK (LIST, TUPLE,
// DICT) or of the top one to three (TUPLE1 to TUPLE3).
func (s *scanner) build(r *rawOp) error {
	var items []slot
	switch r.op {
	case opList, opTuple, opDict:
		var err error
		if items, err = s.popMark(r); err != nil {
			return err
		}
	case opTuple1, opTuple2, opTuple3:
		n := int(r.op-opTuple1) + 1
		if err := s.need(r, n); err != nil {
			return err
		}
		items = s.stack[len(s.stack)-n:]
		s.stack = s.stack[:len(s.stack)-n] // items still reads them, until the push
	}
	v := slot{k: kList, depth: deepest(items) + 1}
	switch r.op {
	case opEmptyList, opList:
		s.cost += costList
	case opEmptyDict, opDict:
		if err := s.keys(r, items); err != nil {
			return err
		}
		v.k = kDict
		s.cost += costDict + costPair*len(items)/2
	default:
		v.k = tupleKind(items)
		s.cost += costTuple + 16*len(items)
	}
	s.copyOp(r)
	return s.push(r, v)
}

// add checks APPEND and SETITEM, which add the top one or two objects to
// the list or dict below them, and APPENDS and SETITEMS, which add the
// objects above the topmost MARK to the list or dict below it.
func (s *scanner) add(r *rawOp) error {
	isDict := r.op == opSetitem || r.op == opSetitems
	var items []slot
	if r.op == opAppends || r.op == opSetitems {
		var err error
		if items, err = s.popMark(r); err != nil {
			return err
		}
		if err := s.need(r, 1); err != nil {
			return err
		}
	} else {
		n := 1
		if isDict {
			n = 2
		}
		if err := s.need(r, n+1); err != nil {
			return err
		}
		items = s.stack[len(s.stack)-n:]
		s.stack = s.stack[:len(s.stack)-n] // items still reads them: nothing is pushed here
	}
	t := &s.stack[len(s.stack)-1]
	switch {
	case isDict && t.k != kDict:
		return s.fail(r, "target is not a dict")
	case !isDict && t.k != kList:
		return s.fail(r, "target is not a list")
	case isDict:
		if err := s.keys(r, items); err != nil {
			return err
		}
		s.cost += costPair * len(items) / 2
	default:
		s.cost += costItem * len(items)
	}
	if err := s.grow(r, t, items); err != nil {
		return err
	}
	s.copyOp(r)
	return nil
}

func (s *scanner) copyOp(r *rawOp) { s.out = append(s.out, s.b[r.off:r.end]...) }

func (s *scanner) step(r *rawOp) error {
	info := &ops[r.op]
	s.cost += costOp
	if info.arg == argLine {
		s.cost += costText
	}
	if info.refuse != "" {
		return s.refuse(r)
	}
	switch r.op {
	case opMark:
		if len(s.marks) >= s.lim.MaxDepth {
			return s.limit(r, "MARKs nested deeper than Limits.MaxDepth ("+strconv.Itoa(s.lim.MaxDepth)+")")
		}
		s.marks = append(s.marks, frame{start: len(s.stack)})
		s.cost += costMark
		s.copyOp(r)
	case opStop:
		if err := s.need(r, 1); err != nil {
			return err
		}
		s.copyOp(r)
	case opPop:
		// As in CPython, POP with nothing above the last MARK pops the MARK.
		if len(s.stack) > s.fence() {
			s.stack = s.stack[:len(s.stack)-1]
		} else if len(s.marks) > 0 {
			s.marks = s.marks[:len(s.marks)-1]
		} else {
			return s.fail(r, "stack underflow: nothing to pop")
		}
		s.copyOp(r)
	case opPopMark:
		if _, err := s.popMark(r); err != nil {
			return err
		}
		s.copyOp(r)
	case opDup:
		if err := s.need(r, 1); err != nil {
			return err
		}
		s.copyOp(r)
		return s.push(r, s.stack[len(s.stack)-1])
	case opNone, opNewtrue, opNewfalse, opBinint, opBinint1, opBinint2, opBinfloat:
		s.copyOp(r)
		return s.push(r, slot{})
	case opInt, opLong:
		a := r.arg
		switch {
		case r.op == opInt && (string(a) == "00" || string(a) == "01"):
			// Python 2 writes booleans as INT 00 and 01.
			if a[1] == '1' {
				s.out = append(s.out, opNewtrue)
			} else {
				s.out = append(s.out, opNewfalse)
			}
			return s.push(r, slot{})
		case r.op == opLong && len(a) > 0 && a[len(a)-1] == 'L':
			a = a[:len(a)-1]
		}
		v, err := parseDecimal(a)
		if err != nil {
			return s.fail(r, "argument "+quoteArg(r.arg)+" "+err.Error())
		}
		s.cost += parseCost(len(a))
		s.writeInt(v)
		return s.push(r, slot{})
	case opLong1, opLong4:
		if len(r.arg) > maxLongBytes {
			return s.limit(r, "int of "+strconv.Itoa(len(r.arg))+" bytes is longer than this decoder's limit of "+
				strconv.Itoa(maxLongBytes))
		}
		s.cost += costData + 2*len(r.arg) + longCost(len(r.arg))
		if len(r.arg) == 0 {
			s.out = append(s.out, opBinint1, 0)
		} else {
			s.copyOp(r)
		}
		return s.push(r, slot{})
	case opFloat:
		f, err := parseFloatText(r.arg)
		if err != nil {
			return s.fail(r, "argument "+quoteArg(r.arg)+" "+err.Error())
		}
		s.out = append(s.out, opBinfloat)
		s.out = binary.BigEndian.AppendUint64(s.out, math.Float64bits(f))
		return s.push(r, slot{})
	case opString, opUnicode:
		decode, binOp := unescapeString, byte(opBinstring)
		if r.op == opUnicode {
			decode, binOp = decodeRawUnicodeEscape, opBinunicode
		}
		v, err := decode(r.arg)
		if err != nil {
			return s.fail(r, err.Error())
		}
		if err := s.checkLen(r, len(v)); err != nil {
			return err
		}
		s.cost += costData + 2*len(v)
		s.out = append(s.out, binOp)
		s.out = binary.LittleEndian.AppendUint32(s.out, uint32(len(v)))
		s.out = append(s.out, v...)
		return s.push(r, slot{})
	case opBinstring, opShortBinstring, opBinbytes, opShortBinbytes, opBinbytes8,
		opBinunicode, opShortBinunicode, opBinunicode8:
		if err := s.checkLen(r, len(r.arg)); err != nil {
			return err
		}
		if (r.op == opBinunicode || r.op == opShortBinunicode || r.op == opBinunicode8) && !utf8.Valid(r.arg) {
			return s.fail(r, "argument is not valid UTF-8")
		}
		s.cost += costData + 2*len(r.arg)
		s.copyOp(r)
		return s.push(r, slot{})
	case opEmptyList, opEmptyTuple, opEmptyDict, opList, opTuple, opDict, opTuple1, opTuple2, opTuple3:
		return s.build(r)
	case opAppend, opAppends, opSetitem, opSetitems:
		return s.add(r)
	case opGet, opBinget, opLongBinget:
		i, err := s.memoIndex(r)
		if err != nil {
			return err
		}
		v, ok := s.memo[i]
		if !ok {
			return s.fail(r, "memo has no object at index "+strconv.FormatUint(uint64(i), 10))
		}
		if r.op == opGet {
			s.out = append(s.out, opLongBinget)
			s.out = binary.LittleEndian.AppendUint32(s.out, i)
		} else {
			s.copyOp(r)
		}
		return s.push(r, v)
	case opPut, opBinput, opLongBinput, opMemoize:
		if err := s.need(r, 1); err != nil {
			return err
		}
		var i uint32
		if r.op == opMemoize {
			i = uint32(len(s.memo))
		} else {
			var err error
			if i, err = s.memoIndex(r); err != nil {
				return err
			}
		}
		if _, ok := s.memo[i]; !ok {
			if len(s.memo) >= s.lim.MaxLen {
				return s.limit(r, "more memo entries than Limits.MaxLen ("+strconv.Itoa(s.lim.MaxLen)+")")
			}
			s.cost += costMemo
		}
		s.memo[i] = s.stack[len(s.stack)-1]
		// PUT and MEMOIZE become LONG_BINPUT: the program names every
		// index, so an unpickler whose memo holds an earlier program's
		// entries runs it alike (MEMOIZE would take the memo's length).
		if r.op == opPut || r.op == opMemoize {
			s.out = append(s.out, opLongBinput)
			s.out = binary.LittleEndian.AppendUint32(s.out, i)
		} else {
			s.copyOp(r)
		}
	case opProto:
		if r.arg[0] > HighestProtocol {
			return s.fail(r, "unsupported protocol "+strconv.Itoa(int(r.arg[0])))
		}
		s.copyOp(r)
	case opFrame:
		n := binary.LittleEndian.Uint64(r.arg)
		if n > uint64(len(s.b)-r.end) {
			return &Error{Offset: int64(r.off), Op: int(r.op), Err: io.ErrUnexpectedEOF,
				Msg: "frame of " + strconv.FormatUint(n, 10) + " bytes is longer than the " +
					strconv.Itoa(len(s.b)-r.end) + " bytes left"}
		}
	default:
		return s.fail(r, "not handled") // every opcode of the table is handled above
	}
	return nil
}

func tupleKind(items []slot) kind {
	for _, it := range items {
		if !it.hashable() {
			return kTupleUnhash
		}
	}
	return kTuple
}

// memoIndex reads the index of GET/PUT and their binary forms.
func (s *scanner) memoIndex(r *rawOp) (uint32, error) {
	switch r.op {
	case opBinget, opBinput:
		return uint32(r.arg[0]), nil
	case opLongBinget, opLongBinput:
		return binary.LittleEndian.Uint32(r.arg), nil
	}
	v, err := parseDecimal(r.arg)
	i, ok := v.(int64)
	if err != nil || !ok || i < 0 || i > math.MaxUint32 {
		return 0, s.fail(r, "memo index "+quoteArg(r.arg)+" is not a decimal from 0 to 4294967295")
	}
	return uint32(i), nil
}

// writeInt writes v (int64 or *big.Int) as BININT when it fits 32 bits,
// else as LONG1/LONG4, which gopickle turns into an int or a *big.Int.
func (s *scanner) writeInt(v any) {
	switch v := v.(type) {
	case int64:
		if fitsInt32(v) {
			s.out = append(s.out, opBinint)
			s.out = binary.LittleEndian.AppendUint32(s.out, uint32(int32(v)))
			return
		}
		s.out = append(s.out, opLong1, 0)
		n := len(s.out)
		s.out = appendLong(s.out, v)
		s.out[n-1] = byte(len(s.out) - n)
	case *big.Int:
		long := appendBigLong(nil, v)
		s.cost += costData + 2*len(long) + longCost(len(long))
		if len(long) < 256 {
			s.out = append(s.out, opLong1, byte(len(long)))
		} else {
			s.out = append(s.out, opLong4)
			s.out = binary.LittleEndian.AppendUint32(s.out, uint32(len(long)))
		}
		s.out = append(s.out, long...)
	}
}

// refuse explains a refused opcode; for GLOBAL and INST it names what the
// pickle wanted, quoted when it is not a plain dotted name.
func (s *scanner) refuse(r *rawOp) error {
	why := ops[r.op].refuse
	if r.op == opGlobal || r.op == opInst {
		name := plainName(r.arg) + "." + plainName(r.arg2)
		why += " (" + name + ")"
		switch name {
		case "_codecs.encode", "__builtin__.bytes", "builtins.bytes":
			why += "; CPython pickles bytes this way below protocol 3, so send bytes with protocol 3 or higher"
		}
	}
	return &Error{Offset: int64(r.off), Op: int(r.op), Msg: why, Err: ErrRefused}
}

func plainName(b []byte) string {
	if len(b) > 64 {
		return quoteArg(b)
	}
	for _, c := range b {
		if !(c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return quoteArg(b)
		}
	}
	return string(b)
}

// quoteArg quotes an argument for an error message, cut to 64 bytes.
func quoteArg(b []byte) string {
	if len(b) > 64 {
		return strconv.QuoteToASCII(string(b[:64])) + "..."
	}
	return strconv.QuoteToASCII(string(b))
}
