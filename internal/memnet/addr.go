package memnet

import (
	"net"
	"strconv"
	"strings"
)

// loopback is the one host's address, shared by every *net.TCPAddr the
// network makes (read only).
var loopback = net.IPv4(127, 0, 0, 1)

// errNetwork is the error for a network other than TCP.
type errNetwork string

func (e errNetwork) Error() string {
	return "network " + strconv.Quote(string(e)) + " is not supported by memnet (use tcp)"
}

// checkNetwork accepts the TCP networks, which are one network here.
func checkNetwork(network string) error {
	switch network {
	case "tcp", "tcp4", "tcp6":
		return nil
	}
	return errNetwork(network)
}

// resolve parses a host:port address of the one host. It returns the port,
// or an error to wrap in a *net.OpError: a *net.AddrError for a malformed
// address, a *net.DNSError for an unknown host name, errNonLocal for an IP of
// another host.
func resolve(network, address string) (int, error) {
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return 0, err
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || strings.HasPrefix(portStr, "+") {
		if portStr == "" {
			return 0, &net.AddrError{Err: "missing port in address", Addr: address}
		}
		return 0, &net.AddrError{Err: "unknown port", Addr: network + "/" + portStr}
	}
	if port < 0 || port > 65535 {
		return 0, &net.AddrError{Err: "invalid port", Addr: address}
	}
	if host == "" || strings.EqualFold(host, "localhost") || strings.EqualFold(host, "localhost.") {
		return port, nil
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return 0, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	if !ip.IsLoopback() && !ip.IsUnspecified() {
		return 0, errNonLocal
	}
	return port, nil
}

// errNonLocal marks an IP address of another host; Listen and Dial turn it
// into the errno their syscalls would report.
var errNonLocal = &net.AddrError{Err: "not an address of the in-memory host"}

// tcpAddr is the address of port on the one host.
func tcpAddr(port int) *net.TCPAddr {
	return &net.TCPAddr{IP: loopback, Port: port}
}

// tcpAddrOf is the address as written, for errors about an address that is
// not of this host; resolve has already checked that it parses.
func tcpAddrOf(address string) *net.TCPAddr {
	host, portStr, _ := net.SplitHostPort(address)
	port, _ := strconv.Atoi(portStr)
	return &net.TCPAddr{IP: net.ParseIP(host), Port: port}
}
