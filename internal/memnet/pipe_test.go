package memnet

import (
	"bytes"
	"testing"
)

// TestRing drives the ring buffer directly through wrap-around and growth,
// checking it against a plain slice (the model of a FIFO byte stream).
func TestRing(t *testing.T) {
	tests := []struct {
		name string
		max  int
		ops  []int // > 0: put that many bytes; < 0: get up to that many
	}{
		{"fill and drain", 8, []int{8, -8}},
		{"wrap", 8, []int{6, -4, 5, -3, -10}},
		{"partial put", 8, []int{5, 10, -2, 7, -100}},
		{"grow while wrapped", 4096, []int{1000, -900, 1000, 3000, -5000}},
		{"grow to odd max", 1500, []int{1024, -1000, 1400, -2000}},
		{"small gets", 5, []int{5, -1, -1, 2, -1, -1, -1, -1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPipe(tt.max)
			var model []byte
			next := byte(0)
			for i, op := range tt.ops {
				if op > 0 {
					b := make([]byte, op)
					for j := range b {
						b[j] = next
						next++
					}
					free := tt.max - p.n
					k := p.put(b)
					if k != min(op, free) {
						t.Fatalf("op %d: put(%d) with %d free = %d", i, op, free, k)
					}
					model = append(model, b[:k]...)
				} else {
					b := make([]byte, -op)
					k := p.get(b)
					if k != min(-op, len(model)) || !bytes.Equal(b[:k], model[:k]) {
						t.Fatalf("op %d: get(%d) = %v; want %v", i, -op, b[:k], model[:min(-op, len(model))])
					}
					model = model[k:]
				}
				if p.n != len(model) || len(p.buf) > tt.max || p.r >= max(len(p.buf), 1) {
					t.Fatalf("op %d: n=%d (model %d), len(buf)=%d (max %d), r=%d", i, p.n, len(model), len(p.buf), tt.max, p.r)
				}
			}
		})
	}
}

// TestRingGrowsLazily: a conn that moves a little text does not hold the
// whole buffer size.
func TestRingGrowsLazily(t *testing.T) {
	p := newPipe(DefaultBufferSize)
	if p.buf != nil {
		t.Fatalf("new pipe holds %d bytes", len(p.buf))
	}
	p.put([]byte("Hey. 0\n"))
	if len(p.buf) != initialBuf {
		t.Errorf("after a short write the ring holds %d bytes; want %d", len(p.buf), initialBuf)
	}
	p.put(make([]byte, 5000))
	if len(p.buf) != 8192 {
		t.Errorf("after 5007 bytes the ring holds %d; want 8192", len(p.buf))
	}
}

// TestWriterResumesAtHalf: a writer blocked on a full buffer is woken once
// half of it is free, not at every byte read (the design choice that keeps
// both sides working in batches).
func TestWriterResumesAtHalf(t *testing.T) {
	p := newPipe(10)
	p.put(make([]byte, 10))
	p.wq.n = 1 // pretend a writer waits
	p.wq.c = make(chan struct{}, 1)
	var rd Conn
	b := make([]byte, 1)
	for i := 1; i <= 5; i++ {
		p.read(&rd, b, nil)
		if woken := len(p.wq.c) == 1; woken != (i == 5) {
			t.Errorf("after reading %d of 10 bytes: writer woken = %v", i, woken)
		}
	}
}
