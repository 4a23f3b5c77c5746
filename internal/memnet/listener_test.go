package memnet

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestListenerClose: a blocked Accept returns net.ErrClosed, new dials are
// refused, accepted conns keep working and queued ones are closed.
func TestListenerClose(t *testing.T) {
	rec := newRecorder()
	n := &Network{Observer: rec.observe}
	defer n.Close()
	l, _ := n.Listen("tcp", ":2727")
	cli, srv := dialAccept(t, n, l)
	queued, err := n.Dial("tcp", ":2727") // established, never accepted
	if err != nil {
		t.Fatal(err)
	}
	queued.Write([]byte("lost"))

	l2, _ := n.Listen("tcp", ":2728")
	errc := make(chan error, 1)
	go func() {
		_, err := l2.Accept()
		errc <- err
	}()
	rec.waitFor(t, OpAccept)
	l2.Close()
	err = <-errc
	var oe *net.OpError
	if !errors.Is(err, net.ErrClosed) || !errors.As(err, &oe) || oe.Op != "accept" || addrString(oe.Addr) != "127.0.0.1:2728" {
		t.Errorf("blocked Accept after Close: %v; want an accept *net.OpError wrapping net.ErrClosed", err)
	}

	l.Close()
	if _, err := n.Dial("tcp", ":2727"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Dial after Close: %v; want ECONNREFUSED", err)
	}
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v; want net.ErrClosed", err)
	}
	if err := l.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second Close: %v; want net.ErrClosed", err)
	}
	if _, err := queued.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("conn queued at Close reads %v; want EOF", err)
	}
	if _, err := queued.Write([]byte("x")); !errors.Is(err, syscall.EPIPE) {
		t.Errorf("conn queued at Close writes %v; want EPIPE", err)
	}

	// The accepted conn still works both ways.
	cli.Write([]byte("ping"))
	b := make([]byte, 4)
	if _, err := io.ReadFull(srv, b); err != nil || string(b) != "ping" {
		t.Errorf("accepted conn after listener Close: %q, %v", b, err)
	}
	srv.Write([]byte("pong"))
	if _, err := io.ReadFull(cli, b); err != nil || string(b) != "pong" {
		t.Errorf("accepted conn after listener Close: %q, %v", b, err)
	}
}

// TestAcceptDeadline: SetDeadline ends a blocked Accept with a timeout, and
// clearing it lets Accept work again.
func TestAcceptDeadline(t *testing.T) {
	rec := newRecorder()
	n := &Network{Observer: rec.observe}
	defer n.Close()
	ln, _ := n.Listen("tcp", ":2727")
	l := ln.(*Listener)
	errc := make(chan error, 1)
	go func() {
		_, err := l.Accept()
		errc <- err
	}()
	rec.waitFor(t, OpAccept)
	l.SetDeadline(time.Now().Add(10 * time.Millisecond))
	var ne net.Error
	if err := <-errc; !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("Accept past its deadline: %v", err)
	}
	l.SetDeadline(time.Time{})
	go n.Dial("tcp", ":2727")
	if _, err := l.Accept(); err != nil {
		t.Errorf("Accept after clearing the deadline: %v", err)
	}
	l.Close()
	if err := l.SetDeadline(time.Now()); !errors.Is(err, net.ErrClosed) {
		t.Errorf("SetDeadline after Close: %v", err)
	}
}

// TestAcceptOrder: conns are accepted in the order they were dialed.
func TestAcceptOrder(t *testing.T) {
	var n Network
	defer n.Close()
	l, _ := n.Listen("tcp", ":2727")
	var ports []string
	for range DefaultBacklog {
		c, err := n.Dial("tcp", ":2727")
		if err != nil {
			t.Fatal(err)
		}
		ports = append(ports, c.LocalAddr().String())
	}
	for i, want := range ports {
		s, _ := l.Accept()
		if got := s.RemoteAddr().String(); got != want {
			t.Errorf("accept %d: from %s; want %s", i, got, want)
		}
	}
}
