package pickle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"
)

// TestEncodeVectors: Encode writes CPython's bytes for every vector of
// vectors_test.go (made by testdata/gen_vectors.py).
func TestEncodeVectors(t *testing.T) {
	for _, v := range encodeVectors {
		got, err := Encode(v.value, v.protocol)
		if err != nil {
			t.Errorf("pickle.dumps(%s, protocol=%d): %v", v.py, v.protocol, err)
			continue
		}
		if string(got) != v.pickle {
			t.Errorf("pickle.dumps(%s, protocol=%d): got %q; want %q", v.py, v.protocol, got, v.pickle)
		}
	}
}

func TestEncodeBigVectors(t *testing.T) {
	for _, v := range bigVectors {
		got, err := Encode(v.value(), v.protocol)
		if err != nil {
			t.Errorf("pickle.dumps(%s, protocol=%d): %v", v.py, v.protocol, err)
			continue
		}
		sum := sha256.Sum256(got)
		if len(got) != v.length || hex.EncodeToString(sum[:]) != v.sha256 {
			t.Errorf("pickle.dumps(%s, protocol=%d): got %d bytes, sha256 %x; want %d bytes, %s",
				v.py, v.protocol, len(got), sum, v.length, v.sha256)
		}
	}
}

// TestEncodeGoTypes: the other Go integer types, float32 and []Item encode
// as the plain values do.
func TestEncodeGoTypes(t *testing.T) {
	tests := []struct {
		name  string
		value any
		same  any
	}{
		{"int", int(-7), int64(-7)},
		{"int8", int8(-8), int64(-8)},
		{"int16", int16(300), int64(300)},
		{"int32", int32(-1 << 31), int64(-1 << 31)},
		{"uint", uint(7), int64(7)},
		{"uint8", uint8(255), int64(255)},
		{"uint16", uint16(65535), int64(65535)},
		{"uint32", uint32(1 << 31), int64(1 << 31)},
		{"uint64 small", uint64(5), int64(5)},
		{"uint64 huge", uint64(1<<64 - 1), bigInt("18446744073709551615")},
		{"uintptr", uintptr(9), int64(9)},
		{"big.Int that fits", big.NewInt(-3), int64(-3)},
		{"float32", float32(0.5), float64(0.5)},
		{"[]Item", []Item{{"a", 1}}, Dict{{"a", int64(1)}}},
		{"nil []any", []any(nil), []any{}},
		{"nil []byte", []byte(nil), []byte{}},
		{"nil Dict", Dict(nil), Dict{}},
		{"nil Tuple", Tuple(nil), Tuple{}},
	}
	for _, tt := range tests {
		for p := 0; p <= HighestProtocol; p++ {
			got, err := Encode(tt.value, p)
			if err != nil {
				t.Errorf("%s, protocol %d: %v", tt.name, p, err)
				continue
			}
			want, _ := Encode(tt.same, p)
			if !bytes.Equal(got, want) {
				t.Errorf("%s, protocol %d: got %q; want %q", tt.name, p, got, want)
			}
		}
	}
}

// TestEncodeErrors: values no Python pickle can hold get an error that says why.
func TestEncodeErrors(t *testing.T) {
	deep := []any{}
	for range maxEncodeDepth + 1 {
		deep = []any{deep}
	}
	self := []any{nil}
	self[0] = self
	tests := []struct {
		name     string
		value    any
		protocol int
		want     string
	}{
		{"map", map[string]int{"a": 1}, 2, "cannot encode Go type map[string]int"},
		{"struct", struct{}{}, 2, "cannot encode Go type struct {}"},
		{"typed slice", []int{1}, 0, "cannot encode Go type []int"},
		{"nested unsupported", []any{1, Tuple{complex(1, 2)}}, 2, "cannot encode Go type complex128"},
		{"nil big.Int", (*big.Int)(nil), 2, "nil *big.Int"},
		{"invalid UTF-8", "\xff", 3, "not valid UTF-8"},
		{"list key", Dict{{[]any{1}, 2}}, 2, "unhashable type: 'list'"},
		{"dict key", Dict{{Dict{}, 2}}, 2, "unhashable type: 'dict'"},
		{"tuple key holding a list", Dict{{Tuple{1, []any{}}, 2}}, 2, "unhashable type: 'list'"},
		{"unsupported key", Dict{{struct{}{}, 2}}, 2, "cannot encode Go type struct {} as a dict key"},
		{"repeated key", Dict{{"a", 1}, {"b", 2}, {"a", 3}}, 2, "dict has the key 'a' twice"},
		{"1 and True are one key", Dict{{int64(1), 1}, {true, 2}}, 2, "dict has the key True twice"},
		{"1 and 1.0 are one key", Dict{{1.0, 1}, {int64(1), 2}}, 2, "dict has the key 1 twice"},
		{"too deep", deep, 2, "nested deeper than 1000"},
		{"contains itself", self, 2, "does it contain itself?"},
		{"protocol 6", nil, 6, "unsupported protocol 6"},
		{"int too long for text", pow10(4300), 0, "4301 digits exceeds CPython's limit of 4300"},
		{"negative int too long for text", neg(pow10(4300)), 1, "4301 digits exceeds CPython's limit of 4300"},
	}
	for _, tt := range tests {
		_, err := Encode(tt.value, tt.protocol)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "pickle: ") {
			t.Errorf("%s: got error %v; want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestEncodeNegativeProtocol: as in Python, a negative protocol is the highest.
func TestEncodeNegativeProtocol(t *testing.T) {
	got, err := Encode([]any{int64(1)}, -1)
	want, _ := Encode([]any{int64(1)}, HighestProtocol)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("Encode(protocol -1) = %q, %v; want %q", got, err, want)
	}
}

// TestEncoderStream: each Encode is one pickle.dumps; a Decoder reads them back.
func TestEncoderStream(t *testing.T) {
	var buf bytes.Buffer
	enc := NewEncoder(&buf, 2)
	values := []any{[]any{int64(1), int64(2), int64(7), int64(9), int64(0)}, "hi", Tuple{int64(1)}}
	for _, v := range values {
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := Encode(values[0], 2)
	if !bytes.HasPrefix(buf.Bytes(), want) {
		t.Errorf("stream starts %q; want %q", buf.Bytes(), want)
	}
	dec := NewDecoder(&buf)
	for _, v := range values {
		got, err := dec.Decode()
		if err != nil || !same(got, v) {
			t.Errorf("Decode() = %s, %v; want %s", Repr(got), err, Repr(v))
		}
	}
	if err := enc.Encode(struct{}{}); err == nil {
		t.Error("Encoder.Encode(struct{}{}) succeeded")
	}
}
