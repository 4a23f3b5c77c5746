package memnet

import (
	"errors"
	"net"
	"testing"
)

// TestResolve: the spellings of the one host, and what is not one.
func TestResolve(t *testing.T) {
	tests := []struct {
		address string
		port    int
		err     string // "" for none; else the error's text
	}{
		{"localhost:2727", 2727, ""},
		{"Localhost.:2727", 2727, ""},
		{":2727", 2727, ""},
		{"127.0.0.1:0", 0, ""},
		{"127.1.2.3:80", 80, ""}, // all of 127/8 is loopback
		{"0.0.0.0:65535", 65535, ""},
		{"[::1]:1", 1, ""},
		{"[::]:1", 1, ""},
		{"[::ffff:127.0.0.1]:1", 1, ""},
		{"localhost", 0, "address localhost: missing port in address"},
		{"localhost:", 0, "address localhost:: missing port in address"},
		{"localhost:ssh", 0, "address tcp/ssh: unknown port"},
		{"localhost:70000", 0, "address localhost:70000: invalid port"},
		{"example.com:80", 0, "lookup example.com: no such host"},
		{"[fe80::1%eth0]:80", 0, "lookup fe80::1%eth0: no such host"},
		{"192.168.1.1:80", 0, "not an address of the in-memory host"},
	}
	for _, tt := range tests {
		port, err := resolve("tcp", tt.address)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err || port != tt.port {
			t.Errorf("resolve(%q) = %d, %q; want %d, %q", tt.address, port, got, tt.port, tt.err)
		}
	}
}

func TestCheckNetwork(t *testing.T) {
	for _, network := range []string{"tcp", "tcp4", "tcp6"} {
		if err := checkNetwork(network); err != nil {
			t.Errorf("checkNetwork(%q) = %v", network, err)
		}
	}
	for _, network := range []string{"udp", "unix", "TCP", "ip4:tcp", ""} {
		err := checkNetwork(network)
		var ne errNetwork
		if !errors.As(err, &ne) {
			t.Errorf("checkNetwork(%q) = %v; want errNetwork", network, err)
		}
	}
	if got, want := checkNetwork("udp").Error(), `network "udp" is not supported by memnet (use tcp)`; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

// TestTCPAddr: every address is 127.0.0.1 and says it is tcp.
func TestTCPAddr(t *testing.T) {
	a := tcpAddr(2727)
	if a.String() != "127.0.0.1:2727" || a.Network() != "tcp" {
		t.Errorf("tcpAddr(2727) = %s (%s)", a, a.Network())
	}
	if got := tcpAddrOf("10.1.2.3:80"); !got.IP.Equal(net.IPv4(10, 1, 2, 3)) || got.Port != 80 {
		t.Errorf("tcpAddrOf = %v", got)
	}
}
