package page

import (
	"strings"
	"unicode/utf8"
)

// Edit is one change the editor makes for a key: replace the text's bytes
// [From, To) with Insert, then select [SelStart, SelEnd) of the new text.
// The view applies it as if typed (so the browser's undo takes it back)
// and converts offsets to the textarea's UTF-16 with UTF16Offset.
type Edit struct {
	From, To         int
	Insert           string
	SelStart, SelEnd int
}

// Apply returns text with the edit made.
func (e Edit) Apply(text string) string { return text[:e.From] + e.Insert + text[e.To:] }

// lineStart returns the offset of the start of the line holding offset i.
func lineStart(text string, i int) int { return strings.LastIndexByte(text[:i], '\n') + 1 }

// lineEnd returns the offset of the end (the newline, or the end of the
// text) of the line holding offset i.
func lineEnd(text string, i int) int {
	if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(text)
}

// Indent is Tab (out false) or Shift+Tab (out true) with the selection
// [start, end). Tab in a selection within one line puts a tab in its
// place; Tab over several lines, and Shift+Tab anywhere, indent or
// outdent every line the selection touches by one tab (Shift+Tab also
// takes up to four leading spaces, for code pasted from elsewhere).
func Indent(text string, start, end int, out bool) Edit {
	start, end = clamp(text, start, end)
	if !out && !strings.Contains(text[start:end], "\n") {
		return Edit{From: start, To: end, Insert: "\t", SelStart: start + 1, SelEnd: start + 1}
	}
	from := lineStart(text, start)
	last := end
	if last > start && text[last-1] == '\n' {
		last-- // a selection ending at a line's start does not touch that line
	}
	to := lineEnd(text, last)
	lines := strings.Split(text[from:to], "\n")
	shiftStart, shiftEnd := 0, 0 // how far start and end move
	for i, l := range lines {
		var delta int
		if out {
			n := 0
			switch {
			case strings.HasPrefix(l, "\t"):
				n = 1
			default:
				for n < 4 && n < len(l) && l[n] == ' ' {
					n++
				}
			}
			lines[i], delta = l[n:], -n
		} else {
			if l == "" {
				continue // no trailing tab on an empty line: gofmt would drop it
			}
			lines[i], delta = "\t"+l, 1
		}
		if i == 0 {
			// start moves with its line, but never before the line's start
			shiftStart = max(delta, from-start)
		}
		shiftEnd += delta
	}
	insert := strings.Join(lines, "\n")
	return Edit{From: from, To: to, Insert: insert,
		SelStart: max(from, start+shiftStart), SelEnd: max(from, end+shiftEnd)}
}

// Newline is Enter with the selection [start, end): a newline, indented
// as the line it breaks, one tab deeper after an opening bracket; and
// when the caret sits between brackets ("{|}"), the closing one moves to
// a line of its own below.
func Newline(text string, start, end int) Edit {
	start, end = clamp(text, start, end)
	ls := lineStart(text, start)
	indent := text[ls:start]
	indent = indent[:len(indent)-len(strings.TrimLeft(indent, " \t"))]
	before := strings.TrimRight(text[ls:start], " \t")
	insert := "\n" + indent
	caret := start + len(insert)
	if before != "" && strings.ContainsRune("{([", rune(before[len(before)-1])) {
		insert += "\t"
		caret++
		after := strings.TrimLeft(text[end:lineEnd(text, end)], " \t")
		if after != "" && strings.ContainsRune("})]", rune(after[0])) {
			insert += "\n" + indent
		}
	}
	return Edit{From: start, To: end, Insert: insert, SelStart: caret, SelEnd: caret}
}

func clamp(text string, start, end int) (int, int) {
	start = min(max(start, 0), len(text))
	end = min(max(end, start), len(text))
	return start, end
}

// UTF16Offset returns the byte offset in s of the UTF-16 offset u, as a
// textarea counts (a character outside the Basic Multilingual Plane is
// two units). Past the end it returns len(s).
func UTF16Offset(s string, u int) int {
	n := 0
	for i, r := range s {
		if n >= u {
			return i
		}
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return len(s)
}

// ByteOffset16 returns the UTF-16 offset of byte offset b of s.
func ByteOffset16(s string, b int) int {
	n := 0
	for i, r := range s {
		if i >= b {
			break
		}
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// LineCol returns the 1-based line and column (in bytes, as the Go
// compiler counts) of byte offset i of text.
func LineCol(text string, i int) (line, col int) {
	i = min(max(i, 0), len(text))
	return strings.Count(text[:i], "\n") + 1, i - lineStart(text, i) + 1
}

// Offset returns the byte offset of 1-based line and column col of text,
// as a compiler message names them, clamped to the text.
func Offset(text string, line, col int) int {
	i := 0
	for l := 1; l < line; l++ {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			return len(text)
		}
		i += j + 1
	}
	end := lineEnd(text, i)
	i = min(i+max(col-1, 0), end)
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}
