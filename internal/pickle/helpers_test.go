package pickle

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// encodeVector is a value and the pickle CPython wrote for it (vectors_test.go).
type encodeVector struct {
	py       string // the Python expression of the value
	protocol int
	value    any
	pickle   string
}

// bigVector is a value whose pickle is too long to inline.
type bigVector struct {
	py       string
	protocol int
	value    func() any
	length   int
	sha256   string
}

// loadVector is a pickle CPython 3 does not write but loads, and its value.
type loadVector struct {
	desc   string
	pickle string
	value  any
}

func bigInt(s string) *big.Int {
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad big int " + s)
	}
	return b
}

// pow2 is 2**n + add.
func pow2(n uint, add int64) any {
	return normInt(new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), n), big.NewInt(add)))
}

// neg is -v for an integer from pow2 or pow10.
func neg(v any) any {
	if i, ok := v.(int64); ok {
		return -i
	}
	return normInt(new(big.Int).Neg(v.(*big.Int)))
}

func pow10(n int64) any {
	return normInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil))
}

func intRange(n int) any {
	l := make([]any, n)
	for i := range l {
		l[i] = int64(i)
	}
	return l
}

func intDict(n int) any {
	d := make(Dict, n)
	for i := range d {
		d[i] = Item{int64(i), int64(i)}
	}
	return d
}

func noneDict(n int) any {
	d := make(Dict, n)
	for i := range d {
		d[i] = Item{int64(i), nil}
	}
	return d
}

// quarterKStrings is [('%04d' % i) * 250 for i in range(n)]: 1000-byte
// strings, to cross CPython's 64 KiB frame boundary.
func quarterKStrings(n int) any {
	l := make([]any, n)
	for i := range l {
		l[i] = strings.Repeat(fmt.Sprintf("%04d", i), 250)
	}
	return l
}

// pairsForFrames is [(('%04d' % i) * 250, 'ab%d' % i) for i in range(n)].
func pairsForFrames(n int) any {
	l := make([]any, n)
	for i := range l {
		l[i] = Tuple{strings.Repeat(fmt.Sprintf("%04d", i), 250), fmt.Sprintf("ab%d", i)}
	}
	return l
}

// keyedLists is {'k%d' % i: [i] for i in range(n)}.
func keyedLists(n int) any {
	d := make(Dict, n)
	for i := range d {
		d[i] = Item{fmt.Sprintf("k%d", i), []any{int64(i)}}
	}
	return d
}

// same reports whether two plain values are equal with their types: 1 and
// 1.0 differ, NaN equals NaN, -0.0 differs from 0.0, nil and empty []byte
// are both empty bytes.
func same(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case int64:
		bb, ok := b.(int64)
		return ok && a == bb
	case *big.Int:
		bb, ok := b.(*big.Int)
		return ok && a.Cmp(bb) == 0
	case float64:
		bb, ok := b.(float64)
		return ok && (math.Float64bits(a) == math.Float64bits(bb) || math.IsNaN(a) && math.IsNaN(bb))
	case string:
		bb, ok := b.(string)
		return ok && a == bb
	case []byte:
		bb, ok := b.([]byte)
		return ok && bytes.Equal(a, bb)
	case []any:
		bb, ok := b.([]any)
		return ok && sameSlice(a, bb)
	case Tuple:
		bb, ok := b.(Tuple)
		return ok && sameSlice(a, bb)
	case Dict:
		bb, ok := b.(Dict)
		if !ok || len(a) != len(bb) {
			return false
		}
		for i := range a {
			if !same(a[i].Key, bb[i].Key) || !same(a[i].Value, bb[i].Value) {
				return false
			}
		}
		return true
	}
	panic(fmt.Sprintf("same: unexpected %T", a))
}

func sameSlice(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !same(a[i], b[i]) {
			return false
		}
	}
	return true
}

// hasBytes reports whether v holds a bytes value, which CPython pickles with
// GLOBAL and REDUCE below protocol 3.
func hasBytes(v any) bool {
	switch v := v.(type) {
	case []byte:
		return true
	case []any:
		for _, e := range v {
			if hasBytes(e) {
				return true
			}
		}
	case Tuple:
		for _, e := range v {
			if hasBytes(e) {
				return true
			}
		}
	case Dict:
		for _, it := range v {
			if hasBytes(it.Key) || hasBytes(it.Value) {
				return true
			}
		}
	}
	return false
}

// firstDiff describes where two pickles part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-16)
	return fmt.Sprintf("first difference at byte %d of %d/%d: got ...%q...; want ...%q...",
		i, len(got), len(want), got[lo:min(len(got), i+16)], want[lo:min(len(want), i+16)])
}

// refusedVector is a pickle CPython wrote that the decoder must refuse, with
// the first refused opcode and its offset.
type refusedVector struct {
	py       string
	protocol int
	pickle   string
	op       string
	offset   int64
}

// reprVector is a value and CPython's repr of it.
type reprVector struct {
	py    string
	value any
	repr  string
}
