package programs

import (
	"bufio"
	"compress/flate"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// I/O that overlaps computation: compress files while fetching the next
//
// The tutorial's other use for threads: run I/O in parallel with
// computation. Here a goroutine called server holds the files knob's
// files of text, and main fetches each one over the network and
// compresses it (with compress/flate at its best, which keeps a processor
// busy). The network is slow on purpose: each write takes the latency
// knob's milliseconds to arrive, and a connection carries the bandwidth
// knob's kilobytes a second, so a fetch is mostly waiting.
//
// First main does it one file after another: fetch, compress, fetch,
// compress. While it waits for a file the processor has nothing to do, and
// while it compresses nothing is fetched: the time is the sum of both.
//
// Then it overlaps them. A goroutine called fetcher fetches the files one
// after another and sends each down a channel; main compresses each one as
// it comes. While main compresses a file, the fetcher waits for the next
// (watch its network waits in the timeline, under main's work), so the
// time is about the larger of the two instead of their sum. The channel
// has room for every file, so the fetcher never waits for main.
//
// Python's threads could do this too, GIL and all: a thread that waits on
// a socket lets go of the interpreter lock, so another can compute
// meanwhile. Set latency and bandwidth to 0, and fetching takes next to no
// time: there is nothing left to overlap, and the two times meet.
func overlapMain(ctx context.Context, env *runner.Env) error {
	if env.Role() != runner.Both {
		return errors.New("overlap runs its server and its client together: use the role both")
	}
	files, size := env.Int("files"), env.Int("size")*1000
	ln, err := env.Net().Listen("tcp", env.Addr())
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	runner.Go(ctx, "server", func(ctx context.Context) {
		served <- serveFiles(ln, size)
	})
	defer func() { ln.Close(); <-served }()

	runner.Printf(ctx, "One after another: %d files of %s KB.", files, thousands(env.Int("size")))
	var fetching, compressing time.Duration
	start := time.Now()
	for i := 1; i <= files; i++ {
		t := time.Now()
		data, err := fetch(ctx, env, i)
		if err != nil {
			return err
		}
		fetched := time.Since(t)
		n, took, err := compress(data)
		if err != nil {
			return err
		}
		runner.Printf(ctx, "%s: fetched in %v, compressed to %s bytes in %v.",
			fileName(i), ms(fetched), thousands(n), ms(took))
		fetching += fetched
		compressing += took
	}
	oneByOne := time.Since(start)
	runner.Printf(ctx, "One after another: %v (fetching %v, compressing %v).", ms(oneByOne), ms(fetching), ms(compressing))

	runner.Printf(ctx, "Overlapped: the fetcher fetches while main compresses.")
	start = time.Now()
	arrived := make(chan fetched, files) // room for every file
	runner.Go(ctx, "fetcher", func(ctx context.Context) {
		defer close(arrived)
		for i := 1; i <= files; i++ {
			t := time.Now()
			data, err := fetch(ctx, env, i)
			if err == nil {
				runner.Printf(ctx, "%s: fetched in %v.", fileName(i), ms(time.Since(t)))
			}
			arrived <- fetched{i, data, err}
			if err != nil {
				return
			}
		}
	})
	for f := range arrived {
		if f.err != nil {
			return f.err
		}
		n, took, err := compress(f.data)
		if err != nil {
			return err
		}
		runner.Printf(ctx, "%s: compressed to %s bytes in %v.", fileName(f.n), thousands(n), ms(took))
	}
	overlapped := time.Since(start)
	saved := oneByOne - overlapped
	runner.Printf(ctx, "Overlapped: %v, %v (%d%%) less than one after another.",
		ms(overlapped), ms(saved), int(100*saved/oneByOne))
	return nil
}

// fetched is a file as the fetcher hands it to main.
type fetched struct {
	n    int
	data []byte
	err  error
}

// fetch asks the server for file number n and reads it to the end.
func fetch(ctx context.Context, env *runner.Env, n int) ([]byte, error) {
	conn, err := env.Net().DialContext(ctx, "tcp", env.Addr())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET "+fileName(n)+"\n"); err != nil {
		return nil, err
	}
	return io.ReadAll(conn)
}

// serveFiles answers requests on ln, one at a time, until ln is closed:
// each connection asks for a file by name, gets size bytes of it, and is
// closed.
func serveFiles(ln net.Listener, size int) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		request, err := bufio.NewReader(conn).ReadString('\n')
		name, ok := strings.CutPrefix(strings.TrimSuffix(request, "\n"), "GET ")
		if err == nil && ok {
			io.WriteString(conn, fileText(name, size))
		}
		conn.Close()
	}
}

// compress compresses data as well as compress/flate can, and returns the
// compressed size and how long it took.
func compress(data []byte) (int, time.Duration, error) {
	start := time.Now()
	var out counter
	w, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return 0, 0, err
	}
	if _, err := w.Write(data); err != nil {
		return 0, 0, err
	}
	if err := w.Close(); err != nil {
		return 0, 0, err
	}
	return int(out), time.Since(start), nil
}

// counter is a writer that counts what is written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

func fileName(n int) string { return "file-" + strconv.Itoa(n) + ".txt" }

// fileText makes size bytes of text for the file called name: words
// picked by a generator seeded with the name, so a file is the same on
// every run and differs from the others.
func fileText(name string, size int) string {
	words := strings.Fields("the a goroutine waits for bytes while main compresses what came " +
		"before and the network carries them slowly one segment after another to its reader")
	seed := uint32(2166136261)
	for i := range len(name) {
		seed = (seed ^ uint32(name[i])) * 16777619
	}
	var b strings.Builder
	b.Grow(size + 16)
	for b.Len() < size {
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		b.WriteString(words[seed%uint32(len(words))])
		if seed%11 == 0 {
			b.WriteString(".\n")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()[:size]
}

// ms rounds d to the millisecond, for printing.
func ms(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
