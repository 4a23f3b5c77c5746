package memnet

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"
	"testing"
)

// TestSyscallErrors: the errors read as Linux's on every platform and match
// their Errno with errors.Is, as the net package's do.
func TestSyscallErrors(t *testing.T) {
	tests := []struct {
		err  error
		want string
		is   syscall.Errno
	}{
		{errRefused, "connect: connection refused", syscall.ECONNREFUSED},
		{errUnreachable, "connect: network is unreachable", syscall.ENETUNREACH},
		{errNoPort, "connect: cannot assign requested address", syscall.EADDRNOTAVAIL},
		{errInUse, "bind: address already in use", syscall.EADDRINUSE},
		{errNotLocal, "bind: cannot assign requested address", syscall.EADDRNOTAVAIL},
		{errEPIPE, "write: broken pipe", syscall.EPIPE},
	}
	for _, tt := range tests {
		if tt.err.Error() != tt.want {
			t.Errorf("got %q; want %q", tt.err, tt.want)
		}
		var se *os.SyscallError
		if !errors.Is(tt.err, tt.is) || !errors.As(tt.err, &se) {
			t.Errorf("%q is not an *os.SyscallError matching %v", tt.err, tt.is)
		}
		oe := &net.OpError{Op: "x", Net: "tcp", Err: tt.err}
		if oe.Timeout() {
			t.Errorf("%q is a timeout", tt.err)
		}
	}
}

// TestContextErrors: a dial's context ending reads as net's own errors.
func TestContextErrors(t *testing.T) {
	canceled := mapCtxErr(context.Canceled)
	if canceled.Error() != "operation was canceled" || !errors.Is(canceled, context.Canceled) {
		t.Errorf("canceled: %v", canceled)
	}
	timeout := mapCtxErr(context.DeadlineExceeded)
	var ne net.Error
	if timeout.Error() != "i/o timeout" || !errors.As(timeout, &ne) || !ne.Timeout() ||
		!errors.Is(timeout, context.DeadlineExceeded) || !errors.Is(timeout, os.ErrDeadlineExceeded) {
		t.Errorf("timeout: %v", timeout)
	}
	other := errors.New("other")
	if mapCtxErr(other) != other {
		t.Error("other errors are not passed through")
	}
}
