package runner

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Go starts f in a new goroutine of ctx's run, called name. The runner
// knows it from then on: it sends Start and Exit events for it, catches its
// panic (the run fails; the process lives), and waits for it when the run
// ends. f's context carries the new goroutine's name and is cancelled when
// the run is over. If the name is taken, "#2", "#3"... is added.
//
// A goroutine started once the run is stopped still runs, with a context
// that is already done, so code after Go (a WaitGroup's Done, a channel
// send) is never skipped; once the run is over it runs untracked and
// silent, its panic discarded: the program has ended.
func Go(ctx context.Context, name string, f func(ctx context.Context)) {
	parent := from(ctx, "Go")
	g, tracked, past := parent.r.spawn(name, parent.name)
	if !tracked {
		go func() {
			defer func() { _ = recover() }()
			f(g.ctx)
		}()
		return
	}
	parent.r.logName(TraceGo, g.name)
	go parent.r.body(g, f)
	if past {
		parent.r.passed(parent.r.rec) // after the go statement, so the trace shows the goroutine the states leave out
	}
}

// Name returns the name of the goroutine ctx belongs to, or "" if ctx is not
// from a run.
func Name(ctx context.Context) string {
	if g, ok := ctx.Value(ctxKey{}).(*gor); ok {
		return g.name
	}
	return ""
}

// Named returns a copy of ctx whose output is tagged name. It is for code
// that starts a goroutine with a plain go statement and wants its lines told
// apart; the runner does not otherwise track such a goroutine.
//
// With [Config.States] on, a goroutine started right after the call, as in
// go f(runner.Named(ctx, "x")), has that name in the states too.
func Named(ctx context.Context, name string) context.Context {
	parent := from(ctx, "Named")
	parent.r.logName(TraceNamed, name)
	return context.WithValue(ctx, ctxKey{}, &gor{name: name, r: parent.r, ctx: parent.ctx})
}

// Println prints its operands as fmt.Println does, as output of the
// goroutine ctx belongs to. Each line of the text is one Output event.
func Println(ctx context.Context, a ...any) {
	g := from(ctx, "Println")
	g.r.output(g.name, sprintln(a))
}

// sprintln is fmt.Sprintln without its newline. Operands that are all
// strings, most lines the lessons print, are joined here: fmt prints a
// string operand as it is, and Println always puts a space between
// operands. A lone string is the line itself, with nothing allocated.
// fmt.Sprintln was 6 % of the CPU time of the server's 10,000-client run
// in wasm under node, whose lines are strings but one a client.
func sprintln(a []any) string {
	n := len(a) - 1
	for _, v := range a {
		s, ok := v.(string)
		if !ok {
			return strings.TrimSuffix(fmt.Sprintln(a...), "\n")
		}
		n += len(s)
	}
	if len(a) == 1 {
		return a[0].(string)
	}
	var b strings.Builder
	b.Grow(max(n, 0))
	for i, v := range a {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v.(string))
	}
	return b.String()
}

// Printf prints as fmt.Printf does, as output of the goroutine ctx belongs
// to. A trailing newline is optional: every call ends its line.
func Printf(ctx context.Context, format string, a ...any) {
	g := from(ctx, "Printf")
	g.r.output(g.name, strings.TrimSuffix(fmt.Sprintf(format, a...), "\n"))
}

func (r *run) output(who, text string) {
	for {
		line, rest, more := strings.Cut(text, "\n")
		r.emit(Event{Kind: Output, Who: who, Text: line})
		if !more {
			return
		}
		text = rest
	}
}

// Sleep pauses the goroutine for d divided by the run's time scale, or
// until ctx is done, when it returns ctx's error. The Wait event it sends
// (unless the run has states, which show the sleep) names the unscaled
// duration, so the program's own numbers show.
func Sleep(ctx context.Context, d time.Duration) error {
	g := from(ctx, "Sleep")
	r := g.r
	waits := !r.states.Load() // else the trace tells
	if waits {
		text := "sleep " + d.String()
		if r.scale != 1 {
			text += " (÷" + strconv.Itoa(r.scale) + ")"
		}
		r.emit(Event{Kind: Wait, Who: g.name, Text: text})
	}
	t := time.NewTimer(d / time.Duration(r.scale))
	defer t.Stop()
	select {
	case <-t.C:
		if waits {
			r.emit(Event{Kind: Resume, Who: g.name})
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func from(ctx context.Context, fn string) *gor {
	g, ok := ctx.Value(ctxKey{}).(*gor)
	if !ok {
		panic("runner." + fn + ": the context is not from a run (pass the ctx your goroutine was given)")
	}
	return g
}
