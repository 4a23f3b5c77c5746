package runner

import (
	"context"
	"errors"
	"net"

	"github.com/goroutine-playground/playground/internal/memnet"
)

// In the browser there is no TCP stack to use, and linking the net
// package's dialer and resolver would more than double the page's weight
// in network code, so Config.TCP gives a network that refuses.
type tcpNet struct{}

var errNoTCP = errors.New("runner: real TCP is not available under js/wasm; use the in-memory network")

func newTCP(func(memnet.Event)) *tcpNet { return &tcpNet{} }

func (*tcpNet) Listen(network, address string) (net.Listener, error) { return nil, errNoTCP }

func (*tcpNet) DialContext(context.Context, string, string) (net.Conn, error) { return nil, errNoTCP }

func (*tcpNet) Close() error { return nil }
