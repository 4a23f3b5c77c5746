package memnet

import (
	"context"
	"os"
	"syscall"
)

// The errors of the syscalls a TCP socket would have made, as
// *os.SyscallError like the net package's.
var (
	errRefused     = sysErr("connect", syscall.ECONNREFUSED, "connection refused")
	errUnreachable = sysErr("connect", syscall.ENETUNREACH, "network is unreachable")
	errNoPort      = sysErr("connect", syscall.EADDRNOTAVAIL, "cannot assign requested address")
	errInUse       = sysErr("bind", syscall.EADDRINUSE, "address already in use")
	errNotLocal    = sysErr("bind", syscall.EADDRNOTAVAIL, "cannot assign requested address")
	errEPIPE       = sysErr("write", syscall.EPIPE, "broken pipe")
)

func sysErr(call string, e syscall.Errno, text string) error {
	return &os.SyscallError{Syscall: call, Err: errno{e, text}}
}

// errno is a syscall.Errno that prints as on Linux on every platform: js/wasm
// spells them differently ("Connection refused"), and a program's output
// should not depend on where it runs. errors.Is still sees the Errno.
type errno struct {
	e    syscall.Errno
	text string
}

func (e errno) Error() string   { return e.text }
func (e errno) Unwrap() error   { return e.e }
func (e errno) Timeout() bool   { return e.e.Timeout() }
func (e errno) Temporary() bool { return e.e.Temporary() }

// mapCtxErr turns a context's error into what the net package reports for a
// dial whose context ended, keeping errors.Is with the context's errors.
func mapCtxErr(err error) error {
	switch err {
	case context.Canceled:
		return canceledError{}
	case context.DeadlineExceeded:
		return timeoutError{}
	}
	return err
}

// canceledError is net's "operation was canceled".
type canceledError struct{}

func (canceledError) Error() string        { return "operation was canceled" }
func (canceledError) Is(target error) bool { return target == context.Canceled }

// timeoutError is net's "i/o timeout" for a dial whose context's deadline
// passed: a net.Error with Timeout true, matching both
// context.DeadlineExceeded and os.ErrDeadlineExceeded.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }
func (timeoutError) Is(target error) bool {
	return target == context.DeadlineExceeded || target == os.ErrDeadlineExceeded
}
