package pickle

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func nested(depth int) any {
	var v any = int64(1)
	for range depth {
		v = []any{v}
	}
	return v
}

func nestedTuples(depth int) any {
	var v any = int64(1)
	for range depth {
		v = Tuple{v, nil, nil, nil} // four items: MARK ... TUPLE at every protocol
	}
	return v
}

func mustEncode(t *testing.T, v any, p int) []byte {
	t.Helper()
	b, err := Encode(v, p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLimits: each limit stops what exceeds it with an ErrLimit naming it,
// and lets through what is at it.
func TestLimits(t *testing.T) {
	longList := make([]any, 11)
	for i := range longList {
		longList[i] = int64(i)
	}
	longDict := make(Dict, 11)
	for i := range longDict {
		longDict[i] = Item{int64(i), nil}
	}
	tests := []struct {
		name   string
		pickle []byte
		lim    Limits
		want   string // "" means it decodes
	}{
		{"MaxBytes at", mustEncode(t, "abcdef", 2), Limits{MaxBytes: 16}, ""},
		{"MaxBytes over", mustEncode(t, "abcdef", 2), Limits{MaxBytes: 15}, "longer than Limits.MaxBytes (15)"},
		{"MaxDepth at", mustEncode(t, nested(100), 2), Limits{}, ""},
		{"MaxDepth over", mustEncode(t, nested(101), 2), Limits{}, "nesting deeper than Limits.MaxDepth (100)"},
		{"MaxDepth protocol 0", mustEncode(t, nested(4), 0), Limits{MaxDepth: 3}, "nesting deeper than Limits.MaxDepth (3)"},
		{"MaxDepth MARKs at", mustEncode(t, nestedTuples(5), 0), Limits{MaxDepth: 5}, ""},
		{"MaxDepth MARKs over", mustEncode(t, nestedTuples(6), 0), Limits{MaxDepth: 5}, "MARKs nested deeper than Limits.MaxDepth (5)"},
		{"MaxLen str at", mustEncode(t, "0123456789", 2), Limits{MaxLen: 10}, ""},
		{"MaxLen str over", mustEncode(t, "0123456789a", 2), Limits{MaxLen: 10}, "length 11 exceeds Limits.MaxLen (10)"},
		{"MaxLen protocol 0 str over", mustEncode(t, "0123456789a", 0), Limits{MaxLen: 10}, "length 11 exceeds Limits.MaxLen (10)"},
		{"MaxLen bytes over", mustEncode(t, []byte("0123456789a"), 3), Limits{MaxLen: 10}, "length 11 exceeds Limits.MaxLen (10)"},
		{"MaxLen list at", mustEncode(t, longList[:10], 2), Limits{MaxLen: 10}, ""},
		{"MaxLen list over", mustEncode(t, longList, 2), Limits{MaxLen: 10}, "list of 11 items exceeds Limits.MaxLen (10)"},
		{"MaxLen protocol 0 list over", mustEncode(t, longList, 0), Limits{MaxLen: 10}, "list of 11 items exceeds Limits.MaxLen (10)"},
		{"MaxLen tuple over", mustEncode(t, Tuple(longList), 2), Limits{MaxLen: 10}, "tuple of 11 items exceeds Limits.MaxLen (10)"},
		{"MaxLen dict over", mustEncode(t, longDict, 2), Limits{MaxLen: 10}, "dict of 11 items exceeds Limits.MaxLen (10)"},
		{"MaxLen memo over", []byte("N\x94\x94\x94."), Limits{MaxLen: 2}, "more memo entries than Limits.MaxLen (2)"},
		{"MaxAlloc over", mustEncode(t, intRange(10000), 2), Limits{MaxAlloc: 100 << 10}, "decoding would allocate more than Limits.MaxAlloc (102400 bytes)"},
		{"int of 4096 bytes", []byte("\x8b\x00\x10\x00\x00" + strings.Repeat("\x01", 4096) + "."), Limits{}, ""},
		{"int of 4097 bytes", []byte("\x8b\x01\x10\x00\x00" + strings.Repeat("\x01", 4097) + "."), Limits{}, "int of 4097 bytes is longer than this decoder's limit of 4096"},
		{"list containing itself", []byte("]q\x00h\x00a."), Limits{}, "list contains itself"},
		{"dict containing itself", []byte("}q\x00K\x01h\x00s."), Limits{}, "dict contains itself"},
		{"list in a tuple containing the list", []byte("]q\x00h\x00\x85a."), Limits{}, "list contains itself"},
		{"memo doubling", func() []byte {
			var b strings.Builder
			b.WriteString("]r" + le32(0))
			for i := range 30 {
				b.WriteString("(j" + le32(uint32(i)) + "j" + le32(uint32(i)) + "lr" + le32(uint32(i+1)))
			}
			return []byte(b.String() + ".")
		}(), Limits{MaxAlloc: 4 << 20}, "decoded value is larger than Limits.MaxAlloc"},
	}
	for _, tt := range tests {
		d := NewDecoder(bytes.NewReader(tt.pickle))
		d.Limits = tt.lim
		for _, via := range []string{"DecodeLimits", "Decoder"} {
			var v any
			var err error
			if via == "Decoder" {
				v, err = d.Decode()
			} else {
				v, err = DecodeLimits(tt.pickle, tt.lim)
			}
			if tt.want == "" {
				if err != nil {
					t.Errorf("%s via %s: %v; want it decoded", tt.name, via, err)
				}
				continue
			}
			if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s via %s: got %.60s, %v; want ErrLimit containing %q", tt.name, via, Repr(v), err, tt.want)
			}
		}
	}
}

// TestZeroLimitsAreDefault: a zero field means DefaultLimits' field.
func TestZeroLimitsAreDefault(t *testing.T) {
	if got := (Limits{}).orDefault(); got != DefaultLimits {
		t.Errorf("Limits{}.orDefault() = %+v; want %+v", got, DefaultLimits)
	}
	if got := (Limits{MaxDepth: 3, MaxLen: -1}).orDefault(); got.MaxDepth != 3 || got.MaxLen != DefaultLimits.MaxLen {
		t.Errorf("Limits{MaxDepth: 3, MaxLen: -1}.orDefault() = %+v", got)
	}
	d := NewDecoder(strings.NewReader(""))
	if d.Limits != DefaultLimits {
		t.Errorf("NewDecoder(...).Limits = %+v; want DefaultLimits", d.Limits)
	}
	d = NewDecoder(strings.NewReader(string(mustEncode(t, "abcdef", 2))))
	d.Limits.MaxLen = 3
	if _, err := d.Decode(); !errors.Is(err, ErrLimit) {
		t.Errorf("Decoder with Limits.MaxLen 3 decoded a 6-byte str: %v", err)
	}
}

// TestGopickleGuard: whatever gopickle does with a program the scanner would
// never pass (here an odd SETITEMS, on which it indexes past its stack), the
// caller gets an error, not a panic.
func TestGopickleGuard(t *testing.T) {
	v, _, err := run([]byte("}(K\x01u."), DefaultLimits, 0)
	if err == nil || !strings.Contains(err.Error(), "gopickle panicked") {
		t.Errorf("run(odd SETITEMS) = %v, %v; want a recovered panic", v, err)
	}
	v, _, err = run([]byte("\x80\x07N."), DefaultLimits, 0)
	if err == nil || !strings.Contains(err.Error(), "gopickle: ") {
		t.Errorf("run(PROTO 7) = %v, %v; want gopickle's error", v, err)
	}
}

// TestErrorIsPlainNil: a value refused part-way through the conversion comes
// back as a plain nil beside the error, not as a nil []any, Tuple or Dict in
// a non-nil interface, which a caller testing v != nil would take for a value.
func TestErrorIsPlainNil(t *testing.T) {
	memoDoubling := func() string {
		var b strings.Builder
		b.WriteString("]r" + le32(0))
		for i := range 30 {
			b.WriteString("(j" + le32(uint32(i)) + "j" + le32(uint32(i)) + "lr" + le32(uint32(i+1)))
		}
		return b.String() + "."
	}()
	for _, tt := range []struct {
		name   string
		pickle string
		lim    Limits
		want   string
	}{
		{"list containing itself", "]q\x00h\x00a.", Limits{}, "list contains itself"},
		{"dict containing itself", "}q\x00K\x01h\x00s.", Limits{}, "dict contains itself"},
		{"tuple in a list containing the list", "]q\x00h\x00\x85a.", Limits{}, "list contains itself"},
		{"a list too large, found deep inside", memoDoubling, Limits{MaxAlloc: 4 << 20}, "larger than Limits.MaxAlloc"},
	} {
		v, err := DecodeLimits([]byte(tt.pickle), tt.lim)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: DecodeLimits: got %v; want an error containing %q", tt.name, err, tt.want)
		}
		if v != nil {
			t.Errorf("%s: DecodeLimits: got %.60s beside the error; want a plain nil", tt.name, fmt.Sprintf("%#v", v))
		}
		d := NewDecoder(strings.NewReader(tt.pickle))
		d.Limits = tt.lim
		if v, err = d.Decode(); err == nil || v != nil {
			t.Errorf("%s: Decoder.Decode: got %.60s, %v; want a plain nil and an error", tt.name, fmt.Sprintf("%#v", v), err)
		}
	}
	// The scanner refuses an unhashable key before gopickle runs; the
	// conversion checks again, and fails the same way.
	for _, tt := range []struct {
		name string
		prog string
	}{
		{"list key", "}(]K\x01K\x02K\x03u."},
		{"list key, in a list", "](}(]K\x01K\x02K\x03ue."},
	} {
		v, _, err := run([]byte(tt.prog), DefaultLimits, 0)
		if err == nil || !strings.Contains(err.Error(), "unhashable type: 'list'") || v != nil {
			t.Errorf("%s: run: got %#v, %v; want a plain nil and the unhashable key", tt.name, v, err)
		}
	}
}
