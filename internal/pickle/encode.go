package pickle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// Encode returns the pickle of v with the given protocol (0 to 5; a negative
// protocol means HighestProtocol, as in Python), byte-identical to CPython
// 3's pickle.dumps(v, protocol=protocol). See the package documentation for
// the values it takes and how it treats shared objects.
func Encode(v any, protocol int) ([]byte, error) {
	if protocol < 0 {
		protocol = HighestProtocol
	}
	if protocol > HighestProtocol {
		return nil, errors.New("pickle: unsupported protocol " + strconv.Itoa(protocol) + " (0 to 5)")
	}
	e := encoder{proto: protocol, frameStart: -1}
	if err := e.encode(v); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// An Encoder writes pickles to a stream.
type Encoder struct {
	w        io.Writer
	protocol int
}

// NewEncoder returns an Encoder writing pickles of the given protocol to w.
func NewEncoder(w io.Writer, protocol int) *Encoder { return &Encoder{w: w, protocol: protocol} }

// Encode writes the pickle of v in one Write, the bytes of Encode(v,
// protocol): each call is a pickle.dumps of its own, with its own memo.
func (e *Encoder) Encode(v any) error {
	b, err := Encode(v, e.protocol)
	if err != nil {
		return err
	}
	_, err = e.w.Write(b)
	return err
}

// maxEncodeDepth stops a value that contains itself, as CPython's recursion
// limit stops a deep one.
const maxEncodeDepth = 1000

const (
	frameHeader = 9        // FRAME and its 8-byte length
	frameMin    = 4        // CPython leaves a smaller frame unframed
	frameTarget = 64 << 10 // CPython ends a frame at a save once it is this long
	batchSize   = 1000     // CPython's APPENDS/SETITEMS batch
)

// identity is an object CPython shares, so its second appearance is a memo
// GET: the empty str and bytes and the one-character str below U+0100 (the
// singletons that decoding, chr, slicing and joining return), the globals
// _codecs.encode and __builtin__.bytes, and the interned 'latin1' argument
// of the first. One-byte bytes are singletons only when made some ways
// (literals, bytes([n]), slicing) and not others (socket recv,
// pickle.loads), so they count as fresh objects.
type identity struct {
	kind byte // 's' str, 'b' bytes, 'g' global, 'l' the codec's 'latin1'
	val  string
}

type encoder struct {
	proto      int
	buf        []byte
	framing    bool
	frameStart int // offset of the open frame's header, or -1
	memoLen    int
	shared     map[identity]int
	depth      int
	key        []byte
}

func (e *encoder) encode(v any) error {
	if e.proto >= 2 {
		e.buf = append(e.buf, opProto, byte(e.proto))
	}
	e.framing = e.proto >= 4
	if err := e.save(v); err != nil {
		return err
	}
	e.write(opStop)
	e.commitFrame()
	return nil
}

// open starts a frame before a write when framing has none open.
func (e *encoder) open() {
	if e.framing && e.frameStart < 0 {
		e.frameStart = len(e.buf)
		e.buf = append(e.buf, make([]byte, frameHeader)...)
	}
}

func (e *encoder) write(b ...byte) {
	e.open()
	e.buf = append(e.buf, b...)
}

func (e *encoder) writeString(s string) {
	e.open()
	e.buf = append(e.buf, s...)
}

func (e *encoder) commitFrame() {
	if e.frameStart < 0 {
		return
	}
	n := len(e.buf) - e.frameStart - frameHeader
	if n >= frameMin {
		e.buf[e.frameStart] = opFrame
		binary.LittleEndian.PutUint64(e.buf[e.frameStart+1:], uint64(n))
	} else {
		copy(e.buf[e.frameStart:], e.buf[e.frameStart+frameHeader:])
		e.buf = e.buf[:len(e.buf)-frameHeader]
	}
	e.frameStart = -1
}

// writeLarge writes a str or bytes of 64 KiB or more as CPython does when
// framing: it ends the open frame and writes header and data unframed.
func (e *encoder) writeLarge(header []byte, data string) {
	e.commitFrame()
	e.buf = append(e.buf, header...)
	e.buf = append(e.buf, data...)
}

func (e *encoder) memoize(id *identity) {
	if id != nil {
		if e.shared == nil {
			e.shared = make(map[identity]int)
		}
		e.shared[*id] = e.memoLen
	}
	i := e.memoLen
	e.memoLen++
	switch {
	case e.proto >= 4:
		e.write(opMemoize)
	case e.proto == 0:
		e.write(opPut)
		e.writeString(strconv.Itoa(i))
		e.write('\n')
	case i < 256:
		e.write(opBinput, byte(i))
	default:
		e.write(opLongBinput, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
	}
}

// get writes a memo GET for id if it was memoized, and reports whether it was.
func (e *encoder) get(id *identity) bool {
	i, ok := e.shared[*id]
	if !ok {
		return false
	}
	switch {
	case e.proto == 0:
		e.write(opGet)
		e.writeString(strconv.Itoa(i))
		e.write('\n')
	case i < 256:
		e.write(opBinget, byte(i))
	default:
		e.write(opLongBinget, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
	}
	return true
}

func (e *encoder) save(v any) error {
	// CPython ends a frame that has grown past the target at the start of
	// every save.
	if e.frameStart >= 0 && len(e.buf)-e.frameStart-frameHeader >= frameTarget {
		e.commitFrame()
	}
	switch v := v.(type) {
	case nil:
		e.write(opNone)
	case bool:
		e.saveBool(v)
	case float64:
		e.saveFloat(v)
	case float32:
		e.saveFloat(float64(v))
	case string:
		if !utf8.ValidString(v) {
			return errors.New("pickle: cannot encode a string that is not valid UTF-8 as a Python str (use []byte)")
		}
		if uint64(len(v)) > math.MaxUint32 && e.proto < 4 {
			return errors.New("pickle: a str longer than 4 GiB needs protocol 4 or higher")
		}
		e.saveStr(v, strIdentity(v))
	case []byte:
		if uint64(len(v)) > math.MaxUint32 && e.proto < 4 {
			return errors.New("pickle: bytes longer than 4 GiB need protocol 4 or higher")
		}
		e.saveBytes(v)
	case []any:
		return e.saveList(v)
	case Tuple:
		return e.saveTuple(v)
	case Dict:
		return e.saveDict(v)
	case []Item:
		return e.saveDict(v)
	default:
		i, b, ok := asInt(v)
		if !ok {
			if _, isBig := v.(*big.Int); isBig {
				return errors.New("pickle: cannot encode a nil *big.Int")
			}
			return fmt.Errorf("pickle: cannot encode Go type %T (Encode takes nil, bool, integers, *big.Int, float64, string, []byte, []any, Tuple, Dict)", v)
		}
		if b != nil {
			return e.saveBig(b)
		}
		return e.saveInt(i)
	}
	return nil
}

func (e *encoder) saveBool(v bool) {
	switch {
	case e.proto >= 2 && v:
		e.write(opNewtrue)
	case e.proto >= 2:
		e.write(opNewfalse)
	case v:
		e.writeString("I01\n")
	default:
		e.writeString("I00\n")
	}
}

func (e *encoder) saveInt(v int64) error {
	switch {
	case fitsInt32(v) && e.proto == 0:
		e.write(opInt)
		e.writeString(strconv.FormatInt(v, 10))
		e.write('\n')
	case v >= 0 && v < 1<<8:
		e.write(opBinint1, byte(v))
	case v >= 0 && v < 1<<16:
		e.write(opBinint2, byte(v), byte(v>>8))
	case fitsInt32(v):
		e.write(opBinint, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	case e.proto >= 2:
		e.open()
		e.buf = append(e.buf, opLong1, 0)
		n := len(e.buf)
		e.buf = appendLong(e.buf, v)
		e.buf[n-1] = byte(len(e.buf) - n)
	default:
		e.write(opLong)
		e.writeString(strconv.FormatInt(v, 10))
		e.writeString("L\n")
	}
	return nil
}

func (e *encoder) saveBig(v *big.Int) error {
	if e.proto < 2 {
		s := v.String()
		if d := len(s) - 1 + (v.Sign()+1)/2; d > maxIntDigits {
			return errors.New("pickle: int of " + strconv.Itoa(d) + " digits exceeds CPython's limit of " +
				strconv.Itoa(maxIntDigits) + " for protocols 0 and 1, which write ints as decimal text")
		}
		e.write(opLong)
		e.writeString(s)
		e.writeString("L\n")
		return nil
	}
	long := appendBigLong(nil, v)
	if len(long) < 256 {
		e.write(opLong1, byte(len(long)))
	} else {
		e.write(opLong4, byte(len(long)), byte(len(long)>>8), byte(len(long)>>16), byte(len(long)>>24))
	}
	e.write(long...)
	return nil
}

func (e *encoder) saveFloat(v float64) {
	if e.proto == 0 {
		e.write(opFloat)
		e.writeString(floatRepr(v))
		e.write('\n')
		return
	}
	e.write(opBinfloat)
	e.write(binary.BigEndian.AppendUint64(nil, math.Float64bits(v))...)
}

// strIdentity is the identity of s when CPython keeps it as a singleton.
func strIdentity(s string) *identity {
	if s == "" {
		return &identity{'s', s}
	}
	if r, n := utf8.DecodeRuneInString(s); n == len(s) && r < 0x100 {
		return &identity{'s', s}
	}
	return nil
}

// saveStr writes a str; s is valid UTF-8. id, when not nil, makes a second
// appearance a memo GET.
func (e *encoder) saveStr(s string, id *identity) {
	if id != nil && e.get(id) {
		return
	}
	n := len(s)
	switch {
	case e.proto == 0:
		e.write(opUnicode)
		e.open()
		e.buf = appendRawUnicodeEscape(e.buf, s)
		e.write('\n')
	case n <= 0xff && e.proto >= 4:
		e.write(opShortBinunicode, byte(n))
		e.writeString(s)
	case uint64(n) > math.MaxUint32 && e.proto >= 4:
		e.writeLarge(binary.LittleEndian.AppendUint64([]byte{opBinunicode8}, uint64(n)), s)
	case e.framing && n >= frameTarget:
		e.writeLarge(binary.LittleEndian.AppendUint32([]byte{opBinunicode}, uint32(n)), s)
	default:
		e.write(opBinunicode, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
		e.writeString(s)
	}
	e.memoize(id)
}

// appendRawUnicodeEscape is CPython's raw-unicode-escape as protocol 0
// uses it: also escaping backslash, NUL, newline, carriage return and ^Z.
func appendRawUnicodeEscape(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for _, r := range s {
		switch {
		case r >= 0x10000:
			dst = append(dst, '\\', 'U')
			for sh := 28; sh >= 0; sh -= 4 {
				dst = append(dst, hex[(r>>sh)&15])
			}
		case r >= 0x100 || r == '\\' || r == 0 || r == '\n' || r == '\r' || r == 0x1a:
			dst = append(dst, '\\', 'u', hex[(r>>12)&15], hex[(r>>8)&15], hex[(r>>4)&15], hex[r&15])
		default:
			dst = append(dst, byte(r))
		}
	}
	return dst
}

func (e *encoder) saveBytes(b []byte) {
	var id *identity
	if len(b) == 0 {
		id = &identity{'b', ""}
		if e.get(id) {
			return
		}
	}
	if e.proto < 3 {
		e.saveBytesReduce(b, id)
		return
	}
	n := len(b)
	switch {
	case n <= 0xff:
		e.write(opShortBinbytes, byte(n))
		e.write(b...)
	case uint64(n) > math.MaxUint32 && e.proto >= 4:
		e.writeLarge(binary.LittleEndian.AppendUint64([]byte{opBinbytes8}, uint64(n)), string(b))
	case e.framing && n >= frameTarget:
		e.writeLarge(binary.LittleEndian.AppendUint32([]byte{opBinbytes}, uint32(n)), string(b))
	default:
		e.write(opBinbytes, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
		e.write(b...)
	}
	e.memoize(id)
}

// saveBytesReduce writes bytes below protocol 3 as CPython does, as the call
// _codecs.encode(str_of_latin1, 'latin1'), or __builtin__.bytes() when empty.
func (e *encoder) saveBytesReduce(b []byte, id *identity) {
	if len(b) == 0 {
		e.saveGlobal("__builtin__", "bytes")
		_ = e.save(Tuple{}) // an empty tuple cannot fail
	} else {
		e.saveGlobal("_codecs", "encode")
		latin1 := make([]byte, 0, 2*len(b))
		for _, c := range b {
			latin1 = utf8.AppendRune(latin1, rune(c))
		}
		s := string(latin1)
		open := e.proto < 2
		if open {
			e.write(opMark)
		}
		e.saveStr(s, strIdentity(s))
		e.saveStr("latin1", &identity{'l', ""})
		if open {
			e.write(opTuple)
		} else {
			e.write(opTuple2)
		}
		e.memoize(nil)
	}
	e.write(opReduce)
	e.memoize(id)
}

func (e *encoder) saveGlobal(module, name string) {
	id := &identity{'g', module + "." + name}
	if e.get(id) {
		return
	}
	e.write(opGlobal)
	e.writeString(module)
	e.write('\n')
	e.writeString(name)
	e.write('\n')
	e.memoize(id)
}

func (e *encoder) enter() error {
	e.depth++
	if e.depth > maxEncodeDepth {
		return errors.New("pickle: cannot encode a value nested deeper than " + strconv.Itoa(maxEncodeDepth) +
			" (does it contain itself?)")
	}
	return nil
}

func (e *encoder) saveTuple(t Tuple) error {
	if len(t) == 0 {
		if e.proto >= 1 {
			e.write(opEmptyTuple)
		} else {
			e.write(opMark, opTuple)
		}
		return nil
	}
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	short := len(t) <= 3 && e.proto >= 2
	if !short {
		e.write(opMark)
	}
	for _, v := range t {
		if err := e.save(v); err != nil {
			return err
		}
	}
	if short {
		e.write(opTuple1 + byte(len(t)-1))
	} else {
		e.write(opTuple)
	}
	e.memoize(nil)
	return nil
}

func (e *encoder) saveList(l []any) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	if e.proto >= 1 {
		e.write(opEmptyList)
	} else {
		e.write(opMark, opList)
	}
	e.memoize(nil)
	switch {
	case len(l) == 0:
	case e.proto == 0 || len(l) == 1:
		for _, v := range l {
			if err := e.save(v); err != nil {
				return err
			}
			e.write(opAppend)
		}
	default:
		for i := 0; i < len(l); {
			e.write(opMark)
			for n := 0; n < batchSize && i < len(l); n, i = n+1, i+1 {
				if err := e.save(l[i]); err != nil {
					return err
				}
			}
			e.write(opAppends)
		}
	}
	return nil
}

func (e *encoder) saveDict(d []Item) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer func() { e.depth-- }()
	if err := e.checkKeys(d); err != nil {
		return err
	}
	if e.proto >= 1 {
		e.write(opEmptyDict)
	} else {
		e.write(opMark, opDict)
	}
	e.memoize(nil)
	item := func(it Item) error {
		if err := e.save(it.Key); err != nil {
			return err
		}
		return e.save(it.Value)
	}
	switch {
	case len(d) == 0:
	case e.proto == 0 || len(d) == 1:
		for _, it := range d {
			if err := item(it); err != nil {
				return err
			}
			e.write(opSetitem)
		}
	default:
		// CPython's batch_dict_exact loops while the last batch was full,
		// so a dict of exactly 1000 items ends with an empty MARK SETITEMS.
		i := 0
		for {
			e.write(opMark)
			n := 0
			for ; n < batchSize && i < len(d); n, i = n+1, i+1 {
				if err := item(d[i]); err != nil {
					return err
				}
			}
			e.write(opSetitems)
			if n != batchSize {
				break
			}
		}
	}
	return nil
}

// checkKeys refuses what no Python dict holds: unhashable or repeated keys.
func (e *encoder) checkKeys(d []Item) error {
	var seen map[string]bool
	if len(d) > 1 {
		seen = make(map[string]bool, len(d))
	}
	var nan uint64
	for _, it := range d {
		k, err := appendKey(e.key[:0], it.Key, &nan)
		if err != nil {
			if err == errUnsupportedKey {
				return fmt.Errorf("pickle: cannot encode Go type %T as a dict key", it.Key)
			}
			return errors.New("pickle: dict key: " + err.Error())
		}
		e.key = k
		if seen != nil {
			if seen[string(k)] {
				return errors.New("pickle: dict has the key " + Repr(it.Key) + " twice")
			}
			seen[string(k)] = true
		}
	}
	return nil
}
