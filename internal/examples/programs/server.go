package programs

import (
	"bufio"
	"context"
	"net"
	"strconv"
	"sync"

	"github.com/goroutine-playground/playground/internal/pickle"
	"github.com/goroutine-playground/playground/internal/runner"
)

// someList is the tutorial's list of numbers, which every server pickles
// and sends to every client.
var someList = []any{int64(1), int64(2), int64(7), int64(9), int64(0)}

// Thread-per-client server: a goroutine for each connection
//
// The tutorial's server listens on port 2727 (with a backlog of 5
// connections waiting to be accepted) and starts a thread for each client
// it accepts. The thread sends the client a pickled list, prints no more
// than ten strings the client sends, and closes the connection.
//
// In Go, a goroutine per connection is the usual way to write a server:
// goroutines are cheap (a few kilobytes each), and code that reads and
// writes one connection can simply block, as if it were alone. The
// handler's arguments replace the tutorial's __init__: a goroutine is a
// function call, so it gets what it needs as arguments.
//
// The list is real pickle, the bytes CPython's pickle.dumps writes (the
// protocol knob picks which of its formats; 0 is what Python 2 wrote), so a
// Python client can read it. The handler reads what the client sends as
// lines. A TCP connection is a stream of bytes with no message boundaries:
// the tutorial's recv(1024) returns whatever bytes have arrived, which may
// be half a message or three of them, and works only by luck of timing.
// The newline at the end of each message is the boundary, and
// bufio.Scanner reads up to it.
//
// Unlike the tutorial's, this server does not serve forever: it serves as
// many clients as the clients knob says, then closes its listener, waits
// for its handlers and returns. In the page, the clients come along (they
// are the ones of the program clients); with -role server they come from
// elsewhere, such as the tutorial's own Python client.
func serverMain(ctx context.Context, env *runner.Env) error {
	ln, err := env.Net().Listen("tcp", env.Addr())
	if err != nil {
		return err
	}
	n := env.Int("clients")
	if !env.Role().Dials() {
		return serve(ctx, env, ln, n)
	}

	clients := startClients(ctx, env, n, 0) // see clients.go
	err = serve(ctx, env, ln, n)
	return firstError(err, clients())
}

// serve accepts n clients on ln, hands each to a goroutine of its own, and
// returns once all of them have come and gone. It closes ln.
func serve(ctx context.Context, env *runner.Env, ln net.Listener, n int) error {
	var handlers sync.WaitGroup
	defer handlers.Wait() // deferred first, so it runs last
	defer ln.Close()

	pickledList, err := pickle.Encode(someList, env.Int("protocol"))
	if err != nil {
		return err
	}
	messages := env.Int("messages")
	for i := 1; i <= n; i++ {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		handlers.Add(1)
		runner.Go(ctx, "handler-"+strconv.Itoa(i), func(ctx context.Context) {
			defer handlers.Done()
			handle(ctx, conn, pickledList, messages)
		})
	}
	return nil
}

// handle is the tutorial's ClientThread.run: it sends the pickled list,
// prints up to messages lines from the client, and closes the connection.
func handle(ctx context.Context, conn net.Conn, pickledList []byte, messages int) {
	host, _, _ := net.SplitHostPort(conn.RemoteAddr().String())
	runner.Println(ctx, "Received connection:", host)

	if _, err := conn.Write(pickledList); err == nil {
		lines := bufio.NewScanner(conn)
		for i := 0; i < messages && lines.Scan(); i++ {
			runner.Println(ctx, lines.Text())
		}
	}

	conn.Close()
	runner.Println(ctx, "Closed connection:", host)
}

// startServer listens, then runs serve for n clients in a goroutine called
// "server". Listening first means the clients can dial as soon as it
// returns. The channel yields serve's result.
func startServer(ctx context.Context, env *runner.Env, n int) (<-chan error, error) {
	ln, err := env.Net().Listen("tcp", env.Addr())
	if err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	runner.Go(ctx, "server", func(ctx context.Context) {
		done <- serve(ctx, env, ln, n)
	})
	return done, nil
}

// firstError returns the first of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
