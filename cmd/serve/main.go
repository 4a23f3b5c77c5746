// Command serve serves the playground's static folder for development and
// for a look before deploying: application/wasm, the precompressed .br and .gz
// files that `go run ./cmd/site` writes, and revalidation on every load.
//
// # Usage
//
//	go run ./cmd/serve [-addr 127.0.0.1:8080] [-dir site]
//
// It listens on loopback unless told otherwise, prints the URL to open, and
// stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/goroutine-playground/playground/internal/serve"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

// shutdownGrace bounds how long open requests may finish after a signal.
const shutdownGrace = 5 * time.Second

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	dir := flags.String("dir", "site", "folder to serve")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	}
	info, err := os.Stat(*dir)
	if err != nil {
		return fmt.Errorf("folder to serve: %w (build it with `make site`)", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("folder to serve: %s is not a folder", *dir)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if host, _, _ := net.SplitHostPort(*addr); !isLoopback(host) {
		fmt.Fprintf(stderr, "serve: warning: %s is reachable from other machines\n", ln.Addr())
	}
	srv := &http.Server{
		Handler:           serve.Handler(*dir),
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Fprintf(stdout, "serving %s on http://%s/\n", *dir, ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		return errors.Join(err, serveErr)
	}
	return err
}

// isLoopback reports whether host names only this machine; an empty host
// means every interface.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
