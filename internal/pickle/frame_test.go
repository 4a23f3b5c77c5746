package pickle

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

// plainReader hides every method but Read, so ReadFrame cannot use ReadByte.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

// streamPickles are pickles of every protocol, as CPython writes them.
func streamPickles(t *testing.T) [][]byte {
	t.Helper()
	var ps [][]byte
	for _, v := range encodeVectors {
		if v.py == "[1, 2, 7, 9, 0]" || v.py == "{'a': 1, 'b': [1, 2]}" || v.py == "'\\u20acuro'" {
			ps = append(ps, []byte(v.pickle))
		}
	}
	if len(ps) != 18 {
		t.Fatalf("found %d stream pickles in the vectors; want 18", len(ps))
	}
	return ps
}

// TestDecoderBackToBack: pickles back to back on one stream decode one at a
// time, and the bytes after the last are still in the reader, whatever the
// reader: a ByteReader, a plain Reader, one byte per Read, half of each Read.
func TestDecoderBackToBack(t *testing.T) {
	ps := streamPickles(t)
	const trailer = "not a pickle: left for the next reader"
	stream := bytes.Join(ps, nil)
	stream = append(stream, trailer...)
	readers := []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"bytes.Reader", func(r io.Reader) io.Reader { return r }},
		{"plain Reader", func(r io.Reader) io.Reader { return plainReader{r} }},
		{"OneByteReader", iotest.OneByteReader},
		{"HalfReader", iotest.HalfReader},
	}
	for _, rd := range readers {
		src := bytes.NewReader(stream)
		d := NewDecoder(rd.wrap(src))
		for i, p := range ps {
			got, err := d.Decode()
			want, _ := Decode(p)
			if err != nil || !same(got, want) {
				t.Fatalf("%s: pickle %d: got %s, %v; want %s", rd.name, i, Repr(got), err, Repr(want))
			}
		}
		rest, _ := io.ReadAll(src)
		if string(rest) != trailer {
			t.Errorf("%s: after the pickles the reader holds %q; want %q", rd.name, rest, trailer)
		}
	}
}

// TestReadFrame: the raw bytes of exactly one pickle, and io.EOF at the end.
func TestReadFrame(t *testing.T) {
	ps := streamPickles(t)
	r := iotest.OneByteReader(bytes.NewReader(bytes.Join(ps, nil)))
	for i, p := range ps {
		got, err := ReadFrame(r, Limits{})
		if err != nil || !bytes.Equal(got, p) {
			t.Fatalf("pickle %d: ReadFrame = %q, %v; want %q", i, got, err, p)
		}
	}
	if got, err := ReadFrame(r, Limits{}); err != io.EOF || got != nil {
		t.Errorf("ReadFrame at the end = %q, %v; want nil, io.EOF", got, err)
	}
	if _, err := NewDecoder(r).Decode(); err != io.EOF {
		t.Errorf("Decoder at the end: %v; want io.EOF", err)
	}
}

// TestReadFrameRefusedOpcodes: ReadFrame frames what Decode refuses, so it
// knows the argument layout of every opcode, including GLOBAL's two lines.
func TestReadFrameRefusedOpcodes(t *testing.T) {
	p := "cos\nsystem\n(S'echo pwned'\ntR.\x93\x82\x01\x83\x01\x00\x84\x01\x02\x03\x04P1\n\x96\x01\x00\x00\x00\x00\x00\x00\x00x."
	first := len("cos\nsystem\n(S'echo pwned'\ntR.")
	r := strings.NewReader(p)
	got, err := ReadFrame(r, Limits{})
	if err != nil || string(got) != p[:first] {
		t.Fatalf("ReadFrame = %q, %v; want %q", got, err, p[:first])
	}
	got, err = ReadFrame(r, Limits{})
	if err != nil || string(got) != p[first:] {
		t.Fatalf("ReadFrame = %q, %v; want %q", got, err, p[first:])
	}
}

// TestDataWithEOF: a last Read that returns data and io.EOF together ends
// the pickle, not the decoding.
func TestDataWithEOF(t *testing.T) {
	for _, p := range streamPickles(t) {
		got, err := NewDecoder(iotest.DataErrReader(bytes.NewReader(p))).Decode()
		want, _ := Decode(p)
		if err != nil || !same(got, want) {
			t.Errorf("Decoder on %q: got %s, %v; want %s", p, Repr(got), err, Repr(want))
		}
	}
}

// TestTruncated: every proper prefix of a pickle is an error that wraps
// io.ErrUnexpectedEOF (io.EOF alone for the empty stream), on a stream and
// in memory.
func TestTruncated(t *testing.T) {
	for _, p := range streamPickles(t) {
		for n := range len(p) {
			_, err := NewDecoder(iotest.OneByteReader(bytes.NewReader(p[:n]))).Decode()
			if n == 0 {
				if err != io.EOF {
					t.Errorf("Decoder on empty input: %v; want io.EOF", err)
				}
			} else if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "unexpected EOF") {
				t.Errorf("Decoder on %q: %v; want io.ErrUnexpectedEOF", p[:n], err)
			}
			if _, err := Decode(p[:n]); !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("Decode(%q): %v; want io.ErrUnexpectedEOF", p[:n], err)
			}
		}
	}
}

// TestReadFrameErrors: read errors pass through (a deadline stays a
// deadline), and a declared length beyond MaxBytes is refused before any of
// it is read.
func TestReadFrameErrors(t *testing.T) {
	r := io.MultiReader(strings.NewReader("(lp0\nI1\na"), iotest.ErrReader(os.ErrDeadlineExceeded))
	_, err := ReadFrame(r, Limits{})
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("ReadFrame after a deadline: %v; want os.ErrDeadlineExceeded", err)
	}

	src := strings.NewReader("\x80\x04\x8d\xff\xff\xff\xff\x00\x00\x00\x00" + strings.Repeat("x", 100))
	_, err = ReadFrame(src, Limits{MaxBytes: 1 << 20})
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "opcode BINUNICODE8 (0x8d) at offset 2: declared length 4294967295") {
		t.Errorf("ReadFrame of a 4 GiB BINUNICODE8: %v; want ErrLimit naming it", err)
	}
	if src.Len() != 100 {
		t.Errorf("ReadFrame read %d bytes of the refused argument; want none", 100-src.Len())
	}

	_, err = ReadFrame(strings.NewReader(strings.Repeat("N", 100)+"."), Limits{MaxBytes: 50})
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "longer than Limits.MaxBytes (50)") {
		t.Errorf("ReadFrame of 101 bytes with MaxBytes 50: %v; want ErrLimit", err)
	}

	_, err = ReadFrame(strings.NewReader("N\xfe."), Limits{})
	if err == nil || err.Error() != "pickle: at offset 1: unknown opcode 0xfe" {
		t.Errorf("ReadFrame of an unknown opcode: %v", err)
	}
}
