package main

import (
	"io"
	"sync"
)

// spool writes the printer's text, in order, from a goroutine of its own,
// each write taking everything that came while the one before it was
// under way. A lone line goes out at once, as before; a flood goes out in
// few large writes rather than one per line.
//
// This is for js/wasm under node, where every write to a file is a call
// into JS that finishes in a callback on the event loop: one write per
// line made the server's 10,000 clients (140,000 lines) spend a third of
// their CPU time in node's writeBuffer and most of the rest waiting for
// the callbacks. Natively it saves the system calls.
type spool struct {
	mu      sync.Mutex
	changed sync.Cond // signalled when chunks grow or shrink, or the spool closes
	chunks  []chunk   // waiting to be written; a writer's chunks in a row merged
	size    int       // bytes in chunks
	closed  bool
	err     error         // the first write error: later text is dropped
	done    chan struct{} // closed when the writing goroutine returns

	// spare is a written chunk's buffer, emptied, for the next chunk: a
	// flood of lines reuses two buffers rather than growing a new one for
	// each write.
	spare []byte
}

// chunk is text waiting for one writer.
type chunk struct {
	w io.Writer
	b []byte
}

// maxSpooled is how much text may wait before add waits for the writes:
// a program that prints faster than its output is taken is slowed down,
// not given memory without end.
const maxSpooled = 1 << 20

func newSpool() *spool {
	s := &spool{done: make(chan struct{})}
	s.changed.L = &s.mu
	go s.loop()
	return s
}

// add queues a copy of text for w. It returns the first write error, if
// there was one, and then drops the text.
func (s *spool) add(w io.Writer, text []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.size >= maxSpooled && s.err == nil {
		s.changed.Wait()
	}
	if s.err != nil || s.closed {
		return s.err
	}
	if n := len(s.chunks); n > 0 && s.chunks[n-1].w == w {
		s.chunks[n-1].b = append(s.chunks[n-1].b, text...)
	} else {
		s.chunks = append(s.chunks, chunk{w: w, b: append(s.spare, text...)})
		s.spare = nil
	}
	s.size += len(text)
	s.changed.Broadcast()
	return nil
}

// loop writes what is waiting until the spool is closed and empty.
func (s *spool) loop() {
	defer close(s.done)
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		for len(s.chunks) == 0 && !s.closed {
			s.changed.Wait()
		}
		if len(s.chunks) == 0 {
			return
		}
		chunks := s.chunks
		s.chunks = nil
		s.mu.Unlock()
		var err error
		for _, c := range chunks {
			if _, err = c.w.Write(c.b); err != nil {
				break
			}
		}
		s.mu.Lock()
		if b := chunks[0].b; s.spare == nil && cap(b) <= 2*maxSpooled {
			s.spare = b[:0]
		}
		s.size = 0
		for _, c := range s.chunks {
			s.size += len(c.b)
		}
		if err != nil && s.err == nil {
			s.err = err
			s.chunks, s.size = nil, 0
		}
		s.changed.Broadcast()
	}
}

// close writes what is waiting, stops the spool and returns the first
// write error.
func (s *spool) close() error {
	s.mu.Lock()
	s.closed = true
	s.changed.Broadcast()
	s.mu.Unlock()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
