//go:build !js

package browsertest

import (
	"net"
	"net/http/httptest"
	"testing"

	"github.com/goroutine-playground/playground/internal/serve"
)

// Serve serves the folder dir with internal/serve's handler on a free
// loopback port until the test ends, and returns its base URL, such as
// http://127.0.0.1:41234 (no trailing slash).
func Serve(t testing.TB, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	srv := httptest.NewUnstartedServer(serve.Handler(dir))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}
