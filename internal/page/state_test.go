package page

import "testing"

func TestStateWords(t *testing.T) {
	for s := Loading; s <= Failed; s++ {
		w := s.String()
		got, ok := ParseState(w)
		if !ok || got != s {
			t.Errorf("ParseState(%q) = %v, %v; want %v, true", w, got, ok, s)
		}
	}
	if _, ok := ParseState("runnin"); ok {
		t.Error(`ParseState("runnin") succeeded`)
	}
	if got := State(99).String(); got != "state(99)" {
		t.Errorf("got %q; want %q", got, "state(99)")
	}
}

func TestStateClasses(t *testing.T) {
	for _, tc := range []struct {
		s           State
		busy, ended bool
	}{
		{Loading, false, false}, {Ready, false, false}, {Building, true, false}, {Running, true, false},
		{Done, false, true}, {Stopped, false, true}, {Failed, false, true},
	} {
		if tc.s.Busy() != tc.busy || tc.s.Ended() != tc.ended {
			t.Errorf("%v: Busy %v Ended %v; want %v %v", tc.s, tc.s.Busy(), tc.s.Ended(), tc.busy, tc.ended)
		}
	}
}
