package pickle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	gopickle "github.com/nlpodyssey/gopickle/pickle"
)

// The benchmarks come in pairs with a baseline in the same run, so what they
// report is a ratio that a noisy machine does not change much: Encode against
// encoding/json.Marshal of the same value, Decode against gopickle's bare
// Unpickler on the same bytes (which is what Decode adds its scanner, limits
// and conversion to).

var benchValues = []struct {
	name  string
	value any
}{
	{"tutorial", []any{int64(1), int64(2), int64(7), int64(9), int64(0)}},
	{"10000", intRange(10000)},
}

func BenchmarkEncode(b *testing.B) {
	for _, bv := range benchValues {
		for _, p := range []int{0, 2} {
			b.Run(fmt.Sprintf("%s/protocol=%d", bv.name, p), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Encode(bv.value, p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(bv.name+"/baseline=json.Marshal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(bv.value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, bv := range benchValues {
		for _, p := range []int{0, 2} {
			data, err := Encode(bv.value, p)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/protocol=%d", bv.name, p), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := Decode(data); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/protocol=%d/baseline=gopickle", bv.name, p), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					u := gopickle.NewUnpickler(bytes.NewReader(data))
					if _, err := u.Load(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
