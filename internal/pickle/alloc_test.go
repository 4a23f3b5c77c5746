package pickle

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"strings"
	"testing"
)

// allocated is the bytes f allocates, all of them (TotalAlloc), garbage too.
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// fill repeats unit after head until the pickle is n bytes with tail.
func fill(head, unit, tail string, n int) []byte {
	k := (n - len(head) - len(tail)) / len(unit)
	return []byte(head + strings.Repeat(unit, k) + tail)
}

func le32(n uint32) string { return string(binary.LittleEndian.AppendUint32(nil, n)) }
func le64(n uint64) string { return string(binary.LittleEndian.AppendUint64(nil, n)) }

// hostile is a pickle of nearly DefaultLimits.MaxBytes made to make the
// decoder allocate, recurse or loop as much as one can.
type hostile struct {
	name   string
	pickle []byte
}

func hostileInputs() []hostile {
	const n = 1<<20 - 64
	// d builds [l, l] from l twenty-five times through the memo: 2^25
	// leaves once the sharing is expanded.
	var d strings.Builder
	d.WriteString("]r" + le32(0))
	for i := range 25 {
		d.WriteString("(j" + le32(uint32(i)) + "j" + le32(uint32(i)) + "lr" + le32(uint32(i+1)))
	}
	d.WriteString(".")
	return []hostile{
		{"EMPTY_LIST flood", fill("(", "]", "l.", n)},
		{"EMPTY_DICT flood", fill("(", "}", "l.", n)},
		{"EMPTY_TUPLE flood", fill("(", ")", "l.", n)},
		{"EMPTY_LIST and POP", fill("", "]0", "N.", n)},
		{"EMPTY_DICT and POP", fill("", "}0", "N.", n)},
		{"MARK flood", fill("", "(", "N.", n)},
		{"MARK and POP_MARK", fill("", "(1", "N.", n)},
		{"NONE flood", fill("(", "N", "l.", n)},
		{"DUP flood", fill("(N", "2", "l.", n)},
		{"APPENDS of a million", fill("](", "N", "e.", n)},
		{"APPEND of lists", fill("]", "]a", ".", n)},
		{"APPEND of dicts", fill("]", "}a", ".", n)},
		{"SETITEM flood", fill("}", "K\x01Ns", ".", n)},
		{"SETITEMS of distinct keys", func() []byte {
			var b strings.Builder
			b.WriteString("}(")
			for i := 0; b.Len() < n-8; i++ {
				b.WriteString("J" + le32(uint32(i)) + "N")
			}
			b.WriteString("u.")
			return []byte(b.String())
		}()},
		{"MEMOIZE flood", fill("N", "\x94", ".", n)},
		{"LONG_BINPUT distinct", func() []byte {
			var b strings.Builder
			b.WriteString("N")
			for i := 0; b.Len() < n-8; i++ {
				b.WriteString("r" + le32(uint32(i*7919)))
			}
			b.WriteString(".")
			return []byte(b.String())
		}()},
		{"BINGET flood", fill("(Nq\x00", "h\x00", "l.", n)},
		{"LONG_BINGET huge index", []byte("Nj\xff\xff\xff\x7f.")},
		{"TUPLE1 nesting", fill("N", "\x85", ".", n)},
		{"list nesting", fill("", "]", ".", n)},
		{"protocol 0 list nesting", fill("", "(l", ".", n)},
		{"memo doubling", []byte(d.String())},
		{"list containing itself", []byte("]q\x00h\x00a.")},
		{"list containing itself many times", fill("]q\x00(", "h\x00", "e.", n)},
		{"BINUNICODE of 4 GiB", []byte("X\xff\xff\xff\xff" + "abc.")},
		{"BINUNICODE8 of 2^63", []byte("\x8d" + le64(1<<63-1) + "abc.")},
		{"BINBYTES8 of 2^64-1", []byte("\x8e" + le64(1<<64-1) + "abc.")},
		{"BINBYTES8 of 1 GiB", []byte("\x8e" + le64(1<<30) + "abc.")},
		{"BINSTRING of 2 GiB", []byte("T\xff\xff\xff\x7f" + "abc.")},
		{"LONG4 of 2 GiB", []byte("\x8b\xff\xff\xff\x7f" + "abc.")},
		{"FRAME of 2^64-1", []byte("\x80\x04\x95" + le64(1<<64-1) + "N.")},
		{"one big str", fill("X"+le32(n-6), "x", ".", n)},
		{"one big bytes", fill("B"+le32(n-6), "x", ".", n)},
		{"one big LONG4", fill("\x8b"+le32(n-6), "\x7f", ".", n)},
		{"LONG4 of 4096 bytes, many", fill("(", "\x8b"+le32(4096)+strings.Repeat("\x7f", 4096), "l.", n)},
		{"big str shared a million times", fill("(X"+le32(1<<19)+strings.Repeat("s", 1<<19)+"q\x00", "h\x00", "l.", n)},
		{"protocol 0 INT flood", fill("(", "I12345678\n", "l.", n)},
		{"protocol 0 LONG of 4300 digits, many", fill("(", "L"+strings.Repeat("9", 4300)+"L\n", "l.", n)},
		{"protocol 0 UNICODE escapes", fill("V", `\U0010ffff`, "\n.", n)},
		{"protocol 0 STRING escapes", fill("S'", `\x41`, "'\n.", n)},
		{"FLOAT flood", fill("(", "F1e300\n", "l.", n)},
		{"unhashable keys", []byte("}]]s.")},
		{"tuple of a million", fill("(", "K\x01", "t.", n)},
		{"dict of a million from MARK", fill("(", "K\x01N", "d.", n)},
		{"GLOBAL after a megabyte", fill("(", "N", "cos\nsystem\n.", n)},
	}
}

// TestHostileAllocations: no input of DefaultLimits.MaxBytes makes Decode or
// a Decoder allocate 64 MiB, and the estimate checked against MaxAlloc
// bounds what decoding allocates.
func TestHostileAllocations(t *testing.T) {
	if testing.Short() || raceEnabled {
		// Under -race it takes minutes; make test runs it under js/wasm,
		// where the 64 MiB ceiling matters most.
		t.Skip("allocation measurements take a while (skipped under -short and -race)")
	}
	const ceiling = 64 << 20
	for _, h := range hostileInputs() {
		var err error
		var est int
		got := allocated(func() { _, est, err = decodeBytes(h.pickle, DefaultLimits) })
		t.Logf("%-40s %8d KiB allocated, %8d KiB estimated: %v", h.name, got>>10, est>>10, err)
		if got >= ceiling {
			t.Errorf("%s: Decode allocated %d MiB", h.name, got>>20)
		}
		if err == nil && int(got) > est+64<<10 {
			t.Errorf("%s: allocated %d KiB, more than the %d KiB estimated", h.name, got>>10, est>>10)
		}
		got = allocated(func() { _, err = NewDecoder(bytes.NewReader(h.pickle)).Decode() })
		if got >= ceiling {
			t.Errorf("%s: Decoder allocated %d MiB", h.name, got>>20)
		}
	}
}
