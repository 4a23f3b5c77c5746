package runner

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestStdoutNamesTheWriter(t *testing.T) {
	out := NewStdout()
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		out.Write(1, []byte("from main\nand a half"))
		out.Write(1, []byte(" line\n"))
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() { // a plain go statement, as in a package main
				defer wg.Done()
				out.Write(2, []byte("from a plain goroutine\n"))
			}()
		}
		wg.Wait()
		out.Write(1, []byte("no newline at the end"))
		return nil
	}, Config{Stdout: out})
	if res.Status != Done {
		t.Fatalf("result %+v", res)
	}
	var lines []string
	who := map[string]bool{}
	for _, e := range rec.of(Output) {
		lines = append(lines, e.Who+": "+e.Text)
		who[e.Who] = true
	}
	if len(lines) != 5 || lines[0] != "main: from main" || lines[1] != "main: and a half line" || lines[4] != "main: no newline at the end" {
		t.Errorf("lines %q", lines)
	}
	var plain []string
	for w := range who {
		if w != "main" {
			plain = append(plain, w)
		}
	}
	if len(plain) != 2 || !strings.Contains(plain[0], "TestStdoutNamesTheWriter") ||
		strings.TrimSuffix(plain[0], "#2") != strings.TrimSuffix(plain[1], "#2") {
		t.Errorf("the plain goroutines are named %q; want their start function, twice, told apart", plain)
	}
	out.Write(1, []byte("after the run\n")) // dropped, and no panic
}

func TestUntrackedDeadlock(t *testing.T) {
	prefix := "github.com/goroutine-playground/playground/internal/runner.TestUntrackedDeadlock"
	release := make(chan struct{})
	res, _ := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		ch := make(chan int)
		go func() { // blocked for good, unknown to the runner
			select {
			case <-ch:
			case <-release:
			}
		}()
		select {
		case <-ch: // nobody sends
		case <-release:
		}
		return nil
	}, Config{Values: Values{"stall": 100}, Grace: 50 * time.Millisecond, Untracked: prefix})
	close(release)
	var de *DeadlockError
	if !errors.As(res.Err, &de) || len(de.Waiting) != 2 {
		t.Fatalf("result %+v; want a deadlock of main and the plain goroutine", res)
	}
	if de.Waiting[0].Goroutine != "main" || !strings.Contains(de.Waiting[1].Goroutine, "TestUntrackedDeadlock") {
		t.Errorf("waiting: %+v", de.Waiting)
	}
}

func TestUntrackedSleeperIsNoDeadlock(t *testing.T) {
	prefix := "github.com/goroutine-playground/playground/internal/runner.TestUntrackedSleeperIsNoDeadlock"
	res, _ := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		done := make(chan struct{})
		go func() {
			time.Sleep(600 * time.Millisecond) // longer than the stall, with no event
			close(done)
		}()
		<-done
		return nil
	}, Config{Values: Values{"stall": 100}, Untracked: prefix})
	if res.Status != Done {
		t.Fatalf("result %+v; want done: a sleeping goroutine will wake main", res)
	}
}

func TestReadLineFor(t *testing.T) {
	in := NewStdin()
	in.Send("hello")
	in.Close()
	var got []string
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		done := make(chan struct{})
		go func() { // as a host reads for a plain goroutine
			defer close(done)
			who := in.Caller()
			for {
				line, err := in.ReadLineFor(who)
				if err != nil {
					return
				}
				got = append(got, who+": "+line)
			}
		}()
		<-done
		return nil
	}, Config{Stdin: in})
	if res.Status != Done || len(got) != 1 || !strings.HasSuffix(got[0], ": hello") || strings.HasPrefix(got[0], "main") {
		t.Fatalf("result %+v, lines %q; want one line read by the plain goroutine", res, got)
	}
	if ev := rec.of(Input); len(ev) != 1 || ev[0].Text != "hello" || ev[0].Who == "main" {
		t.Errorf("input events %+v", ev)
	}
}
