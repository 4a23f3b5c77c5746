package page

import (
	"strconv"
	"strings"
)

// Place reads the place a compiler message starts with, as go build
// prints it: "prog.go:12:5: undefined: x" is prog.go, line 12, column 5
// (a message without a column, "prog.go:12: ...", has column 1), and so
// is "./prog.go:12:5: ...", as go build names a file of the current
// folder. It reports false for a line that does not start with a place.
func Place(msg string) (file string, line, col int, ok bool) {
	file, rest, found := strings.Cut(strings.TrimPrefix(msg, "./"), ":")
	if !found || !strings.HasSuffix(file, ".go") || strings.ContainsAny(file, " \t") {
		return "", 0, 0, false
	}
	parts := strings.SplitN(rest, ":", 3)
	if len(parts) < 2 {
		return "", 0, 0, false
	}
	line, err := strconv.Atoi(parts[0])
	if err != nil || line < 1 {
		return "", 0, 0, false
	}
	col = 1
	if len(parts) == 3 {
		if c, err := strconv.Atoi(parts[1]); err == nil && c >= 1 {
			col = c
		}
	}
	return file, line, col, true
}
