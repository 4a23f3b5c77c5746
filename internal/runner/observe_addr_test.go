package runner

import (
	"net"
	"testing"
)

// TestAddrString checks the fast path against net's own formatting.
func TestAddrString(t *testing.T) {
	for _, a := range []net.Addr{
		&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2727},
		&net.TCPAddr{IP: net.IPv4(10, 200, 3, 0).To4(), Port: 0},
		&net.TCPAddr{IP: net.IPv4(255, 255, 255, 255), Port: 65535},
		&net.TCPAddr{IP: net.ParseIP("::1"), Port: 80},
		&net.TCPAddr{IP: net.ParseIP("fe80::1"), Port: 80, Zone: "eth0"},
		&net.TCPAddr{},
		&net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 53},
		(*net.TCPAddr)(nil),
	} {
		want := a.String()
		if got := addrString(a); got != want {
			t.Errorf("addrString(%#v) = %q; want %q", a, got, want)
		}
	}
	if got := addrString(nil); got != "" {
		t.Errorf("addrString(nil) = %q; want \"\"", got)
	}
}
