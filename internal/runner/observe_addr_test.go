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

// TestAddrCache: the cache gives addrString's text for every address,
// whether its slot holds it, another port in the same slot, the same port
// of another IP, or an address it does not keep.
func TestAddrCache(t *testing.T) {
	var c addrCache
	shared := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 49152}
	tests := []struct {
		name string
		desc string
		addr net.Addr
	}{
		{"first", "an empty slot", shared},
		{"again", "the same address, held", shared},
		{"copy", "an equal address at another pointer", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1).To4(), Port: 49152}},
		{"slot", "another port in the same slot", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 49152 + addrSlots}},
		{"back", "the first again, after its slot was taken", shared},
		{"ip", "the same port of another IP", &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1), Port: 49152}},
		{"zero", "port 0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}},
		{"ipv6", "not kept", &net.TCPAddr{IP: net.ParseIP("::1"), Port: 49152}},
		{"udp", "not kept", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 49152}},
		{"nil", "no address", nil},
		{"nil-tcp", "a nil *TCPAddr", (*net.TCPAddr)(nil)},
	}
	for _, tt := range tests {
		if got, want := c.text(tt.addr), addrString(tt.addr); got != want {
			t.Errorf("%s (%s): got %q; want %q", tt.name, tt.desc, got, want)
		}
	}
	// A program may change an address it was given: the text follows.
	shared.Port = 49153
	if got, want := c.text(shared), "127.0.0.1:49153"; got != want {
		t.Errorf("changed address: got %q; want %q", got, want)
	}
}
