package protocol

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"time"
)

// ErrMalformed is returned by [Decode] for bytes that are not a message.
var ErrMalformed = errors.New("protocol: malformed message")

// VersionError is returned by [Decode] for a message of another version:
// the page and the worker came from different builds of the site.
type VersionError struct {
	Got byte
}

// Error says both versions.
func (e *VersionError) Error() string {
	return "protocol: message version " + strconv.Itoa(int(e.Got)) + ", want " + strconv.Itoa(Version)
}

// Limits of a request and a result. A build refuses a request past MaxFiles
// or MaxSource with a message; the worker sends at most MaxDiagnostics.
// Decode refuses lists longer than four times the limits outright, so that a
// hostile message cannot make it build a huge slice of empty items.
const (
	MaxFiles       = 32      // files in one request
	MaxSource      = 1 << 20 // bytes of source in one request
	MaxDiagnostics = 1000    // diagnostics in one result
)

// Append appends the wire form of m to b.
func Append(b []byte, m Message) []byte {
	b = append(b, Version, byte(m.msgType()))
	switch m := m.(type) {
	case BuildRequest:
		b = binary.AppendUvarint(b, uint64(m.ID))
		b = append(b, byte(m.Kind))
		b = appendString(b, m.Program)
		b = binary.AppendUvarint(b, uint64(len(m.Files)))
		for _, f := range m.Files {
			b = appendString(b, f.Name)
			b = appendString(b, f.Text)
		}
	case FormatRequest:
		b = binary.AppendUvarint(b, uint64(m.ID))
		b = appendString(b, m.File.Name)
		b = appendString(b, m.File.Text)
	case PrepareRequest:
		b = binary.AppendUvarint(b, uint64(m.ID))
	case Progress:
		b = binary.AppendUvarint(b, uint64(m.ID))
		b = append(b, byte(m.Phase))
		b = binary.AppendVarint(b, m.Done)
		b = binary.AppendVarint(b, m.Total)
		b = appendString(b, m.Text)
	case BuildResult:
		b = binary.AppendUvarint(b, uint64(m.ID))
		b = appendBool(b, m.OK)
		b = appendBool(b, m.Delivered)
		b = appendString(b, string(m.Wasm)) // no copy: the conversion is only read
		b = appendDiagnostics(b, m.Diagnostics)
		b = appendString(b, m.Output)
		for _, d := range [...]time.Duration{m.Timings.Download, m.Timings.Instantiate, m.Timings.Compile, m.Timings.Link} {
			b = binary.AppendUvarint(b, uint64(max(d, 0)))
		}
	case FormatResult:
		b = binary.AppendUvarint(b, uint64(m.ID))
		b = appendBool(b, m.OK)
		b = appendString(b, m.Text)
		b = appendDiagnostics(b, m.Diagnostics)
		b = appendString(b, m.Output)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendDiagnostics(b []byte, ds []Diagnostic) []byte {
	b = binary.AppendUvarint(b, uint64(len(ds)))
	for _, d := range ds {
		b = appendString(b, d.File)
		b = binary.AppendUvarint(b, uint64(max(d.Line, 0)))
		b = binary.AppendUvarint(b, uint64(max(d.Col, 0)))
		b = appendString(b, d.Msg)
	}
	return b
}

// Decode reads the one message that b holds. The message does not keep b:
// a BuildResult's Wasm is a copy.
func Decode(b []byte) (Message, error) {
	if len(b) < 2 {
		return nil, ErrMalformed
	}
	if b[0] != Version {
		return nil, &VersionError{Got: b[0]}
	}
	r := reader{b: b[2:]}
	var m Message
	switch msgType(b[1]) {
	case tBuildRequest:
		req := BuildRequest{ID: r.id(), Kind: Kind(r.byte()), Program: r.string()}
		if req.Kind != Plain && req.Kind != Builtin {
			r.bad = true
		}
		for range r.count(4 * MaxFiles) {
			req.Files = append(req.Files, File{Name: r.string(), Text: r.string()})
			if r.bad {
				break
			}
		}
		m = req
	case tFormatRequest:
		m = FormatRequest{ID: r.id(), File: File{Name: r.string(), Text: r.string()}}
	case tPrepareRequest:
		m = PrepareRequest{ID: r.id()}
	case tProgress:
		p := Progress{ID: r.id(), Phase: Phase(r.byte()), Done: r.varint(), Total: r.varint(), Text: r.string()}
		if p.Phase < Download || p.Phase > Link {
			r.bad = true
		}
		m = p
	case tBuildResult:
		res := BuildResult{ID: r.id(), OK: r.bool(), Delivered: r.bool()}
		if w := r.bytes(); len(w) > 0 {
			res.Wasm = append([]byte(nil), w...)
		}
		res.Diagnostics = r.diagnostics()
		res.Output = r.string()
		res.Timings = Timings{Download: r.duration(), Instantiate: r.duration(), Compile: r.duration(), Link: r.duration()}
		m = res
	case tFormatResult:
		m = FormatResult{ID: r.id(), OK: r.bool(), Text: r.string(), Diagnostics: r.diagnostics(), Output: r.string()}
	default:
		return nil, ErrMalformed
	}
	if r.bad || len(r.b) != 0 {
		return nil, ErrMalformed
	}
	return m, nil
}

// reader reads fields, remembering the first failure; after one it reads
// zeros.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uvarint() uint64 {
	if r.bad {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.bad {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) id() uint32 {
	v := r.uvarint()
	if v > math.MaxUint32 {
		r.bad = true
		return 0
	}
	return uint32(v)
}

// int reads a uvarint that must fit an int32, which any line or column does.
func (r *reader) int() int {
	v := r.uvarint()
	if v > math.MaxInt32 {
		r.bad = true
		return 0
	}
	return int(v)
}

func (r *reader) duration() time.Duration {
	v := r.uvarint()
	if v > math.MaxInt64 {
		r.bad = true
		return 0
	}
	return time.Duration(v)
}

func (r *reader) byte() byte {
	if r.bad || len(r.b) == 0 {
		r.bad = true
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) bool() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.bad = true
	return false
}

// bytes returns the next length-prefixed field, not copied.
func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) string() string {
	return string(r.bytes())
}

// count reads a list's length, at most limit. Every item takes at least one
// byte, so a count larger than what is left is a lie too. Items are
// appended as they are read, never allocated ahead for a count.
func (r *reader) count(limit int) int {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) || n > uint64(limit) {
		r.bad = true
		return 0
	}
	return int(n)
}

func (r *reader) diagnostics() []Diagnostic {
	var ds []Diagnostic
	for range r.count(4 * MaxDiagnostics) {
		ds = append(ds, Diagnostic{File: r.string(), Line: r.int(), Col: r.int(), Msg: r.string()})
		if r.bad {
			return nil
		}
	}
	return ds
}
