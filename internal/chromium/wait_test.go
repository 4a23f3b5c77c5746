//go:build !js

package chromium

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWaitPoll(t *testing.T) {
	errLook := errors.New("the document is loading")
	for _, tt := range []struct {
		name    string
		looks   []error // nil: not yet; errDone: done
		wantErr string  // "" for done
		wantN   int     // looks made
	}{
		{"done at once", []error{errDone}, "", 1},
		{"done on the third look", []error{nil, errLook, errDone}, "", 3},
		{"never", nil, "timed out", -1},
		{"failing looks", []error{errLook}, "timed out (last look: the document is loading)", -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			w := Wait{Timeout: 50 * time.Millisecond, Interval: time.Millisecond}
			err := w.poll(context.Background(), func(context.Context) (bool, error) {
				var e error
				if len(tt.looks) > 0 {
					e = tt.looks[min(n, len(tt.looks)-1)]
				}
				n++
				if e == errDone {
					return true, nil
				}
				return false, e
			})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("got %v; want done", err)
			case tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr || !errors.Is(err, ErrTimeout)):
				t.Fatalf("got %v; want %q, an ErrTimeout", err, tt.wantErr)
			case tt.wantN >= 0 && n != tt.wantN:
				t.Errorf("looks: got %d; want %d", n, tt.wantN)
			}
		})
	}
}

var errDone = errors.New("done")

// TestWaitSlowLook shows that the deadline bounds the waiting, not a look:
// a look that outlasts a short timeout still decides.
func TestWaitSlowLook(t *testing.T) {
	w := Wait{Timeout: time.Millisecond, Interval: time.Millisecond, Look: time.Minute}
	err := w.poll(context.Background(), func(ctx context.Context) (bool, error) {
		select {
		case <-time.After(20 * time.Millisecond):
			return true, nil
		case <-ctx.Done():
			return false, ctx.Err()
		}
	})
	if err != nil {
		t.Errorf("got %v; want the slow look's answer", err)
	}
}

func TestWaitCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := Wait{Timeout: time.Minute, Interval: time.Millisecond}
	err := w.poll(ctx, func(context.Context) (bool, error) { return false, nil })
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "timed out") {
		t.Errorf("got %v; want context.Canceled", err)
	}
}
