package main

import (
	"bufio"
	"errors"
	"io"
	"strings"

	"github.com/goroutine-playground/playground/internal/runner"
)

// feed sends the lines of r to the run's input as they come, and closes
// the input at the end of r. A line's end may be "\n" or "\r\n"; a line
// longer than runner.MaxLine is sent cut (the runner notes it) rather than
// held whole in memory. It returns once r ends, or once the run has ended
// and refuses lines; on a terminal that may be never, which is fine for a
// command that exits when its run ends.
func feed(in *runner.Stdin, r io.Reader) {
	defer in.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := readLine(br, runner.MaxLine+1)
		if err == io.EOF && line == "" {
			return
		}
		if serr := in.Send(strings.TrimSuffix(line, "\r")); errors.Is(serr, runner.ErrInputEnded) {
			return
		}
		if err != nil {
			return
		}
	}
}

// readLine reads a line from br without its "\n", keeping at most max
// bytes of it and skipping the rest. At the end of input it returns what
// was there and io.EOF.
func readLine(br *bufio.Reader, max int) (string, error) {
	var b strings.Builder
	for {
		chunk, err := br.ReadSlice('\n')
		keep := chunk
		if n := max - b.Len(); len(keep) > n {
			keep = keep[:n]
		}
		b.Write(keep)
		switch err {
		case nil:
			return strings.TrimSuffix(b.String(), "\n"), nil
		case bufio.ErrBufferFull:
			continue
		default:
			return b.String(), err
		}
	}
}
