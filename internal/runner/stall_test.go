package runner

import "testing"

// A dump in the runtime's format, trimmed, with a goroutine of each kind.
const sampleDump = `goroutine 7 [chan receive, 2 minutes]:
github.com/goroutine-playground/playground/internal/examples.join.func1({0x1234, 0x5678})
	/src/internal/examples/join.go:31 +0x2b
github.com/goroutine-playground/playground/internal/runner.(*run).body(0xc000010000, 0xc000020000)
	/src/internal/runner/run.go:300 +0x5c
created by github.com/goroutine-playground/playground/internal/runner.Go in goroutine 6
	/src/internal/runner/goroutine.go:20 +0x11

goroutine 8 [sync.Cond.Wait]:
sync.runtime_notifyListWait(0xc0000a0050, 0x0)
	/usr/local/go/src/runtime/sema.go:606 +0x15d
sync.(*Cond).Wait(0xc0000a0040)
	/usr/local/go/src/sync/cond.go:71 +0x85
github.com/goroutine-playground/playground/internal/memnet.(*Conn).Read(0xc0000b2000, {0xc0000c4000, 0x400, 0x400})
	/src/internal/memnet/conn.go:88 +0x9a
github.com/goroutine-playground/playground/internal/examples.client(...)
	/src/internal/examples/client.go:40 +0x77

goroutine 9 [select]:
github.com/goroutine-playground/playground/internal/runner.Sleep({0x0, 0x0}, 0x2540be400)
	/src/internal/runner/goroutine.go:90 +0x1f5
github.com/goroutine-playground/playground/internal/examples.alive.func2()
	/src/internal/examples/alive.go:25 +0x33

goroutine 10 [runnable]:
main.main()
	/src/main.go:5 +0x1

goroutine 11 [sync.Mutex.Lock]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
github.com/goroutine-playground/playground/internal/examples.deadlock.func1()
	/src/internal/examples/deadlock.go:12 +0x40
`

func TestParseStacks(t *testing.T) {
	tests := []struct {
		id        int64
		state, on string
		blocked   bool
		where     string
	}{
		{7, "chan receive", "chan receive", true, "join.go:31"},
		{8, "sync.Cond.Wait", "network read", true, "client.go:40"},
		{9, "select", "sleep", false, "alive.go:25"},
		{10, "runnable", "runnable", false, "main.go:5"},
		{11, "sync.Mutex.Lock", "sync.Mutex.Lock", true, "deadlock.go:12"},
	}
	got := parseStacks(sampleDump)
	if len(got) != len(tests) {
		t.Fatalf("parsed %d goroutines; want %d", len(got), len(tests))
	}
	for i, tt := range tests {
		s := got[i]
		if s.id != tt.id || s.state != tt.state {
			t.Errorf("goroutine %d: id, state = %d, %q; want %d, %q", i, s.id, s.state, tt.id, tt.state)
		}
		on, blocked := s.blockedOn()
		if on != tt.on || blocked != tt.blocked {
			t.Errorf("goroutine %d: blockedOn = %q, %v; want %q, %v", s.id, on, blocked, tt.on, tt.blocked)
		}
		if w := s.where(); w != tt.where {
			t.Errorf("goroutine %d: where = %q; want %q", s.id, w, tt.where)
		}
	}
}

func TestGoid(t *testing.T) {
	a := goid()
	if a <= 0 {
		t.Fatalf("goid() = %d; want > 0", a)
	}
	ch := make(chan int64)
	go func() { ch <- goid() }()
	if b := <-ch; b == a || b <= 0 {
		t.Errorf("goid in another goroutine = %d; want > 0 and != %d", b, a)
	}
}
