package page

import "testing"

func TestPlace(t *testing.T) {
	for _, tt := range []struct {
		msg       string
		file      string
		line, col int
		ok        bool
	}{
		{"prog.go:12:5: undefined: x", "prog.go", 12, 5, true},
		{"pool.go:3:8: \"os/exec\" is not allowed", "pool.go", 3, 8, true},
		{"prog.go:7: missing return", "prog.go", 7, 1, true},
		{"./prog.go:6:14: undefined: x", "prog.go", 6, 14, true},
		{"\tprog.go:7:2: other declaration of x", "", 0, 0, false},
		{"# command-line-arguments", "", 0, 0, false},
		{"too many errors", "", 0, 0, false},
		{"prog.go:x:1: no", "", 0, 0, false},
	} {
		file, line, col, ok := Place(tt.msg)
		if file != tt.file || line != tt.line || col != tt.col || ok != tt.ok {
			t.Errorf("Place(%q) = %q %d %d %v; want %q %d %d %v", tt.msg, file, line, col, ok, tt.file, tt.line, tt.col, tt.ok)
		}
	}
}
