package programs

import (
	"context"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/pickle"
	"github.com/goroutine-playground/playground/internal/runner"
)

// Thread-pool server fed by a queue
//
// Starting a thread per client costs time and memory, and a flood of
// clients becomes a flood of threads. The tutorial's cure is a pool: a
// fixed number of threads that each take the next client from a queue,
// like doctors taking the next patient from the waiting room.
//
// In Go the queue is a channel: here it is called waiting, the waiting
// room. main accepts connections and puts them in it; each worker
// goroutine takes the next one out with range, serves it with the handler
// of the program server, and comes back for more. When main has accepted
// everyone it closes the channel, and each worker's range ends once the
// room is empty. A Python Queue needs a
// sentinel (the tutorial's None) to say "no more"; closing a channel says
// it to every receiver at once.
//
// The room has a seat for every expected client, as Python's Queue(0) has
// no limit, so main never waits to seat one. With an unbuffered channel,
// main would wait until a worker is free, and the next clients would wait
// in the listener's backlog instead.
//
// Each client pauses between its messages, so serving takes a while. Watch
// the clients beyond the first workers: they connect at once, then wait
// without a word until a worker is free, and only then print the list. At
// no moment are more clients served than there are workers.
func poolMain(ctx context.Context, env *runner.Env) error {
	n, workers := env.Int("clients"), env.Int("workers")
	pickledList, err := pickle.Encode(someList, env.Int("protocol"))
	if err != nil {
		return err
	}
	ln, err := env.Net().Listen("tcp", env.Addr())
	if err != nil {
		return err
	}

	clients := func() error { return nil }
	if env.Role().Dials() {
		pause := time.Duration(env.Int("pause")) * time.Millisecond
		clients = startClients(ctx, env, n, pause) // see clients.go
	}

	waiting := make(chan net.Conn, n) // the waiting room
	var pool sync.WaitGroup
	for i := 1; i <= workers; i++ {
		pool.Add(1)
		runner.Go(ctx, "worker-"+strconv.Itoa(i), func(ctx context.Context) {
			defer pool.Done()
			for conn := range waiting {
				handle(ctx, conn, pickledList, env.Int("messages")) // see server.go
			}
		})
	}

	err = accept(ln, n, waiting)
	close(waiting)
	ln.Close()
	pool.Wait()
	return firstError(err, clients())
}

// accept accepts n connections on ln and puts each in the waiting room.
func accept(ln net.Listener, n int, waiting chan<- net.Conn) error {
	for range n {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		waiting <- conn
	}
	return nil
}
