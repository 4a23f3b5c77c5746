package runner

import (
	"encoding/binary"
	"errors"
)

// Request is what a front end asks an engine in another worker or process
// to run: a program by name with knob values. It crosses the boundary in
// the wire form of [AppendRequest], beside the events that come back; the
// engine checks nothing itself, since [Run] fills defaults and checks
// ranges for every caller alike.
type Request struct {
	Program string // the program's short name; "" for the only program there is
	Values  Values // knob values; a knob missing here takes its default
}

// requestVersion is the first byte of a request's wire form. A front end
// and an engine from different builds must not misread each other; they
// are always the same build today, so a mismatch means a bug.
const requestVersion = 1

// maxRequestValues bounds the knob values a request may carry; a program
// has a handful of knobs.
const maxRequestValues = 64

// AppendRequest appends the wire form of q to b: the version, the program
// name, the number of values, then each name and value.
func AppendRequest(b []byte, q Request) []byte {
	b = append(b, requestVersion)
	b = appendString(b, q.Program)
	b = binary.AppendUvarint(b, uint64(len(q.Values)))
	for name, v := range q.Values {
		b = appendString(b, name)
		b = binary.AppendVarint(b, int64(v))
	}
	return b
}

// ErrBadRequest is returned by ReadRequest for bytes that are not a request.
var ErrBadRequest = errors.New("runner: malformed request bytes")

// ReadRequest decodes a request that fills all of b.
func ReadRequest(b []byte) (Request, error) {
	var q Request
	if len(b) == 0 || b[0] != requestVersion {
		return q, ErrBadRequest
	}
	r := wireReader{b: b[1:]}
	q.Program = r.string()
	n := r.uvarint()
	if n > maxRequestValues {
		return Request{}, ErrBadRequest
	}
	if n > 0 {
		q.Values = make(Values, n)
	}
	for range n {
		name := r.string()
		v := r.varint()
		if r.bad || int64(int(v)) != v {
			return Request{}, ErrBadRequest
		}
		q.Values[name] = int(v)
	}
	if r.bad || len(r.b) != 0 {
		return Request{}, ErrBadRequest
	}
	return q, nil
}
