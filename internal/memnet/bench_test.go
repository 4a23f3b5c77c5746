package memnet

import (
	"io"
	"net"
	"slices"
	"testing"
	"time"
)

// The benchmarks move b.N messages of 16 bytes from one goroutine to
// another, so that -benchtime=1000000x moves exactly 1M, and ns/op is the
// cost of one message. Compare within one run (the machine is shared):
//
//	go test -run x -bench . -benchtime=1000000x -count 5 ./internal/memnet
//
// memnet and net.Pipe are read one message per Read (io.ReadFull into a
// 16-byte buffer), the strictest case for a stream; the bulk variant reads
// into 32 KiB as a copying reader (io.Copy, bufio) would. The unbuffered
// channel of ints is the hand-off every goroutine program pays.
//
// On a shared, loaded machine, sub-benchmarks run one after another meet
// different loads; BenchmarkInterleaved runs the three round-robin and
// reports each one's median cost per message and the ratios, which is the
// comparison to quote.

const msgSize = 16

func BenchmarkMessages(b *testing.B) {
	b.Run("memnet", func(b *testing.B) { benchConn(b, memnetPair(b), msgSize) })
	b.Run("memnet-bulkread", func(b *testing.B) { benchConn(b, memnetPair(b), 32<<10) })
	b.Run("netpipe", func(b *testing.B) {
		c1, c2 := net.Pipe()
		benchConn(b, [2]net.Conn{c1, c2}, msgSize)
	})
	b.Run("chan", benchChan)
}

// BenchmarkInterleaved moves b.N messages through each of memnet, net.Pipe
// and the channel, in rounds that alternate between them, and reports the
// median ns per message of each and how many times faster memnet is.
func BenchmarkInterleaved(b *testing.B) {
	const rounds = 20
	mem, pipe := memnetPair(b), [2]net.Conn{}
	pipe[0], pipe[1] = net.Pipe()
	defer pipe[0].Close()
	defer pipe[1].Close()
	msg, buf := make([]byte, msgSize), make([]byte, msgSize)
	variants := []struct {
		name string
		run  func(n int) error
	}{
		{"memnet", func(n int) error { return moveMessages(mem, n, msg, buf) }},
		{"netpipe", func(n int) error { return moveMessages(pipe, n, msg, buf) }},
		{"chan", func(n int) error { sendInts(n); return nil }},
	}
	perMsg := make([][]float64, len(variants))
	b.ResetTimer()
	for r := range rounds {
		n := b.N/rounds + btoi(r < b.N%rounds)
		if n == 0 {
			continue
		}
		for i, v := range variants {
			start := time.Now()
			if err := v.run(n); err != nil {
				b.Fatalf("%s: %v", v.name, err)
			}
			perMsg[i] = append(perMsg[i], float64(time.Since(start).Nanoseconds())/float64(n))
		}
	}
	b.StopTimer()
	med := make([]float64, len(variants))
	for i, v := range variants {
		slices.Sort(perMsg[i])
		med[i] = perMsg[i][len(perMsg[i])/2]
		b.ReportMetric(med[i], v.name+"-ns/msg")
	}
	b.ReportMetric(med[1]/med[0], "x-netpipe")
	b.ReportMetric(med[2]/med[0], "x-chan")
	b.ReportMetric(0, "ns/op") // the metrics above are the result
}

func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}

// moveMessages writes n messages into c[0] from a goroutine and reads them
// from c[1] one message per io.ReadFull.
func moveMessages(c [2]net.Conn, n int, msg, buf []byte) error {
	werr := make(chan error, 1)
	go func() {
		for range n {
			if _, err := c[0].Write(msg); err != nil {
				werr <- err
				return
			}
		}
		werr <- nil
	}()
	for range n {
		if _, err := io.ReadFull(c[1], buf); err != nil {
			return err
		}
	}
	return <-werr
}

// sendInts sends n ints over an unbuffered channel to this goroutine.
func sendInts(n int) {
	ch := make(chan int)
	go func() {
		for i := range n {
			ch <- i
		}
		close(ch)
	}()
	for range ch {
	}
}

func memnetPair(b *testing.B) [2]net.Conn {
	var n Network
	b.Cleanup(func() { n.Close() })
	l, err := n.Listen("tcp", ":0")
	if err != nil {
		b.Fatal(err)
	}
	c, err := n.Dial("tcp", l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	s, err := l.Accept()
	if err != nil {
		b.Fatal(err)
	}
	return [2]net.Conn{c, s}
}

// benchConn writes b.N messages into c[0] from a goroutine and reads them all
// from c[1] with reads of readSize bytes.
func benchConn(b *testing.B, c [2]net.Conn, readSize int) {
	defer c[0].Close()
	defer c[1].Close()
	b.SetBytes(msgSize)
	b.ReportAllocs()
	msg := make([]byte, msgSize)
	buf := make([]byte, readSize)
	total := b.N * msgSize
	werr := make(chan error, 1)
	b.ResetTimer()
	go func() {
		for range b.N {
			if _, err := c[0].Write(msg); err != nil {
				werr <- err
				return
			}
		}
		werr <- nil
	}()
	for got := 0; got < total; {
		k := min(readSize, total-got)
		n, err := io.ReadFull(c[1], buf[:k])
		if err != nil {
			b.Fatalf("after %d bytes: %v", got, err)
		}
		got += n
	}
	if err := <-werr; err != nil {
		b.Fatal(err)
	}
}

// benchChan sends b.N ints over an unbuffered channel.
func benchChan(b *testing.B) {
	b.ReportAllocs()
	ch := make(chan int)
	b.ResetTimer()
	go func() {
		for i := range b.N {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	if want := b.N * (b.N - 1) / 2; sum != want {
		b.Fatalf("sum %d; want %d", sum, want)
	}
}
