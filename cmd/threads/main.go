// Command threads runs the tutorial's programs, ported to Go, in a
// terminal.
//
// # Usage
//
//	threads list
//	threads run NAME [-net mem|tcp] [-addr HOST:PORT] [-role both|server|client]
//	                 [-json] [-color auto|always|never] [-trace FILE] [-KNOB VALUE ...]
//
// list prints one program per line, its short name first. run runs one over
// an in-memory network (or, with -net tcp, the host's) and exits 0 when it
// is done; 1 when it failed (a panic, a deadlock, an error), 130 when it was
// interrupted, 2 on a bad command line. Each program's knobs are flags
// (threads run NAME -h lists them). With -role server a networked program
// runs only its servers, which serve -clients clients and stop; with -role
// client, only its clients, which dial -addr.
//
// Output lines are prefixed with the name of the goroutine that printed
// them, coloured per goroutine on a terminal (NO_COLOR or -color never turns
// that off). -json prints every event of the run as a line of JSON instead.
//
// A program that reads input (responsive) reads the lines of standard
// input, as they are typed or piped; end them with Ctrl-D. Each line it
// reads is shown after the name of the goroutine that read it and a "<"
// instead of the bar. Other programs leave standard input alone.
//
// -trace FILE writes the run's Go execution trace (runtime/trace's format)
// to FILE: go tool trace, and gotraceui, open it. The runner's goroutines
// are named in it by trace.Log events of category
// "goroutine-playground.go", each just before the go statement that starts
// the goroutine it names.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		code := 1
		var ex *exitError
		if errors.As(err, &ex) {
			code = ex.code
		}
		if err.Error() != "" {
			fmt.Fprintln(os.Stderr, "threads:", err)
		}
		os.Exit(code)
	}
}
