package runner

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// echo is a program whose main reads lines until EOF and prints each.
func echo(ctx context.Context, env *Env) error {
	for {
		line, err := ReadLine(ctx)
		if err == io.EOF {
			Println(ctx, "EOF")
			return nil
		}
		if err != nil {
			return err
		}
		Println(ctx, "got", strconv.Quote(line))
	}
}

// sendOnWait returns a sink that records events and, each time the
// program starts waiting for input, sends it the next of lines (then
// closes the input); the sends run in a goroutine of their own, since the
// sink must not call back into the run.
func sendOnWait(rec *recorder, in *Stdin, lines ...string) func(Event) {
	next := make(chan struct{}, 100)
	go func() {
		for range next {
			if len(lines) == 0 {
				in.Close()
				return
			}
			in.Send(lines[0])
			lines = lines[1:]
		}
	}()
	return func(e Event) {
		rec.sink(e)
		if e.Kind == Wait && e.Text == "input" {
			next <- struct{}{}
		}
		if e.Kind == End {
			close(next)
		}
	}
}

// TestReadLine: lines sent before the run and while a goroutine waits are
// read in order; each is an Input event of the reader, each wait a Wait
// "input" event; EOF comes once the input is closed.
func TestReadLine(t *testing.T) {
	in := NewStdin()
	if err := in.Send("first"); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	res := Run(t.Context(), echo, Config{Stdin: in, Sink: sendOnWait(rec, in, "second", "third")})
	if res.Status != Done {
		t.Fatalf("ended %v: %v", res.Status, res.Err)
	}
	want := []string{`main: got "first"`, `main: got "second"`, `main: got "third"`, "main: EOF"}
	if got := rec.lines(); !slices.Equal(got, want) {
		t.Errorf("lines: got %q; want %q", got, want)
	}
	var inputs []string
	for _, e := range rec.of(Input) {
		inputs = append(inputs, e.Who+": "+e.Text)
	}
	if want := []string{"main: first", "main: second", "main: third"}; !slices.Equal(inputs, want) {
		t.Errorf("Input events: got %q; want %q", inputs, want)
	}
	// "first" was there already; then main waits before each of the rest
	// and before EOF, and that last wait ends with a Resume.
	var kinds []string
	for _, e := range rec.all() {
		switch {
		case e.Kind == Input, e.Kind == Resume, e.Kind == Wait && e.Text == "input":
			kinds = append(kinds, e.Kind.String())
		}
	}
	if want := []string{"input", "wait", "input", "wait", "input", "wait", "resume"}; !slices.Equal(kinds, want) {
		t.Errorf("input, wait and resume events: got %q; want %q", kinds, want)
	}
	if err := in.Send("late"); !errors.Is(err, ErrInputEnded) {
		t.Errorf("Send after the run: got %v; want ErrInputEnded", err)
	}
}

// TestReadLineNoInput: a run without input reads EOF at once, without
// waiting.
func TestReadLineNoInput(t *testing.T) {
	res, rec := runRec(t, t.Context(), echo, Config{})
	if res.Status != Done || !slices.Equal(rec.lines(), []string{"main: EOF"}) {
		t.Errorf("ended %v with %q; want done after EOF", res.Status, rec.lines())
	}
	if len(rec.of(Wait)) > 0 {
		t.Errorf("waits %v; want none", rec.of(Wait))
	}
}

// TestReadLineStop: a goroutine waiting for input is released by the run's
// stop, with the context's error.
func TestReadLineStop(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	got := make(chan error, 1)
	res := Run(ctx, func(ctx context.Context, env *Env) error {
		_, err := ReadLine(ctx)
		got <- err
		return err
	}, Config{Stdin: NewStdin(), Sink: func(e Event) {
		if e.Kind == Wait {
			cancel()
		}
	}})
	if res.Status != Stopped {
		t.Errorf("ended %v; want stopped", res.Status)
	}
	if err := <-got; !errors.Is(err, context.Canceled) {
		t.Errorf("ReadLine: got %v; want context.Canceled", err)
	}
}

// TestReadLineWithDoneContext: a done context takes what was sent, then
// says it is done rather than waiting.
func TestReadLineWithDoneContext(t *testing.T) {
	in := NewStdin()
	in.Send("a\nb")
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		done, cancel := context.WithCancel(ctx)
		cancel()
		for {
			line, err := ReadLine(done)
			if err != nil {
				Println(ctx, err)
				return nil
			}
			Println(ctx, line)
		}
	}, Config{Stdin: in})
	want := []string{"main: a", "main: b", "main: context canceled"}
	if res.Status != Done || !slices.Equal(rec.lines(), want) {
		t.Errorf("ended %v with %q; want done with %q", res.Status, rec.lines(), want)
	}
	if len(rec.of(Wait)) > 0 {
		t.Errorf("waits %v; want none", rec.of(Wait))
	}
}

// TestInputIsText: what is sent arrives as it was, control characters and
// markup included; newlines split lines; a line over MaxLine is cut at a
// character boundary, with a note.
func TestInputIsText(t *testing.T) {
	long := strings.Repeat("é", MaxLine) // 2 bytes each: the cut falls inside one at an odd length
	tests := []struct {
		name  string
		send  string
		lines []string
		note  string // in a Note, if any
	}{
		{"markup", "<b>bold</b> & <script>x</script>", []string{"<b>bold</b> & <script>x</script>"}, ""},
		{"control characters", "\x1b[31mred\x00\t\r", []string{"\x1b[31mred\x00\t\r"}, ""},
		{"empty", "", []string{""}, ""},
		{"newlines", "one\ntwo\n", []string{"one", "two"}, ""},
		{"blank lines", "\n\n", []string{"", ""}, ""},
		{"long", "x" + long, []string{("x" + long)[:MaxLine-1]}, "a line of " + strconv.Itoa(1+2*MaxLine) + " bytes was cut"},
		{"invalid UTF-8", strings.Repeat("\xff", MaxLine+5), []string{strings.Repeat("\xff", MaxLine)}, "was cut"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := NewStdin()
			if err := in.Send(tt.send); err != nil {
				t.Fatal(err)
			}
			in.Close()
			res, rec := runRec(t, t.Context(), echo, Config{Stdin: in})
			if res.Status != Done {
				t.Fatalf("ended %v: %v", res.Status, res.Err)
			}
			got := texts(rec.of(Input))
			if !slices.Equal(got, tt.lines) {
				t.Errorf("lines: got %d %.40q; want %d %.40q", len(got), got, len(tt.lines), tt.lines)
			}
			for _, l := range got {
				if utf8.ValidString(tt.send) && !utf8.ValidString(l) {
					t.Errorf("a line of valid UTF-8 was cut inside a character")
				}
			}
			notes := strings.Join(texts(rec.of(Note)), "\n")
			if tt.note == "" && notes != "" || !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q; want %q", notes, tt.note)
			}
		})
	}
}

func texts(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Text)
	}
	return out
}

// TestInputBounded: a program that does not read gets at most MaxQueued
// lines queued; the rest are refused, and the run says so once, then how
// many were dropped once the program has caught up.
func TestInputBounded(t *testing.T) {
	in := NewStdin()
	read := make(chan struct{})
	sent := make(chan []error, 1)
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		Go(ctx, "sender", func(ctx context.Context) {
			var errs []error
			for i := range MaxQueued + 3 {
				errs = append(errs, in.Send(strconv.Itoa(i)))
			}
			sent <- errs
			close(read)
		})
		<-read
		n := 0
		for {
			line, err := ReadLine(ctx)
			if err != nil {
				return err
			}
			if line != strconv.Itoa(n) {
				return errors.New("line " + strconv.Itoa(n) + " is " + line)
			}
			if n++; n == MaxQueued {
				Println(ctx, "read them all")
				return nil
			}
		}
	}, Config{Stdin: in})
	if res.Status != Done {
		t.Fatalf("ended %v: %v", res.Status, res.Err)
	}
	errs := <-sent
	for i, err := range errs {
		if want := error(nil); i >= MaxQueued {
			want = ErrInputFull
			if !errors.Is(err, want) {
				t.Errorf("line %d: got %v; want %v", i, err, want)
			}
		} else if err != nil {
			t.Errorf("line %d: got %v; want nil", i, err)
		}
	}
	notes := texts(rec.of(Note))
	if len(notes) != 2 || !strings.Contains(notes[0], "dropped until it reads") || !strings.Contains(notes[1], "3 lines were dropped") {
		t.Errorf("notes %q; want one when dropping starts and one saying 3 lines were dropped", notes)
	}
}

// TestWaitingForInputIsNotADeadlock: main waits for its user longer than
// the stall time; the run is not failed, and the line, when it comes, is
// read.
func TestWaitingForInputIsNotADeadlock(t *testing.T) {
	in := NewStdin()
	rec := &recorder{}
	waiting := make(chan struct{}, 1)
	go func() {
		<-waiting
		time.Sleep(500 * time.Millisecond) // several stall times of 100 ms
		in.Send("here I am")
		in.Close()
	}()
	res := Run(t.Context(), echo, Config{Stdin: in, Knobs: []Knob{TimeScale, Stall},
		Values: Values{TimeScale.Name: 1, Stall.Name: 100},
		Sink: func(e Event) {
			rec.sink(e)
			if e.Kind == Wait && e.Text == "input" {
				select {
				case waiting <- struct{}{}:
				default:
				}
			}
		}})
	if res.Status != Done {
		t.Fatalf("ended %v: %v; want done", res.Status, res.Err)
	}
	if got := rec.lines(); !slices.Contains(got, `main: got "here I am"`) {
		t.Errorf("lines %q; want the line sent", got)
	}
}

// TestReadLineInStack: a goroutine in ReadLine waits on its user, which
// is no deadlock.
func TestReadLineInStack(t *testing.T) {
	const dump = `goroutine 12 [select]:
github.com/goroutine-playground/playground/internal/runner.ReadLine({0x0, 0x0})
	/src/internal/runner/input.go:140 +0x1f5
github.com/goroutine-playground/playground/internal/examples.keyboard.func1()
	/src/internal/examples/responsive.go:90 +0x33
`
	s := parseStacks(dump)
	if len(s) != 1 {
		t.Fatalf("parsed %d goroutines; want 1", len(s))
	}
	if on, blocked := s[0].blockedOn(); on != "input" || blocked {
		t.Errorf("blockedOn = %q, %v; want \"input\", false", on, blocked)
	}
	if w := s[0].where(); w != "responsive.go:90" {
		t.Errorf("where = %q; want responsive.go:90", w)
	}
}

// TestSendAfterClose: a closed input refuses lines.
func TestSendAfterClose(t *testing.T) {
	in := NewStdin()
	in.Close()
	in.Close()
	if err := in.Send("x"); !errors.Is(err, ErrInputClosed) {
		t.Errorf("got %v; want ErrInputClosed", err)
	}
}

// TestInputEndsWithEveryRun: a run that fails before main starts (a bad
// knob value) also refuses input once it is over.
func TestInputEndsWithEveryRun(t *testing.T) {
	in := NewStdin()
	res := Run(t.Context(), echo, Config{Stdin: in, Values: Values{"nope": 1}})
	if res.Status != Failed {
		t.Fatalf("ended %v; want failed on the bad knob", res.Status)
	}
	if err := in.Send("x"); !errors.Is(err, ErrInputEnded) {
		t.Errorf("Send after the run: got %v; want ErrInputEnded", err)
	}
}
