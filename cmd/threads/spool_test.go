package main

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// record is a writer that keeps each write apart, and can hold the first
// one until told to go on.
type record struct {
	mu     sync.Mutex
	name   string
	log    *[]string // shared by the writers of one test: the order of writes
	hold   chan struct{}
	inside chan struct{} // closed when the held write has begun
	fail   error
}

func (r *record) Write(b []byte) (int, error) {
	if r.hold != nil {
		close(r.inside)
		<-r.hold
		r.hold = nil
	}
	r.mu.Lock()
	*r.log = append(*r.log, r.name+":"+string(b))
	r.mu.Unlock()
	if r.fail != nil {
		return 0, r.fail
	}
	return len(b), nil
}

func TestSpoolKeepsOrderAcrossWriters(t *testing.T) {
	var log []string
	out, errw := &record{name: "out", log: &log}, &record{name: "err", log: &log}
	s := newSpool()
	for _, c := range []struct {
		w    *record
		text string
	}{{out, "a\n"}, {errw, "b\n"}, {out, "c\n"}, {out, "d\n"}, {errw, "e\n"}} {
		if err := s.add(c.w, []byte(c.text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	// However the writes fell, the text reads in the order it was added.
	var got strings.Builder
	for _, w := range log {
		name, text, _ := strings.Cut(w, ":")
		for line := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
			got.WriteString(name + ":" + line + " ")
		}
	}
	if want := "out:a err:b out:c out:d err:e "; got.String() != want {
		t.Errorf("got %q; want %q", got.String(), want)
	}
}

// TestSpoolCopies: add keeps a copy of the text, so its caller may build
// the next line in the same buffer (the printer does), and a written
// chunk's buffer, used again, does not change text still waiting.
func TestSpoolCopies(t *testing.T) {
	var log []string
	w := &record{name: "out", log: &log, hold: make(chan struct{}), inside: make(chan struct{})}
	s := newSpool()
	buf := []byte("first\n")
	if err := s.add(w, buf); err != nil {
		t.Fatal(err)
	}
	<-w.inside // written alone, and held
	var want strings.Builder
	want.WriteString("first\n")
	for i := range 3 {
		buf = append(buf[:0], strconv.Itoa(i)+"\n"...)
		want.Write(buf)
		if err := s.add(w, buf); err != nil {
			t.Fatal(err)
		}
	}
	close(w.hold)
	for i := 3; i < 6; i++ { // while the first chunks are written, and after
		buf = append(buf[:0], strconv.Itoa(i)+"\n"...)
		want.Write(buf)
		if err := s.add(w, buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, l := range log {
		got.WriteString(strings.TrimPrefix(l, "out:"))
	}
	if got.String() != want.String() {
		t.Errorf("got %q; want %q", got.String(), want.String())
	}
}

func TestSpoolGathersWhileWriting(t *testing.T) {
	var log []string
	w := &record{name: "out", log: &log, hold: make(chan struct{}), inside: make(chan struct{})}
	s := newSpool()
	if err := s.add(w, []byte("first\n")); err != nil {
		t.Fatal(err)
	}
	<-w.inside // the first line goes at once, alone
	for i := range 100 {
		if err := s.add(w, []byte(strconv.Itoa(i)+"\n")); err != nil {
			t.Fatal(err)
		}
	}
	close(w.hold)
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Fatalf("got %d writes; want 2: the first line, then the 100 that came while it was written", len(log))
	}
	if got, want := log[0], "out:first\n"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if got := strings.Count(log[1], "\n"); got != 100 {
		t.Errorf("got %d lines in the second write; want 100", got)
	}
}

func TestSpoolWriteError(t *testing.T) {
	var log []string
	broken := errors.New("broken pipe")
	w := &record{name: "out", log: &log, fail: broken}
	s := newSpool()
	if err := s.add(w, []byte("one\n")); err != nil {
		t.Fatal(err)
	}
	// Once the write has failed, add says so and the text is dropped.
	for err := error(nil); err == nil; {
		err = s.add(w, []byte("more\n"))
		if err != nil && !errors.Is(err, broken) {
			t.Fatalf("got %v; want %v", err, broken)
		}
	}
	if err := s.close(); !errors.Is(err, broken) {
		t.Errorf("close: got %v; want %v", err, broken)
	}
}

func TestSpoolBounded(t *testing.T) {
	var log []string
	w := &record{name: "out", log: &log, hold: make(chan struct{}), inside: make(chan struct{})}
	s := newSpool()
	if err := s.add(w, []byte("first\n")); err != nil {
		t.Fatal(err)
	}
	<-w.inside
	line := []byte(strings.Repeat("x", 1023) + "\n")
	added := make(chan int)
	go func() {
		n := 0
		for range 2 * maxSpooled / len(line) {
			if err := s.add(w, line); err != nil {
				break
			}
			n++
			if n == maxSpooled/len(line) {
				added <- n
			}
		}
		close(added)
	}()
	<-added
	// The spool is full and the writer is held: the adder must wait.
	// Without the bound it would have spooled all 2 MiB in this pause; a
	// slow machine can only make the test pass when it should not, never
	// fail when it should not.
	time.Sleep(20 * time.Millisecond)
	s.mu.Lock()
	size := s.size
	s.mu.Unlock()
	if size > maxSpooled+len(line) {
		t.Errorf("got %d bytes spooled; want at most %d", size, maxSpooled+len(line))
	}
	close(w.hold)
	for range added {
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, l := range log {
		total += strings.Count(l, "\n")
	}
	if want := 1 + 2*maxSpooled/len(line); total != want {
		t.Errorf("got %d lines written; want %d", total, want)
	}
}
