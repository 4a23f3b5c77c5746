package pickle

import (
	"bytes"
	"errors"
	"testing"
)

// fuzzLimits keep each execution small, so the fuzzer runs many.
var fuzzLimits = Limits{MaxBytes: 64 << 10, MaxDepth: 40, MaxLen: 1 << 14, MaxAlloc: 4 << 20}

// FuzzDecode: no input panics, every error is an *Error (or io.EOF), and
// whatever decodes also re-encodes at every protocol to a pickle that decodes
// to the same value; Decode, ReadFrame and Decoder agree.
func FuzzDecode(f *testing.F) {
	for _, v := range encodeVectors {
		p := []byte(v.pickle)
		f.Add(p)
		f.Add(p[:len(p)/2])                         // truncated
		f.Add(append(append([]byte{}, p...), p...)) // two back to back
		if len(p) > 3 {
			broken := bytes.Clone(p)
			broken[len(p)/2] ^= 0x5a // one byte flipped
			f.Add(broken)
		}
	}
	for _, v := range loadVectors {
		f.Add([]byte(v.pickle))
	}
	for _, v := range refusedVectors {
		f.Add([]byte(v.pickle))
	}
	for _, h := range hostileInputs() {
		if len(h.pickle) < 256 {
			f.Add(h.pickle)
		} else {
			f.Add(h.pickle[:128])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := DecodeLimits(data, fuzzLimits)
		var pe *Error
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("DecodeLimits(%q) error %v is not an *Error", data, err)
		}
		d := NewDecoder(bytes.NewReader(data))
		d.Limits = fuzzLimits
		dv, derr := d.Decode()
		frame, ferr := ReadFrame(bytes.NewReader(data), fuzzLimits)
		if err == nil {
			if derr != nil || !same(v, dv) {
				t.Fatalf("Decoder(%q) = %s, %v; Decode gave %s", data, Repr(dv), derr, Repr(v))
			}
			if ferr != nil || !bytes.Equal(frame, data) {
				t.Fatalf("ReadFrame(%q) = %q, %v; want all of it", data, frame, ferr)
			}
		}
		if ferr == nil {
			if fv, err := DecodeLimits(frame, fuzzLimits); (err == nil) != (derr == nil) || err == nil && !same(fv, dv) {
				t.Fatalf("Decode(ReadFrame(%q)) = %s, %v; Decoder gave %s, %v", data, Repr(fv), err, Repr(dv), derr)
			}
		}
		if err != nil {
			return
		}
		_ = Repr(v)
		for p := 0; p <= HighestProtocol; p++ {
			b, err := Encode(v, p)
			if err != nil {
				// A Python 2 str may hold bytes that are not UTF-8; nothing else fails.
				if bytes.Contains([]byte(err.Error()), []byte("not valid UTF-8")) {
					return
				}
				t.Fatalf("Encode(%s, %d) of a decoded value: %v", Repr(v), p, err)
			}
			if p < 3 && hasBytes(v) {
				continue
			}
			back, err := DecodeLimits(b, Limits{MaxBytes: 1 << 24, MaxAlloc: 1 << 28, MaxDepth: 1000, MaxLen: 1 << 24})
			if err != nil || !same(back, v) {
				t.Fatalf("Decode(Encode(%s, %d)) = %s, %v", Repr(v), p, Repr(back), err)
			}
		}
	})
}
