package highlight

import (
	"slices"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/examples"
)

func TestScan(t *testing.T) {
	src := "package p // hi\n\nfunc f() int { return len(\"x\") + 42 }\n"
	at := func(s Span) string { return src[s.Start:s.End] }
	var got []string
	for _, s := range Scan(src) {
		got = append(got, s.Class.Name()+":"+at(s))
	}
	want := []string{"k:package", "c:// hi", "k:func", "b:int", "k:return", "b:len", `s:"x"`, "n:42"}
	if !slices.Equal(got, want) {
		t.Errorf("Scan: got %q; want %q", got, want)
	}
}

// TestScanAnything checks that spans are in order, inside the text and
// apart, for every program and for text that is not Go, half typed.
func TestScanAnything(t *testing.T) {
	texts := []string{"", "\"unterminated", "`raw\nstill raw", "/* open comment", "@#$ 'x", "x := 0x", "é日本 := \"\\z\""}
	for _, ex := range examples.All() {
		texts = append(texts, ex.Source, ex.Source[:len(ex.Source)/2])
	}
	for _, src := range texts {
		end := 0
		for _, s := range Scan(src) {
			if s.Start < end || s.End <= s.Start || s.End > len(src) || s.Class.Name() == "" {
				t.Errorf("%.30q: span %+v after %d", src, s, end)
				break
			}
			end = s.End
		}
	}
	if spans := Scan("// é\n"); len(spans) != 1 || !strings.HasPrefix("// é\n"[spans[0].Start:spans[0].End], "// é") {
		t.Errorf("a comment with a multi-byte letter: %+v", spans)
	}
}
