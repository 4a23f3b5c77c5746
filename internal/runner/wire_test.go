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
}

func FuzzReadEvent(f *testing.F) {
	f.Add(AppendEvent(nil, Event{Kind: Send, Who: "a", Text: "b", Conn: 1, Addr: "x", Peer: "y", N: 2, Off: 3}))
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
