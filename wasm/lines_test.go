//go:build js && wasm

package main

import (
	"encoding/binary"
	"slices"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/runner"
)

// decoded is one line as the page's builder reads a lineBatch.
type decoded struct {
	folded            bool
	class, text, rest string
	el, head          [][2]string // attribute name, value
}

// decodeBatch reads a batch as buildLines does, slicing the text in
// UTF-16 units when it is whole, in bytes otherwise.
func decodeBatch(t *testing.T, b lineBatch) []decoded {
	t.Helper()
	units := utf16.Encode([]rune(string(b.text)))
	p, q := 0, 0
	num := func() int {
		v, n := binary.Uvarint(b.nums[p:])
		if n <= 0 {
			t.Fatalf("bad number at %d", p)
		}
		p += n
		return int(v)
	}
	str := func() string {
		n := num()
		var s string
		if b.whole {
			s = string(utf16.Decode(units[q : q+n]))
		} else {
			s = string(b.text[q : q+n])
		}
		q += n
		return s
	}
	attrs := func() [][2]string {
		var as [][2]string
		for k := num(); k > 0; k-- {
			name := attrNames[num()]
			as = append(as, [2]string{name, str()})
		}
		return as
	}
	var out []decoded
	for p < len(b.nums) {
		var d decoded
		d.folded = num() == 1
		d.class, d.text = str(), str()
		if d.folded {
			d.rest = str()
		}
		d.el, d.head = attrs(), attrs()
		out = append(out, d)
	}
	if b.whole && q != len(units) || !b.whole && q != len(b.text) {
		t.Fatalf("read %d of the text; want all", q)
	}
	return out
}

func TestLineBatch(t *testing.T) {
	at := 1500 * time.Millisecond
	tests := []struct {
		name  string
		entry entry
		whole bool
		want  decoded
	}{
		{"output", entry{at: at, kind: runner.Output, who: "handler-1", text: "Hey. 1", seq: 8}, true,
			decoded{class: "line " + page.ColourClass("handler-1"), text: "Hey. 1",
				el: [][2]string{{"data-goroutine", "handler-1"}, {"data-t", "+1.500"}, {"data-event", "7"}}}},
		{"markup and astral characters stay text", entry{at: at, kind: runner.Output, who: "ü", text: "<b>é 😀</b>\u00a0x"}, true,
			decoded{class: "line " + page.ColourClass("ü"), text: "<b>é 😀</b>\u00a0x",
				el: [][2]string{{"data-goroutine", "ü"}, {"data-t", "+1.500"}}}},
		{"input", entry{at: at, kind: runner.Input, who: "main", text: "status", seq: 1}, true,
			decoded{class: "line input " + page.ColourClass("main"), text: "status",
				el: [][2]string{{"data-goroutine", "main"}, {"data-input", ""}, {"data-t", "+1.500"}, {"data-event", "0"}}}},
		{"a panic folds its stack", entry{at: at, kind: runner.Panic, who: "worker", text: "panic: boom\n\ngoroutine 7", seq: 3}, true,
			decoded{folded: true, class: "panic", text: "panic: boom", rest: "goroutine 7",
				el: [][2]string{{"data-goroutine", "worker"}, {"data-event", "2"}}, head: [][2]string{{"data-t", "+1.500"}}}},
		{"a one-line note", entry{at: at, kind: runner.Note, text: "hello"}, true,
			decoded{class: "note", text: "hello", el: [][2]string{{"data-t", "+1.500"}}}},
		{"the end", entry{at: at, kind: runner.End, state: page.Failed, text: "deadlock"}, true,
			decoded{class: "end failed", text: "failed: deadlock", el: [][2]string{{"data-t", "+1.500"}}}},
		{"a build error", entry{build: true, text: "./main.go:6:14: undefined: x"}, true,
			decoded{class: "build", text: "./main.go:6:14: undefined: x",
				el: [][2]string{{"data-file", "main.go"}, {"data-line", "6"}, {"data-col", "14"}, {"tabindex", "0"}, {"data-t", "build"}}}},
		{"bytes that are not UTF-8 go string by string", entry{at: at, kind: runner.Output, who: "main", text: "a\xffb\xe2\x82"}, false,
			decoded{class: "line " + page.ColourClass("main"), text: "a\xffb\xe2\x82",
				el: [][2]string{{"data-goroutine", "main"}, {"data-t", "+1.500"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b lineBatch
			// Each line between two others, so offsets after it are checked.
			plain := entry{kind: runner.Output, who: "x", text: "before"}
			b.add([]entry{plain, tt.entry, plain})
			if b.whole != tt.whole {
				t.Errorf("whole: got %v; want %v", b.whole, tt.whole)
			}
			got := decodeBatch(t, b)
			if len(got) != 3 || got[0].text != "before" || got[2].text != "before" {
				t.Fatalf("got %+v; want three lines, the second between two others", got)
			}
			if g := got[1]; g.folded != tt.want.folded || g.class != tt.want.class || g.text != tt.want.text || g.rest != tt.want.rest ||
				!slices.Equal(g.el, tt.want.el) || !slices.Equal(g.head, tt.want.head) {
				t.Errorf("got %+v; want %+v", g, tt.want)
			}
		})
	}
}
