package pickle

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"strconv"
)

// Tuple is a Python tuple.
type Tuple []any

// Dict is a Python dict: its items in insertion order, which is the order
// CPython writes them in. It is a slice, not a Go map, because keys such as
// tuples cannot be map keys and because the order decides the bytes.
type Dict []Item

// Item is one key/value pair of a Dict.
type Item struct{ Key, Value any }

// Get returns the value for key, compared as Python compares dict keys
// (1, 1.0 and True are one key), and whether it was there.
func (d Dict) Get(key any) (any, bool) {
	var nan uint64 // NaN is a key no other NaN finds
	k, err := appendKey(nil, key, &nan)
	if err != nil {
		return nil, false
	}
	for _, it := range d {
		if ik, err := appendKey(nil, it.Key, &nan); err == nil && string(ik) == string(k) {
			return it.Value, true
		}
	}
	return nil, false
}

// pyType is the Python type name of a value, for error messages.
func pyType(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, *big.Int:
		return "int"
	case float64, float32:
		return "float"
	case string:
		return "str"
	case []byte:
		return "bytes"
	case []any:
		return "list"
	case Tuple:
		return "tuple"
	case Dict, []Item:
		return "dict"
	}
	return "unsupported"
}

// asInt returns an integer of any Go integer type as int64 or, when it does
// not fit, as *big.Int.
func asInt(v any) (i int64, b *big.Int, ok bool) {
	switch v := v.(type) {
	case int:
		return int64(v), nil, true
	case int8:
		return int64(v), nil, true
	case int16:
		return int64(v), nil, true
	case int32:
		return int64(v), nil, true
	case int64:
		return v, nil, true
	case uint:
		return asInt(uint64(v))
	case uint8:
		return int64(v), nil, true
	case uint16:
		return int64(v), nil, true
	case uint32:
		return int64(v), nil, true
	case uintptr:
		return asInt(uint64(v))
	case uint64:
		if v > math.MaxInt64 {
			return 0, new(big.Int).SetUint64(v), true
		}
		return int64(v), nil, true
	case *big.Int:
		if v == nil {
			return 0, nil, false
		}
		if v.IsInt64() {
			return v.Int64(), nil, true
		}
		return 0, v, true
	}
	return 0, nil, false
}

var (
	errNilBig         = errors.New("nil *big.Int")
	errUnsupportedKey = errors.New("unsupported type")
)

// appendKey appends a canonical form of the dict key v: two keys are one
// Python dict key exactly when their forms are equal (numbers compare by
// value across bool, int and float). Each NaN gets a form of its own from
// the counter nan, as a NaN equals nothing.
func appendKey(dst []byte, v any, nan *uint64) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, 'N'), nil
	case bool:
		if v {
			return appendIntKey(dst, 1), nil
		}
		return appendIntKey(dst, 0), nil
	case float64:
		return appendFloatKey(dst, v, nan), nil
	case float32:
		return appendFloatKey(dst, float64(v), nan), nil
	case string:
		dst = append(dst, 's')
		dst = binary.AppendUvarint(dst, uint64(len(v)))
		return append(dst, v...), nil
	case []byte:
		dst = append(dst, 'b')
		dst = binary.AppendUvarint(dst, uint64(len(v)))
		return append(dst, v...), nil
	case Tuple:
		dst = append(dst, 't')
		dst = binary.AppendUvarint(dst, uint64(len(v)))
		var err error
		for _, e := range v {
			if dst, err = appendKey(dst, e, nan); err != nil {
				return nil, err
			}
		}
		return dst, nil
	case []any, Dict, []Item:
		return nil, errors.New("unhashable type: '" + pyType(v) + "'")
	}
	i, b, ok := asInt(v)
	if !ok {
		if _, isBig := v.(*big.Int); isBig {
			return nil, errNilBig
		}
		return nil, errUnsupportedKey
	}
	if b == nil {
		return appendIntKey(dst, i), nil
	}
	return appendBigKey(dst, b), nil
}

func appendIntKey(dst []byte, i int64) []byte {
	dst = append(dst, 'i')
	return binary.BigEndian.AppendUint64(dst, uint64(i))
}

func appendBigKey(dst []byte, b *big.Int) []byte {
	dst = append(dst, 'I', byte(b.Sign()+1))
	m := b.Bytes()
	dst = binary.AppendUvarint(dst, uint64(len(m)))
	return append(dst, m...)
}

func appendFloatKey(dst []byte, f float64, nan *uint64) []byte {
	switch {
	case math.IsNaN(f):
		*nan++
		return strconv.AppendUint(append(dst, 'n'), *nan, 10)
	case math.IsInf(f, 0) || f != math.Trunc(f):
		dst = append(dst, 'f')
		return binary.BigEndian.AppendUint64(dst, math.Float64bits(f))
	case f >= -(1<<63) && f < 1<<63:
		return appendIntKey(dst, int64(f))
	}
	b, _ := big.NewFloat(f).Int(nil)
	return appendBigKey(dst, b)
}
