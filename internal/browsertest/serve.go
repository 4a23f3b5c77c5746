//go:build !js

package browsertest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/goroutine-playground/playground/internal/serve"
)

// Serve serves the folder dir with internal/serve's handler on a free
// loopback port until the test ends, and returns its base URL, such as
// http://127.0.0.1:41234 (no trailing slash).
func Serve(t testing.TB, dir string) string {
	t.Helper()
	return ServeHandler(t, serve.Handler(dir))
}

// ServeHandler serves h on a free loopback port until the test ends, and
// returns its base URL, as [Serve] does: for a test that wraps the site's
// handler or serves pages of its own.
func ServeHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}
