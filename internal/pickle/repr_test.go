package pickle

import (
	"math"
	"math/big"
	"strings"
	"testing"
)

// TestReprVectors: Repr is CPython's repr, for every value of the vectors.
func TestReprVectors(t *testing.T) {
	for _, v := range reprVectors {
		if got := Repr(v.value); got != v.repr {
			t.Errorf("repr(%s): got %q; want %q", v.py, got, v.repr)
		}
	}
}

// TestReprGoValues: the Go values Encode takes besides the decoded ones.
func TestReprGoValues(t *testing.T) {
	deep := nested(maxEncodeDepth + 5)
	tests := []struct {
		value any
		want  string
	}{
		{int(-3), "-3"},
		{uint64(math.MaxUint64), "18446744073709551615"},
		{float32(0.5), "0.5"},
		{[]Item{{"a", true}}, "{'a': True}"},
		{(*big.Int)(nil), "<nil *big.Int>"},
		{struct{}{}, "<unsupported Go type struct {}>"},
		{"a\xffb", `'a\xffb'`},
		{math.Float64frombits(0x7ff8000000000001), "nan"},
	}
	for _, tt := range tests {
		if got := Repr(tt.value); got != tt.want {
			t.Errorf("Repr(%#v) = %q; want %q", tt.value, got, tt.want)
		}
	}
	if got := Repr(deep); !strings.Contains(got, "[...]") {
		t.Errorf("Repr of a list nested %d deep does not cut it short", maxEncodeDepth+5)
	}
}
