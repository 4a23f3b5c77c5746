package memnet

import (
	"bytes"
	"io"
	"maps"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOpString(t *testing.T) {
	want := map[Op]string{OpListen: "listen", OpAccept: "accept", OpDial: "dial", OpWrite: "write", OpRead: "read",
		OpCloseWrite: "closewrite", OpClose: "close", OpWait: "wait", 0: "op(0)", 200: "op(200)"}
	for op, s := range want {
		if got := op.String(); got != s {
			t.Errorf("Op(%d).String() = %q; want %q", op, got, s)
		}
	}
}

// TestEventSequence: the events of one short exchange, in order, with the
// fields the timeline uses.
func TestEventSequence(t *testing.T) {
	rec := newRecorder()
	n := &Network{Observer: rec.observe}
	l, _ := n.Listen("tcp", ":2727")
	c, _ := n.Dial("tcp", "localhost:2727")
	s, _ := l.Accept()
	c.Write([]byte("Hey. 0\n"))
	c.Write([]byte("Hey. 1\n"))
	s.Read(make([]byte, 10))
	c.(*Conn).CloseWrite()
	s.Read(make([]byte, 10))
	s.Read(make([]byte, 10)) // EOF: no event
	s.Close()
	c.Close()
	l.Close()

	var got []string
	for _, e := range rec.snapshot() {
		line := e.Op.String()
		if e.Conn != 0 {
			line += " conn" + strconv.FormatUint(e.Conn, 10)
			if e.Dialer {
				line += " dialer"
			}
		}
		line += " " + addrString(e.Local) + "->" + addrString(e.Remote)
		if e.Op == OpRead || e.Op == OpWrite {
			line += " @" + strconv.FormatInt(e.Off, 10) + " " + strconv.Quote(string(e.Data))
		}
		got = append(got, line)
	}
	want := []string{
		"listen 127.0.0.1:2727->",
		"dial conn1 dialer 127.0.0.1:49152->127.0.0.1:2727",
		"accept conn1 127.0.0.1:2727->127.0.0.1:49152",
		`write conn1 dialer 127.0.0.1:49152->127.0.0.1:2727 @0 "Hey. 0\n"`,
		`write conn1 dialer 127.0.0.1:49152->127.0.0.1:2727 @7 "Hey. 1\n"`,
		`read conn1 127.0.0.1:2727->127.0.0.1:49152 @0 "Hey. 0\nHey"`,
		"closewrite conn1 dialer 127.0.0.1:49152->127.0.0.1:2727",
		`read conn1 127.0.0.1:2727->127.0.0.1:49152 @10 ". 1\n"`,
		"close conn1 127.0.0.1:2727->127.0.0.1:49152",
		"close conn1 dialer 127.0.0.1:49152->127.0.0.1:2727",
		"close 127.0.0.1:2727->",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWriteEventBeforeRead: across goroutines and partial writes on a small
// buffer, every byte's write event is recorded before its read event, and
// the offsets tile each direction's stream exactly.
func TestWriteEventBeforeRead(t *testing.T) {
	var (
		mu      sync.Mutex
		written int64 // bytes covered by write events so far
		bad     []string
		writes  bytes.Buffer
		reads   []Event
	)
	n := &Network{BufferSize: 37, Observer: func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		switch e.Op {
		case OpWrite:
			if e.Off != written {
				bad = append(bad, "write at "+strconv.FormatInt(e.Off, 10)+", want "+strconv.FormatInt(written, 10))
			}
			written += int64(len(e.Data))
			writes.Write(e.Data)
		case OpRead:
			if e.Off+int64(len(e.Data)) > written {
				bad = append(bad, "read of ["+strconv.FormatInt(e.Off, 10)+","+strconv.FormatInt(e.Off+int64(len(e.Data)), 10)+") before its write")
			}
			e.Data = append([]byte(nil), e.Data...)
			reads = append(reads, e)
		}
	}}
	cli, srv := pair(t, n)
	want := make([]byte, 20000)
	rand.New(rand.NewSource(1)).Read(want)
	go func() {
		r := rand.New(rand.NewSource(2))
		for rest := want; len(rest) > 0; {
			k := min(len(rest), 1+r.Intn(100))
			cli.Write(rest[:k])
			rest = rest[k:]
		}
		cli.Close()
	}()
	var got []byte
	r := rand.New(rand.NewSource(3))
	for {
		b := make([]byte, 1+r.Intn(60))
		k, err := srv.Read(b)
		got = append(got, b[:k]...)
		if err == io.EOF {
			break
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bad) > 0 {
		t.Errorf("%d order errors, first: %s", len(bad), bad[0])
	}
	if !bytes.Equal(got, want) || !bytes.Equal(writes.Bytes(), want) {
		t.Errorf("data differ: read %d, write events %d, sent %d bytes", len(got), writes.Len(), len(want))
	}
	sort.Slice(reads, func(i, j int) bool { return reads[i].Off < reads[j].Off })
	var off int64
	for _, e := range reads {
		if e.Off != off || !bytes.Equal(e.Data, want[off:off+int64(len(e.Data))]) {
			t.Fatalf("read event at %d with %d bytes; want offset %d and the stream's bytes", e.Off, len(e.Data), off)
		}
		off += int64(len(e.Data))
	}
}

// TestWaitEvents: a call that blocks says so first, naming the call.
func TestWaitEvents(t *testing.T) {
	rec := newRecorder()
	n := &Network{Backlog: 1, BufferSize: 1, Observer: rec.observe}
	defer n.Close()
	l, _ := n.Listen("tcp", ":2727")
	go l.Accept()
	rec.waitFor(t, OpAccept)
	// The Accept above takes this conn.
	c, _ := n.Dial("tcp", ":2727")
	n.Dial("tcp", ":2727") // now queued
	go n.Dial("tcp", ":2727")
	rec.waitFor(t, OpDial)
	go c.Read(make([]byte, 1))
	rec.waitFor(t, OpRead)
	c.Write([]byte("x"))
	go c.Write([]byte("y"))
	rec.waitFor(t, OpWrite)

	for _, e := range rec.snapshot() {
		if e.Op != OpWait {
			continue
		}
		switch e.Wait {
		case OpAccept:
			if e.Conn != 0 || addrString(e.Local) != "127.0.0.1:2727" || e.Remote != nil {
				t.Errorf("accept wait event %+v", e)
			}
		case OpDial:
			if e.Conn != 0 || !e.Dialer || e.Local != nil || addrString(e.Remote) != "127.0.0.1:2727" {
				t.Errorf("dial wait event %+v", e)
			}
		case OpRead, OpWrite:
			if e.Conn != c.(*Conn).ID() || !e.Dialer || e.Local != c.LocalAddr() {
				t.Errorf("%v wait event %+v", e.Wait, e)
			}
		default:
			t.Errorf("wait event for %v", e.Wait)
		}
	}
}

// TestNoObserverNoAlloc: with no observer, moving bytes allocates nothing
// (the ring is already grown).
func TestNoObserverNoAlloc(t *testing.T) {
	cli, srv := pair(t, &Network{})
	msg, b := make([]byte, 16), make([]byte, 16)
	cli.Write(make([]byte, DefaultBufferSize))
	io.ReadFull(srv, make([]byte, DefaultBufferSize))
	allocs := testing.AllocsPerRun(1000, func() {
		cli.Write(msg)
		srv.Read(b)
	})
	if allocs != 0 {
		t.Errorf("Write+Read allocate %v times; want 0", allocs)
	}
}

// TestActor: every event carries what Network.Actor returned in the goroutine
// that acted, and Actor runs with no lock of the network held: here it takes
// the very conn and listener locks the events are reported under, which
// would deadlock if they were held.
func TestActor(t *testing.T) {
	var (
		n      *Network
		mu     sync.Mutex
		actors = map[string]int{}
		bad    []string
		who    = "listener" // the next actor's name; set by this goroutine only
		ln     *Listener
		cli    *Conn
	)
	n = &Network{
		Observer: func(e Event) {
			mu.Lock()
			defer mu.Unlock()
			name, ok := e.Actor.(string)
			if !ok {
				bad = append(bad, e.Op.String()+" without an actor")
			}
			actors[name]++
		},
		Actor: func() any {
			if ln != nil {
				ln.SetDeadline(time.Time{}) // takes ln.mu
			}
			if cli != nil {
				cli.SetDeadline(time.Time{}) // takes both pipes' locks
			}
			return who
		},
	}
	l, err := n.Listen("tcp", ":2727")
	if err != nil {
		t.Fatal(err)
	}
	ln = l.(*Listener)
	who = "client"
	c, err := n.Dial("tcp", "localhost:2727")
	if err != nil {
		t.Fatal(err)
	}
	cli = c.(*Conn)
	who = "server"
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	who = "client"
	cli.Write([]byte("hi"))
	who = "server"
	s.Read(make([]byte, 8))
	s.Close()
	who = "client"
	cli.Close()
	ln.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(bad) > 0 {
		t.Errorf("%d events lack an actor; first: %s", len(bad), bad[0])
	}
	// listener: listen; client: dial, write, close, listener close; server: accept, read, close.
	if want := map[string]int{"listener": 1, "client": 4, "server": 3}; !maps.Equal(actors, want) {
		t.Errorf("events per actor %v; want %v", actors, want)
	}
}
