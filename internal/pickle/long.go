package pickle

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
)

// appendLong appends the argument of LONG1/LONG4 for v as CPython's
// save_long computes it: little-endian two's complement in one byte more than
// the magnitude's bit length needs, less that byte for a negative number
// whose sign the shorter form already carries. v is not zero.
func appendLong(dst []byte, v int64) []byte {
	mag := uint64(v)
	if v < 0 {
		mag = -mag // two's complement; also right for math.MinInt64
	}
	n := bits.Len64(mag)/8 + 1
	var b [9]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(v))
	if v < 0 {
		b[8] = 0xff
	}
	if v < 0 && n > 1 && b[n-1] == 0xff && b[n-2]&0x80 != 0 {
		n--
	}
	return append(dst, b[:n]...)
}

// appendBigLong is appendLong for a *big.Int.
func appendBigLong(dst []byte, v *big.Int) []byte {
	if v.IsInt64() {
		return appendLong(dst, v.Int64())
	}
	n := v.BitLen()/8 + 1
	var be []byte
	if v.Sign() >= 0 {
		be = v.Bytes()
	} else {
		// 2^(8n) + v is the two's complement of v in n bytes.
		t := new(big.Int).Lsh(big.NewInt(1), uint(8*n))
		be = t.Add(t, v).Bytes()
	}
	out := make([]byte, n)
	for i, c := range be {
		out[len(be)-1-i] = c
	}
	if v.Sign() < 0 && n > 1 && out[n-1] == 0xff && out[n-2]&0x80 != 0 {
		n--
	}
	return append(dst, out[:n]...)
}

// normInt returns v as an int64 when it fits, else as itself.
func normInt(v *big.Int) any {
	if v.IsInt64() {
		return v.Int64()
	}
	return v
}

// fitsInt32 reports whether CPython writes v with INT/BININT* rather than LONG.
func fitsInt32(v int64) bool { return v >= math.MinInt32 && v <= math.MaxInt32 }
