package memnet

import (
	"sync"
	"time"
)

// waitq is the set of goroutines waiting for a condition guarded by an outer
// mutex. It is a 1-slot channel plus a count of waiters: waking costs nothing
// when nobody waits, and nothing is allocated per wait.
//
// One token wakes one waiter. Conditions that concern every waiter (closed,
// deadline passed, EOF) are passed on as a baton: whoever leaves a wait loop
// calls wake again, so the waiters leave one after another. A stale token only
// makes the next waiter look at the condition once more.
type waitq struct {
	n int           // goroutines in wait
	c chan struct{} // capacity 1; made on first wait
}

// wake wakes one waiter, if any. The outer mutex must be held; since every
// send happens under it and receivers only drain, the send cannot block.
func (q *waitq) wake() {
	if q.n > 0 && len(q.c) == 0 {
		q.c <- struct{}{}
	}
}

// wait releases mu until woken or until cancel is closed (a nil cancel never
// is), then takes mu again. It reports whether it was woken rather than
// canceled.
func (q *waitq) wait(mu *sync.Mutex, cancel <-chan struct{}) bool {
	if q.c == nil {
		q.c = make(chan struct{}, 1)
	}
	q.n++
	mu.Unlock()
	woken := true
	if cancel == nil {
		// A plain receive: a select with a nil case costs a selectgo, the
		// reads' and writes' every wait (1.7 % of the page's worker in
		// the server's 10,000-client run).
		<-q.c
	} else {
		select {
		case <-q.c:
		case <-cancel:
			woken = false
		}
	}
	mu.Lock()
	q.n--
	return woken
}

// deadline is one deadline (read, write or accept) whose state is guarded by
// an outer mutex, so that the hot path checks a bool it already holds the
// lock for. A timer, made on first use and re-armed afterwards, sets expired
// when the deadline passes.
type deadline struct {
	t       time.Time
	expired bool
	timer   *time.Timer
}

// set moves the deadline to t (zero means none). It must be called with mu
// held; fire is what the timer runs, and it must lock mu and call
// [deadline.fire]. set reports whether the deadline has already passed, in
// which case the caller wakes its waiters.
func (d *deadline) set(t time.Time, fire func()) bool {
	d.t = t
	if t.IsZero() {
		d.expired = false
		d.stop()
		return false
	}
	dur := time.Until(t)
	if dur <= 0 {
		d.expired = true
		d.stop()
		return true
	}
	d.expired = false
	if d.timer == nil {
		d.timer = time.AfterFunc(dur, fire)
	} else {
		d.timer.Reset(dur)
	}
	return false
}

// fire is the timer's work, with mu held. A timer that was already running
// when the deadline moved would be stale, so it compares the clock with the
// current deadline rather than trusting that it fired on time. It reports
// whether the deadline passed, in which case the caller wakes its waiters.
func (d *deadline) fire() bool {
	if d.t.IsZero() {
		return false
	}
	if dur := time.Until(d.t); dur > 0 {
		// Early: the deadline moved later, or the wall clock did; re-arm.
		d.timer.Reset(dur)
		return false
	}
	d.expired = true
	return true
}

// stop releases the timer, if any; with mu held.
func (d *deadline) stop() {
	if d.timer != nil {
		d.timer.Stop()
	}
}
