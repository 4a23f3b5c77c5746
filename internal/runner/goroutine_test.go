package runner

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// named is a string type of its own: fmt calls its String method.
type named string

func (n named) String() string { return "named(" + string(n) + ")" }

// TestSprintln: Println's line is fmt.Sprintln's without the newline,
// whether its operands take the strings-only way or fmt's.
func TestSprintln(t *testing.T) {
	tests := []struct {
		name string
		desc string
		a    []any
	}{
		{"none", "no operand: an empty line", nil},
		{"one", "a lone string is the line", []any{"Hey. 0"}},
		{"empty", "an empty string", []any{""}},
		{"strings", "strings get a space between them", []any{"Received connection:", "127.0.0.1"}},
		{"empties", "empty strings still get their spaces", []any{"", "", "a", ""}},
		{"newline", "a newline inside stays (output cuts lines later)", []any{"two\nlines", "x"}},
		{"mixed", "a number: fmt's way", []any{"got", 3, "lines"}},
		{"named", "a string type with a String method is not a plain string", []any{named("x"), "y"}},
		{"error", "an error operand", []any{errors.New("boom")}},
		{"nil", "a nil operand", []any{nil, "x"}},
		{"percent", "no verbs are read", []any{"100%", "%d"}},
	}
	for _, tt := range tests {
		want := strings.TrimSuffix(fmt.Sprintln(tt.a...), "\n")
		if got := sprintln(tt.a); got != want {
			t.Errorf("%s (%s): got %q; want %q", tt.name, tt.desc, got, want)
		}
	}
}
