package programs

import (
	"context"
	"strconv"
	"time"

	"github.com/goroutine-playground/playground/internal/pickle"
	"github.com/goroutine-playground/playground/internal/runner"
)

// The client: connect, unpickle, send ten messages, close
//
// The tutorial's client connects to the server on port 2727, unpickles and
// prints the list the server sends, sends ten messages and closes the
// connection. With -role client it does exactly that, against any server
// that speaks the same: ours, or the tutorial's own in Python. In the page
// it has nobody to talk to, so main first starts the thread-per-client
// server of the program server, in a goroutine of its own, and waits for it
// to shut down after this one client.
//
// The tutorial reads the pickle with recv(1024), hoping that the whole
// pickle, and nothing else, arrives in one piece. A stream makes no such
// promise, so the pickle decoder reads byte by byte up to the pickle's STOP
// opcode, and stops there. Each message ends with a newline, which is where
// the server splits them.
//
// Nothing here is about threads: the client is plain sequential code. That
// is the point of the next program, which runs five of it at once.
func clientMain(ctx context.Context, env *runner.Env) error {
	if !env.Role().Serves() {
		return client(ctx, env, 0)
	}

	served, err := startServer(ctx, env, 1) // see server.go
	if err != nil {
		return err
	}
	if err := client(ctx, env, 0); err != nil {
		return err
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// client connects to the server, prints the list it sends, then sends the
// server env's messages lines, each after a pause, and closes.
func client(ctx context.Context, env *runner.Env, pause time.Duration) error {
	conn, err := env.Net().DialContext(ctx, "tcp", env.Addr())
	if err != nil {
		return err
	}
	defer conn.Close()
	runner.Println(ctx, "Connected to", conn.RemoteAddr())

	list, err := pickle.NewDecoder(conn).Decode()
	if err != nil {
		return err
	}
	runner.Println(ctx, pickle.Repr(list))

	for x := range env.Int("messages") {
		if pause > 0 {
			if err := runner.Sleep(ctx, pause); err != nil {
				return err
			}
		}
		if _, err := conn.Write([]byte("Hey. " + strconv.Itoa(x) + "\n")); err != nil {
			return err
		}
	}
	return conn.Close()
}
