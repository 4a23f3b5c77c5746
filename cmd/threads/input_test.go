package main

import (
	"bufio"
	"slices"
	"strings"
	"testing"
)

// TestRunReadsStdin: a program that reads input gets the lines of
// standard input, and each line it reads is shown, marked as input.
func TestRunReadsStdin(t *testing.T) {
	var out, errOut syncBuffer
	err := run(t.Context(), []string{"run", "responsive"}, strings.NewReader("status\r\nstop\n"), &out, &errOut)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for _, want := range []string{"main < status", "main < stop", "main | Stopping the work."} {
		if !slices.Contains(lines, want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if i := slices.Index(lines, "main < status"); i < 0 || i+1 >= len(lines) || !strings.Contains(lines[i+1], "% checked") && !strings.HasPrefix(lines[i+1], "main | Just started") {
		t.Errorf("status was not answered with the progress:\n%s", out.String())
	}
}

// readCounter is a reader that counts the calls to Read.
type readCounter struct{ calls int }

func (r *readCounter) Read(p []byte) (int, error) {
	r.calls++
	return 0, nil
}

// TestStdinOnlyForInputPrograms: a program that reads no input leaves
// standard input alone.
func TestStdinOnlyForInputPrograms(t *testing.T) {
	in := &readCounter{}
	var out syncBuffer
	if err := run(t.Context(), []string{"run", "names"}, in, &out, &out); err != nil {
		t.Fatal(err)
	}
	if in.calls > 0 {
		t.Errorf("names read standard input %d times; want never", in.calls)
	}
}

func TestReadLine(t *testing.T) {
	tests := []struct {
		name  string
		input string
		max   int
		want  []string
	}{
		{"lines", "a\nb\n", 10, []string{"a", "b"}},
		{"no final newline", "a\nb", 10, []string{"a", "b"}},
		{"empty lines", "\n\n", 10, []string{"", ""}},
		{"nothing", "", 10, nil},
		{"long line cut", strings.Repeat("x", 100) + "\nnext\n", 7, []string{"xxxxxxx", "next"}},
		{"longer than the reader's buffer", strings.Repeat("y", 40000) + "\n", 35000, []string{strings.Repeat("y", 35000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			br := bufio.NewReaderSize(strings.NewReader(tt.input), 16)
			var got []string
			for {
				line, err := readLine(br, tt.max)
				if err != nil && line == "" {
					break
				}
				got = append(got, line)
				if err != nil {
					break
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %.30q; want %.30q", got, tt.want)
			}
		})
	}
}
