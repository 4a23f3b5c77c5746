package runner

import (
	"encoding/binary"
	"errors"
	"maps"
	"testing"
	"time"
)

func TestWireRoundTrip(t *testing.T) {
	events := []Event{
		{Kind: Output, At: 1500 * time.Microsecond, Who: "worker-1", Text: "Received connection: 127.0.0.1"},
		{Kind: Send, At: time.Second, Who: "main", Text: "(lp0\nI1\na.", Conn: 3, Addr: "127.0.0.1:49152", Peer: "127.0.0.1:2727", N: 10, Off: 1 << 40},
		{Kind: End, Status: Failed, Text: "<b>not html</b>"},
		{Kind: Start},
		{Kind: Recv, N: -1, Off: -7}, // odd values survive too
		{Kind: Blocked, At: 3 * time.Millisecond, Who: "alice", Text: "chan receive", Where: "deadlock.go:63"},
		{Kind: Runnable, Who: "bob", By: "alice"},
		{Kind: Stuck, Who: "main", Text: "WaitGroup", Where: "deadlock.go:49", By: "x", Off: 1},
		{Kind: Untraced, N: 1000, Text: "more goroutines than the timeline follows"},
	}
	var b []byte
	for _, e := range events {
		b = AppendEvent(b, e)
	}
	for i, want := range events {
		got, rest, err := ReadEvent(b)
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if got != want {
			t.Errorf("event %d = %+v; want %+v", i, got, want)
		}
		b = rest
	}
	if len(b) != 0 {
		t.Errorf("%d bytes left over", len(b))
	}
}

func TestWireRejectsGarbage(t *testing.T) {
	good := AppendEvent(nil, Event{Kind: Output, Who: "main", Text: "hello"})
	for n := range len(good) - 1 {
		if _, _, err := ReadEvent(good[:n]); !errors.Is(err, ErrBadWire) {
			t.Errorf("ReadEvent of the first %d bytes: err = %v; want ErrBadWire", n, err)
		}
	}
	hostile := []byte{byte(Output), hasText, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 'x'} // a 4 GiB string
	if _, _, err := ReadEvent(hostile); !errors.Is(err, ErrBadWire) {
		t.Errorf("hostile length: err = %v; want ErrBadWire", err)
	}
	if _, _, err := ReadEvent([]byte{byte(End), hasStatus, 0}); !errors.Is(err, ErrBadWire) {
		t.Errorf("a status flag without its byte: err = %v; want ErrBadWire", err)
	}
	for _, b := range [][]byte{
		{1 | kindMore, 0, 0, 0},                  // a second flags byte with nothing in it
		{1 | kindMore, 0},                        // a second flags byte missing
		{1 | kindMore, 0, hasWhere, 0},           // Where missing
		{1 | kindMore, 0, 1 << 2, 0, 0},          // unknown bit in the second byte
		{1 | kindMore, hasWho, hasBy, 0, 1, 'a'}, // By missing after Who
	} {
		if _, _, err := ReadEvent(b); !errors.Is(err, ErrBadWire) {
			t.Errorf("ReadEvent(%v): err = %v; want ErrBadWire", b, err)
		}
	}
}

// TestWireUnchangedForOldEvents: an event without the tracer's fields is
// encoded as it was before they existed, so either side can be older; one
// with them says so in its kind byte's top bit.
func TestWireUnchangedForOldEvents(t *testing.T) {
	for _, c := range []struct {
		name string
		e    Event
		want []byte
	}{
		{"output", Event{Kind: Output, At: 300, Who: "a", Text: "hi"},
			[]byte{byte(Output), hasWho | hasText, 0xac, 0x02, 1, 'a', 2, 'h', 'i'}},
		{"send", Event{Kind: Send, Conn: 2, N: 1, Off: -1},
			[]byte{byte(Send), hasConn | hasN | hasOff, 0, 2, 2, 1}},
		{"end", Event{Kind: End, Status: Done},
			[]byte{byte(End), hasStatus, 0, byte(Done)}},
		{"blocked", Event{Kind: Blocked, Who: "a", Where: "x.go:1"},
			[]byte{byte(Blocked) | kindMore, hasWho, hasWhere, 0, 1, 'a', 6, 'x', '.', 'g', 'o', ':', '1'}},
	} {
		if got := AppendEvent(nil, c.e); string(got) != string(c.want) {
			t.Errorf("%s: got %v; want %v", c.name, got, c.want)
		}
	}
}

func FuzzReadEvent(f *testing.F) {
	f.Add(AppendEvent(nil, Event{Kind: Send, Who: "a", Text: "b", Conn: 1, Addr: "x", Peer: "y", N: 2, Off: 3}))
	f.Add(AppendEvent(nil, Event{Kind: Runnable, Who: "a", By: "b", Where: "c.go:1"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		for len(b) > 0 {
			e, rest, err := ReadEvent(b)
			if err != nil {
				return
			}
			if again, _, err := ReadEvent(AppendEvent(nil, e)); err != nil || again != e {
				t.Fatalf("re-encoding %+v gave %+v, %v", e, again, err)
			}
			if len(rest) >= len(b) {
				t.Fatalf("ReadEvent consumed nothing")
			}
			b = rest
		}
	})
}

func TestRequestRoundTrip(t *testing.T) {
	for _, q := range []Request{
		{},
		{Program: "pool", Values: Values{"clients": 5, "workers": 2, "timescale": -1}},
		{Program: "<b>", Values: Values{"": 1 << 40}},
	} {
		got, err := ReadRequest(AppendRequest(nil, q))
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		if got.Program != q.Program || !maps.Equal(got.Values, q.Values) {
			t.Errorf("got %+v; want %+v", got, q)
		}
	}
}

func TestRequestRejectsGarbage(t *testing.T) {
	good := AppendRequest(nil, Request{Program: "pool", Values: Values{"clients": 5}})
	for n := range len(good) {
		if _, err := ReadRequest(good[:n]); !errors.Is(err, ErrBadRequest) {
			t.Errorf("the first %d bytes: err = %v; want ErrBadRequest", n, err)
		}
	}
	if _, err := ReadRequest(append(good, 0)); !errors.Is(err, ErrBadRequest) {
		t.Errorf("a byte too many: err = %v; want ErrBadRequest", err)
	}
	many := binary.AppendUvarint(appendString([]byte{requestVersion}, "pool"), 1<<40)
	if _, err := ReadRequest(many); !errors.Is(err, ErrBadRequest) {
		t.Errorf("2^40 values: err = %v; want ErrBadRequest", err)
	}
	wrong := append([]byte{requestVersion + 1}, good[1:]...)
	if _, err := ReadRequest(wrong); !errors.Is(err, ErrBadRequest) {
		t.Errorf("another version: err = %v; want ErrBadRequest", err)
	}
}

func FuzzReadRequest(f *testing.F) {
	f.Add(AppendRequest(nil, Request{Program: "pool", Values: Values{"clients": 5}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := ReadRequest(b)
		if err != nil {
			return
		}
		again, err := ReadRequest(AppendRequest(nil, q))
		if err != nil || again.Program != q.Program || !maps.Equal(again.Values, q.Values) {
			t.Fatalf("re-encoding %+v gave %+v, %v", q, again, err)
		}
	})
}
