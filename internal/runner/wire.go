package runner

import (
	"encoding/binary"
	"errors"
	"time"
)

// The wire form of an Event is how events cross from the engine (a Web
// Worker in the page) to the view: compact, with no reflection, so a
// 100,000-line run costs little to move. An event is its kind byte, a
// byte of flags saying which fields follow, then At as a uvarint of
// nanoseconds and each present field in order: Who, Text, Addr, Peer as a
// uvarint length and bytes; Conn as a uvarint; N and Off as varints; the
// Status of an End event as a byte.
//
// The kind byte's top bit says a second byte of flags follows the first,
// for the fields the tracer's states added: Where and By, strings, after
// the Status. An event without them is encoded as before, byte for byte,
// so bytes written before they existed still read. (Kinds stay below 128.)

const (
	hasWho = 1 << iota
	hasText
	hasConn
	hasAddr
	hasPeer
	hasN
	hasOff
	hasStatus
)

// The second flags byte, and the kind byte's bit that announces it.
const (
	hasWhere = 1 << iota
	hasBy

	kindMore = 1 << 7
)

// AppendEvent appends the wire form of e to b.
func AppendEvent(b []byte, e Event) []byte {
	var flags byte
	if e.Who != "" {
		flags |= hasWho
	}
	if e.Text != "" {
		flags |= hasText
	}
	if e.Conn != 0 {
		flags |= hasConn
	}
	if e.Addr != "" {
		flags |= hasAddr
	}
	if e.Peer != "" {
		flags |= hasPeer
	}
	if e.N != 0 {
		flags |= hasN
	}
	if e.Off != 0 {
		flags |= hasOff
	}
	if e.Status != 0 {
		flags |= hasStatus
	}
	var more byte
	if e.Where != "" {
		more |= hasWhere
	}
	if e.By != "" {
		more |= hasBy
	}
	if more == 0 {
		b = append(b, byte(e.Kind), flags)
	} else {
		b = append(b, byte(e.Kind)|kindMore, flags, more)
	}
	b = binary.AppendUvarint(b, uint64(max(e.At, 0)))
	for _, f := range [...]struct {
		bit byte
		s   string
	}{{hasWho, e.Who}, {hasText, e.Text}} {
		if flags&f.bit != 0 {
			b = appendString(b, f.s)
		}
	}
	if flags&hasConn != 0 {
		b = binary.AppendUvarint(b, e.Conn)
	}
	if flags&hasAddr != 0 {
		b = appendString(b, e.Addr)
	}
	if flags&hasPeer != 0 {
		b = appendString(b, e.Peer)
	}
	if flags&hasN != 0 {
		b = binary.AppendVarint(b, int64(e.N))
	}
	if flags&hasOff != 0 {
		b = binary.AppendVarint(b, e.Off)
	}
	if flags&hasStatus != 0 {
		b = append(b, byte(e.Status))
	}
	if more&hasWhere != 0 {
		b = appendString(b, e.Where)
	}
	if more&hasBy != 0 {
		b = appendString(b, e.By)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// ErrBadWire is returned by ReadEvent for bytes that are not an event.
var ErrBadWire = errors.New("runner: malformed event bytes")

// ReadEvent decodes the event at the start of b and returns it with the
// bytes after it.
func ReadEvent(b []byte) (Event, []byte, error) {
	var e Event
	if len(b) < 2 {
		return e, b, ErrBadWire
	}
	kind, flags := b[0], b[1]
	b = b[2:]
	e.Kind = Kind(kind &^ kindMore)
	r := wireReader{b: b}
	var more byte
	if kind&kindMore != 0 {
		if more = r.byte(); more == 0 || more >= hasBy<<1 {
			r.bad = true // announced, then empty or unknown
		}
	}
	at := r.uvarint()
	e.At = time.Duration(at)
	if e.At < 0 {
		r.bad = true
	}
	if flags&hasWho != 0 {
		e.Who = r.string()
	}
	if flags&hasText != 0 {
		e.Text = r.string()
	}
	if flags&hasConn != 0 {
		e.Conn = r.uvarint()
	}
	if flags&hasAddr != 0 {
		e.Addr = r.string()
	}
	if flags&hasPeer != 0 {
		e.Peer = r.string()
	}
	if flags&hasN != 0 {
		e.N = int(r.varint())
	}
	if flags&hasOff != 0 {
		e.Off = r.varint()
	}
	if flags&hasStatus != 0 {
		e.Status = Status(r.byte())
	}
	if more&hasWhere != 0 {
		e.Where = r.string()
	}
	if more&hasBy != 0 {
		e.By = r.string()
	}
	if r.bad {
		return Event{}, b, ErrBadWire
	}
	return e, r.b, nil
}

// wireReader reads fields, remembering the first failure.
type wireReader struct {
	b   []byte
	bad bool
}

func (r *wireReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *wireReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *wireReader) byte() byte {
	if len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *wireReader) string() string {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
