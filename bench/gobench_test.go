//go:build !js

package main

import (
	"strings"
	"testing"
)

// benchOutput is what `go test -run ^$ -bench . -benchtime 1000000x
// -count 2 ./internal/memnet` printed (numbers shortened), with a pickle
// line whose package comes from its own "pkg:" line.
const benchOutput = `goos: linux
goarch: amd64
pkg: github.com/goroutine-playground/playground/internal/memnet
cpu: Intel(R) Xeon(R) Processor
BenchmarkMessages/memnet-2         	 1000000	       250.0 ns/op	  64.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkMessages/memnet-2         	 1000000	       350.0 ns/op	  45.71 MB/s	       0 B/op	       0 allocs/op
BenchmarkMessages/netpipe-2        	 1000000	      1000 ns/op	  16.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkMessages/chan-2           	 1000000	       200.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkMessages/chan-2           	 1000000	       400.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkMicroMutex                	 1000000	        12.5 ns/op
BenchmarkInterleaved-2             	 1000000	         0 ns/op	       400.0 chan-ns/msg	       200.0 memnet-ns/msg	      1200 netpipe-ns/msg	         6.000 x-netpipe	         2.000 x-chan
BenchmarkInterleaved-2             	 1000000	       600.0 chan-ns/msg	       200.0 memnet-ns/msg	      1000 netpipe-ns/msg	         5.000 x-netpipe	         3.000 x-chan
PASS
ok  	github.com/goroutine-playground/playground/internal/memnet	3.1s
goos: linux
pkg: github.com/goroutine-playground/playground/internal/pickle
BenchmarkEncode/tutorial/protocol=0-2   	 5000000	       210.5 ns/op	     112 B/op	       3 allocs/op
BenchmarkEncode/tutorial/baseline=json.Marshal-2   	 5000000	       421.0 ns/op	     112 B/op	       3 allocs/op
BenchmarkDecode/10000/protocol=2-2 	    2000	    900000 ns/op	  40.10 MB/s	  300000 B/op	   10000 allocs/op
BenchmarkDecode/10000/protocol=2/baseline=gopickle-2
    bench_test.go:1: a log line
BenchmarkDecode/10000/protocol=2/baseline=gopickle-2 	    2000	    600000 ns/op	  50.10 MB/s	  300000 B/op	   10000 allocs/op
PASS
`

func TestParseBench(t *testing.T) {
	rs, err := parseBench(strings.NewReader(benchOutput))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 12 {
		t.Fatalf("got %d results; want 12: %+v", len(rs), rs)
	}
	first := rs[0]
	if first.Pkg != "github.com/goroutine-playground/playground/internal/memnet" || first.Name != "Messages/memnet" ||
		first.N != 1000000 || first.NsPerOp != 250 || first.MBPerS != 64 || first.BPerOp != 0 || first.Allocs != 0 {
		t.Errorf("first result %+v", first)
	}
	if m := rs[5]; m.Name != "MicroMutex" || m.BPerOp != -1 || m.Allocs != -1 {
		t.Errorf("a result without -benchmem figures: %+v; want B/op and allocs/op -1", m)
	}
	if in := rs[6]; in.Name != "Interleaved" || in.NsPerOp != 0 || len(in.Extra) != 5 ||
		in.Extra[0] != (Metric{"chan-ns/msg", 400}) || in.Extra[4] != (Metric{"x-chan", 2}) {
		t.Errorf("a result with its own metrics: %+v", in)
	}
	if d := rs[11]; d.Pkg != "github.com/goroutine-playground/playground/internal/pickle" ||
		d.Name != "Decode/10000/protocol=2/baseline=gopickle" || d.NsPerOp != 600000 {
		t.Errorf("last result %+v", d)
	}
}

func TestParseBenchRefusesWhatItCannotRead(t *testing.T) {
	for _, in := range []string{
		"BenchmarkX-2 lots 12 ns/op\n",
		"BenchmarkX-2 100 twelve ns/op\n",
		"BenchmarkX-2 100 12 B/op\n",
		"BenchmarkX-2 100 12 B/op 1 allocs/op\n",
		"BenchmarkX-2 100 12\n",
	} {
		if rs, err := parseBench(strings.NewReader(in)); err == nil {
			t.Errorf("parseBench(%q) = %+v, no error; want an error", in, rs)
		}
	}
}

func TestBenchName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"BenchmarkMessages/memnet-2", "Messages/memnet"},
		{"BenchmarkMessages/memnet-bulkread-16", "Messages/memnet-bulkread"},
		{"BenchmarkMessages/memnet-bulkread", "Messages/memnet-bulkread"},
		{"BenchmarkX", "X"},
	}
	for _, tt := range tests {
		if got := benchName(tt.in); got != tt.want {
			t.Errorf("benchName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSummarizeAndRatios(t *testing.T) {
	rs, err := parseBench(strings.NewReader(benchOutput))
	if err != nil {
		t.Fatal(err)
	}
	sum := summarize(rs)
	if len(sum) != 9 {
		t.Fatalf("got %d summaries; want 9: %+v", len(sum), sum)
	}
	m, ok := find(sum, "memnet", "Messages/memnet")
	if !ok || m.Runs != 2 || m.NsPerOp != 300 {
		t.Errorf("memnet summary %+v; want 2 runs, median 300 ns/op", m)
	}
	got := strings.Join(memnetRatios(sum), "\n")
	for _, want := range []string{
		"memnet ÷ chan: 1.00 (300.0 ns/op against 300.0 ns/op)",
		"netpipe ÷ chan: 0.30",
		"memnet ÷ net.Pipe: 3.33",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("ratios lack %q:\n%s", want, got)
		}
	}
	in, _ := find(sum, "memnet", "Interleaved")
	if v, ok := in.metric("chan-ns/msg"); !ok || v != 500 || in.Runs != 2 {
		t.Errorf("interleaved summary %+v; want the median of its own metrics, 500 chan-ns/msg", in)
	}
	if got, want := strings.Join(interleavedRatios(sum), ""), "throughput memnet ÷ chan 2.50, memnet ÷ net.Pipe 5.50 (200, 500 and 1100 ns per message)"; !strings.Contains(got, want) {
		t.Errorf("interleaved ratios %q; want %q", got, want)
	}
	got = strings.Join(pickleRatios(sum), "\n")
	for _, want := range []string{
		"Encode/tutorial/protocol=0 ÷ json.Marshal: 0.50",
		"Decode/10000/protocol=2 ÷ gopickle: 1.50",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("pickle ratios lack %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "\n") != 1 {
		t.Errorf("pickle ratios %q; want two, one per benchmark with a baseline", got)
	}
	if _, ok := find(sum, "memnet", "Messages/nosuch"); ok {
		t.Error("find found a benchmark that is not there")
	}
}
