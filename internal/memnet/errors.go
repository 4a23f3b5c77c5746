package memnet

import (
	"context"
	"os"
)

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
