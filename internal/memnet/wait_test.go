package memnet

import (
	"sync"
	"testing"
	"time"
)

// TestWaitqBaton: one wake releases one waiter, and waiters that pass the
// baton on release them all.
func TestWaitqBaton(t *testing.T) {
	var (
		mu sync.Mutex
		q  waitq
		wg sync.WaitGroup
	)
	const waiters = 5
	open := false
	left := make(chan int, waiters)
	for i := range waiters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			for !open {
				q.wait(&mu, nil)
			}
			q.wake() // pass it on
			mu.Unlock()
			left <- i
		}()
	}
	for {
		mu.Lock()
		n := q.n
		mu.Unlock()
		if n == waiters {
			break
		}
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	q.wake()
	mu.Unlock()
	// Woken while the condition is false, the waiter goes back to waiting.
	for {
		mu.Lock()
		n, tokens := q.n, len(q.c)
		mu.Unlock()
		if n == waiters && tokens == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if len(left) != 0 {
		t.Fatal("a waiter left while the condition was false")
	}
	mu.Lock()
	open = true
	q.wake()
	mu.Unlock()
	wg.Wait()
	if len(left) != waiters {
		t.Errorf("%d of %d waiters left", len(left), waiters)
	}
}

// TestWaitqCancel: a closed cancel channel ends the wait.
func TestWaitqCancel(t *testing.T) {
	var (
		mu sync.Mutex
		q  waitq
	)
	cancel := make(chan struct{})
	close(cancel)
	mu.Lock()
	if q.wait(&mu, cancel) {
		t.Error("wait with a closed cancel reported a wake-up")
	}
	if q.n != 0 {
		t.Errorf("waiters = %d after the wait; want 0", q.n)
	}
	mu.Unlock()
}

// TestDeadline covers deadline.set and fire as the conn uses them.
func TestDeadline(t *testing.T) {
	var (
		mu sync.Mutex
		d  deadline
	)
	fired := make(chan bool, 10)
	fire := func() {
		mu.Lock()
		fired <- d.fire()
		mu.Unlock()
	}
	mu.Lock()
	if !d.set(time.Now().Add(-time.Second), fire) || !d.expired {
		t.Error("a past deadline is not expired at once")
	}
	if d.set(time.Time{}, fire) || d.expired {
		t.Error("clearing the deadline left it expired")
	}
	if d.set(time.Now().Add(time.Hour), fire) || d.expired {
		t.Error("a future deadline is expired")
	}
	// Moving it nearer makes the same timer fire soon.
	d.set(time.Now().Add(5*time.Millisecond), fire)
	mu.Unlock()
	if !<-fired {
		t.Error("timer fired but the deadline did not pass")
	}
	mu.Lock()
	if !d.expired {
		t.Error("not expired after the timer fired")
	}
	// A stale firing (the deadline was moved later meanwhile) changes
	// nothing and re-arms.
	d.set(time.Now().Add(time.Hour), fire)
	if d.fire() || d.expired {
		t.Error("an early fire expired the deadline")
	}
	d.stop()
	mu.Unlock()
}
