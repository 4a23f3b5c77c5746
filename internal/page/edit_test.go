package page

import "testing"

// sel marks a selection in a test text: "[" and "]" around it, or "|" for
// a caret.
func sel(marked string) (text string, start, end int) {
	start, end = -1, -1
	var b []byte
	for i := 0; i < len(marked); i++ {
		switch marked[i] {
		case '|':
			start, end = len(b), len(b)
		case '[':
			start = len(b)
		case ']':
			end = len(b)
		default:
			b = append(b, marked[i])
		}
	}
	return string(b), start, end
}

func mark(text string, start, end int) string {
	if start == end {
		return text[:start] + "|" + text[start:]
	}
	return text[:start] + "[" + text[start:end] + "]" + text[end:]
}

func TestIndent(t *testing.T) {
	tests := []struct {
		name, in string
		out      bool
		want     string
	}{
		{"tab at caret", "a|b", false, "a\t|b"},
		{"tab replaces a selection in a line", "a[bc]d", false, "a\t|d"},
		{"tab over lines", "x\n[a\nb]\ny", false, "x\n\t[a\n\tb]\ny"},
		{"tab skips empty lines", "[a\n\nb]", false, "\t[a\n\n\tb]"},
		{"selection ending at a line start", "[a\n]b", false, "\t[a\n]b"},
		{"shift-tab at caret", "\tfoo|", true, "foo|"},
		{"shift-tab spaces", "    a|", true, "a|"},
		{"shift-tab over lines", "[\ta\n\t\tb]", true, "[a\n\tb]"},
		{"shift-tab caret inside the indent", "\t|\ta", true, "|\ta"},
		{"shift-tab with nothing to take", "a|b", true, "a|b"},
	}
	for _, tt := range tests {
		text, start, end := sel(tt.in)
		e := Indent(text, start, end, tt.out)
		if got := mark(e.Apply(text), e.SelStart, e.SelEnd); got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestNewline(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"keeps the indent", "\tx := 1|", "\tx := 1\n\t|"},
		{"after a brace", "func main() {|", "func main() {\n\t|"},
		{"between braces", "\tif x {|}", "\tif x {\n\t\t|\n\t}"},
		{"between parens with space", "f(|  )", "f(\n\t|\n  )"},
		{"replaces a selection", "\ta[bc]d", "\ta\n\t|d"},
		{"at the start", "|x", "\n|x"},
	}
	for _, tt := range tests {
		text, start, end := sel(tt.in)
		e := Newline(text, start, end)
		if got := mark(e.Apply(text), e.SelStart, e.SelEnd); got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestOffsets(t *testing.T) {
	s := "aé😀b\nxy"
	for _, tt := range []struct{ u, b int }{{0, 0}, {1, 1}, {2, 3}, {4, 7}, {5, 8}, {6, 9}, {99, len(s)}} {
		if got := UTF16Offset(s, tt.u); got != tt.b {
			t.Errorf("UTF16Offset(%d) = %d; want %d", tt.u, got, tt.b)
		}
		if tt.u < 99 {
			if got := ByteOffset16(s, tt.b); got != tt.u {
				t.Errorf("ByteOffset16(%d) = %d; want %d", tt.b, got, tt.u)
			}
		}
	}
	text := "package main\n\nfunc main() {\n\tx\n}\n"
	for _, tt := range []struct{ line, col, off int }{{1, 1, 0}, {4, 2, 29}, {4, 99, 30}, {99, 1, len(text)}} {
		if got := Offset(text, tt.line, tt.col); got != tt.off {
			t.Errorf("Offset(%d, %d) = %d; want %d", tt.line, tt.col, got, tt.off)
		}
	}
	if l, c := LineCol(text, 29); l != 4 || c != 2 {
		t.Errorf("LineCol(29) = %d, %d; want 4, 2", l, c)
	}
}
