package timeline

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// TestPieces: a span a pixel long or more is drawn alone; briefer ones
// that start within a pixel share a piece, drawn as the longest wait among
// them, else the longest. The clock draws 1 µs a pixel; the run ends at
// 60 µs.
func TestPieces(t *testing.T) {
	us := func(n int) time.Duration { return time.Duration(n) * time.Microsecond }
	for _, tc := range []struct {
		desc   string
		events []runner.Event
		want   []string // each piece: "lane kind/reason from n"
	}{
		{"spans wider than a pixel stay apart", []runner.Event{
			{At: us(0), Kind: runner.Running, Who: "g"},
			{At: us(2), Kind: runner.Blocked, Who: "g", Text: "select"},
			{At: us(5), Kind: runner.Runnable, Who: "g"},
		}, []string{"g running/ 0s 1", "g waiting/select 2µs 1", "g runnable/ 5µs 1"}},
		{"a flurry is one piece, drawn as its wait", []runner.Event{
			{At: 0, Kind: runner.Running, Who: "g"},
			{At: 100, Kind: runner.Runnable, Who: "g"},
			{At: 150, Kind: runner.Running, Who: "g"},
			{At: 400, Kind: runner.Blocked, Who: "g", Text: "chan receive"},
			{At: 500, Kind: runner.Running, Who: "g"},
			{At: 900, Kind: runner.Blocked, Who: "g", Text: "sleep"},
		}, []string{"g waiting/chan receive 0s 5", "g waiting/sleep 900ns 1"}},
		{"a flurry without a wait is drawn as its longest", []runner.Event{
			{At: 0, Kind: runner.Running, Who: "g"},
			{At: 100, Kind: runner.Runnable, Who: "g"},
			{At: 400, Kind: runner.Running, Who: "g"},
			{At: 900, Kind: runner.Blocked, Who: "g", Text: "sleep"},
		}, []string{"g running/ 0s 3", "g waiting/sleep 900ns 1"}},
		{"a long span is drawn alone, even within the pixel", []runner.Event{
			{At: 0, Kind: runner.Running, Who: "g"},
			{At: 10, Kind: runner.Blocked, Who: "g", Text: "Mutex"},
			{At: us(50), Kind: runner.Runnable, Who: "g"},
		}, []string{"g running/ 0s 1", "g waiting/Mutex 10ns 1", "g runnable/ 50µs 1"}},
		{"lanes apart", []runner.Event{
			{At: 0, Kind: runner.Running, Who: "g"},
			{At: 10, Kind: runner.Running, Who: "h"},
			{At: 20, Kind: runner.Blocked, Who: "g", Text: "sync"},
			{At: 30, Kind: runner.Runnable, Who: "h"},
			{At: 40, Kind: runner.Runnable, Who: "g"},
		}, []string{"g waiting/sync 0s 2", "h running/ 10ns 1", "h runnable/ 30ns 1", "g runnable/ 40ns 1"}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			tl := New()
			add := numbered(tl)
			add(runner.Event{Kind: runner.Start, Who: "g"})
			add(runner.Event{Kind: runner.Start, Who: "h"})
			for _, e := range tc.events {
				add(e)
			}
			add(runner.Event{At: us(60), Kind: runner.End})
			c := Clock{Width: 1000, NsPerPx: 1000}
			var p Pieces
			var pieces []*Piece
			for i := range tl.Spans {
				pl := p.Place(tl, i, c)
				if pl.New {
					pieces = append(pieces, pl.Piece)
				} else if pl.Was < 0 || pl.Piece.Last != i {
					t.Errorf("span %d joined %+v, having been at %d", i, *pl.Piece, pl.Was)
				}
			}
			var got []string
			joined := 0
			for _, pc := range pieces {
				m := tl.Spans[pc.Main]
				got = append(got, fmt.Sprintf("%s %s/%s %v %d", tl.Lanes[pc.Lane].Name, m.Kind, m.Reason, pc.From, pc.N))
				joined += pc.N - 1
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q; want %q", got, tc.want)
			}
			if p.Joined() != joined {
				t.Errorf("Joined() = %d; want %d", p.Joined(), joined)
			}
		})
	}
}

// TestPiecesOpen: the lane's latest state, open when placed, is drawn
// alone and takes no other.
func TestPiecesOpen(t *testing.T) {
	tl := New()
	add := numbered(tl)
	add(runner.Event{Kind: runner.Start, Who: "g"})
	add(runner.Event{At: 0, Kind: runner.Running, Who: "g"})
	c := Clock{Width: 1000, NsPerPx: 1000}
	var p Pieces
	if pl := p.Place(tl, 0, c); !pl.New {
		t.Fatalf("the open span joined %+v", *pl.Piece)
	}
	add(runner.Event{At: 100, Kind: runner.Blocked, Who: "g", Text: "Cond"})
	if pl := p.Place(tl, 1, c); !pl.New {
		t.Errorf("a span after a piece placed open joined it: %+v", *pl.Piece)
	}
}

// TestPiecesBounded: a lane changing state every 10 ns for 10 ms draws no
// more pieces than its width has pixels.
func TestPiecesBounded(t *testing.T) {
	tl := New()
	add := numbered(tl)
	add(runner.Event{Kind: runner.Start, Who: "g"})
	for i := range MaxSpans {
		k := runner.Running
		if i%2 == 1 {
			k = runner.Runnable
		}
		add(runner.Event{At: time.Duration(i) * 10, Kind: k, Who: "g"})
	}
	c := NewClock(0, 300)
	c.Fit(tl.Now, false, func() float64 { return 300 })
	var p Pieces
	n := 0
	for i := range tl.Spans {
		if p.Place(tl, i, c).New {
			n++
		}
	}
	if n > 300 || n < 100 {
		t.Errorf("%d pieces for %d spans over 300 px; want at most one a pixel", n, len(tl.Spans))
	}
}
