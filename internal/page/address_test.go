package page

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		frag    string
		example string
		values  map[string]int // a subset of what must be set
		autorun bool
		errs    []string // substrings of the error; none means no error
	}{
		{"", "pool", map[string]int{"clients": 5, "workers": 2}, false, nil},
		{"#example=pool&clients=7&workers=3&autorun=1", "pool", map[string]int{"clients": 7, "workers": 3}, true, nil},
		{"example=join&timescale=1", "join", map[string]int{"timescale": 1}, false, nil},
		{"#example=nosuch", "pool", nil, false, []string{`"nosuch"`, "thread, start"}},
		{"#example=pool&clients=0&workers=x", "pool", map[string]int{"clients": 5, "workers": 2}, false,
			[]string{"clients: 0 is out of range [1, 10000]", `workers: "x" is not a whole number`}},
		{"#example=pool&bogus=1", "pool", nil, false, []string{"bogus: no such knob"}},
		{"#example=%3Cb%3E", "pool", nil, false, []string{`"<b>"`}},
		{"#example=pool&clients=%zz", "pool", map[string]int{"clients": 5}, false, []string{`cannot read "clients=%zz"`}},
		{"#example=spin&yield=on", "spin", map[string]int{"yield": 1}, false, nil},
	}
	for _, tt := range tests {
		sel, err := ParseAddress(tt.frag)
		if sel.Example.Name != tt.example {
			t.Errorf("%q: example %q; want %q", tt.frag, sel.Example.Name, tt.example)
		}
		for k, v := range tt.values {
			if sel.Values[k] != v {
				t.Errorf("%q: knob %s = %d; want %d", tt.frag, k, sel.Values[k], v)
			}
		}
		if sel.Autorun != tt.autorun {
			t.Errorf("%q: autorun %v; want %v", tt.frag, sel.Autorun, tt.autorun)
		}
		if (err != nil) != (len(tt.errs) > 0) {
			t.Errorf("%q: error %v; want one with %q", tt.frag, err, tt.errs)
			continue
		}
		for _, w := range tt.errs {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q lacks %q", tt.frag, err, w)
			}
		}
	}
}

func TestFragmentRoundTrip(t *testing.T) {
	for _, ex := range examples.All() {
		values := runner.Defaults(ex.Knobs)
		if got, want := (Address{Example: ex, Values: values}).Fragment(), "#example="+ex.Name; got != want {
			t.Errorf("defaults: got %q; want %q", got, want)
		}
		for _, k := range ex.Knobs {
			values[k.Name] = k.Max
		}
		sel, err := ParseAddress(Address{Example: ex, Values: values}.Fragment())
		if err != nil || sel.Example.Name != ex.Name {
			t.Fatalf("%s: parse(format) = %s, %v", ex.Name, sel.Example.Name, err)
		}
		for _, k := range ex.Knobs {
			if sel.Values[k.Name] != k.Max {
				t.Errorf("%s: knob %s: got %d; want %d", ex.Name, k.Name, sel.Values[k.Name], k.Max)
			}
		}
	}
}

func TestCarry(t *testing.T) {
	pool, _ := examples.Lookup("pool")
	many, _ := examples.Lookup("many")
	join, _ := examples.Lookup("join")
	v := runner.Defaults(pool.Knobs)
	v["timescale"], v["clients"] = 50, 9
	if got := Carry(join, pool, v); got["timescale"] != 50 {
		t.Errorf("timescale carried to join: got %d; want 50", got["timescale"])
	}
	// many's clients knob has its own default and meaning: not carried.
	if got := Carry(many, pool, v); got["clients"] == 9 {
		t.Errorf("pool's clients carried to many's, a different knob")
	}
}

func TestColourClass(t *testing.T) {
	if first, again := ColourClass("worker-1"), ColourClass("worker-1"); first != again {
		t.Error("colour of a name changes")
	}
	seen := map[string]bool{}
	for _, n := range []string{"main", "worker-1", "worker-2", "client-1", "client-2", "handler-1", "ticker", "spinner"} {
		seen[ColourClass(n)] = true
	}
	if len(seen) < 4 {
		t.Errorf("eight names share %d colours; want them spread", len(seen))
	}
}

func TestFirstSentence(t *testing.T) {
	if got, want := FirstSentence("A thing. And\nmore. Yes"), "A thing."; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestColourIsFNV(t *testing.T) {
	// The terminal painted with hash/fnv's FNV-1a before it shared Colour:
	// the colours must stay what they were.
	for _, name := range []string{"main", "worker-1", "", "client-10", "é"} {
		h := fnv.New32a()
		h.Write([]byte(name))
		if got, want := Colour(name), int(h.Sum32()%Colours); got != want {
			t.Errorf("Colour(%q) = %d; want %d", name, got, want)
		}
	}
}

func TestAddressInput(t *testing.T) {
	a, err := ParseAddress("#example=responsive&input=status&input=stop%20now&input=a%0Ab&autorun=1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"status", "stop now", "a", "b"}; !slices.Equal(a.Input, want) {
		t.Errorf("input %q; want %q", a.Input, want)
	}
	a.Input = []string{"<b>&", "é", ""}
	again, err := ParseAddress(a.Fragment())
	if err != nil || !slices.Equal(again.Input, a.Input) {
		t.Errorf("round trip of %q through %q: %q, %v", a.Input, a.Fragment(), again.Input, err)
	}
	many := "#example=responsive" + strings.Repeat("&input=x", MaxInput+1)
	if a, err := ParseAddress(many); err == nil || len(a.Input) != MaxInput {
		t.Errorf("%d lines: kept %d, err %v; want %d kept and an error", MaxInput+1, len(a.Input), err, MaxInput)
	}
}

func TestAddressCode(t *testing.T) {
	src := "package main\n\nfunc main() { println(\"<b>\") }\n"
	code, _ := EncodeCode(src)
	tests := []struct {
		name, frag, example string
		edited              bool
		errs                []string
	}{
		{"plain", "#code=" + code, "", true, nil},
		{"edited built-in", "#example=join&code=" + code + "&timescale=5", "join", true, nil},
		{"from an embed", "#example=&code=" + code, "", true, nil},
		{"damaged", "#example=pool&code=" + code[:len(code)/2], "pool", false, []string{"damaged"}},
		{"damaged, alone", "#code=%%%", "pool", false, []string{"cannot read"}},
		{"edits of a program not there", "#example=nosuch&code=" + code, "pool", false, []string{`"nosuch"`}},
		{"ten megabytes", "#code=" + strings.Repeat("A", 10<<20), "pool", false, []string{"too long"}},
	}
	for _, tt := range tests {
		a, err := ParseAddress(tt.frag)
		if a.Example.Name != tt.example || a.Edited != tt.edited {
			t.Errorf("%s: example %q edited %v; want %q %v", tt.name, a.Example.Name, a.Edited, tt.example, tt.edited)
		}
		if tt.edited && a.Code != src {
			t.Errorf("%s: code %q; want %q", tt.name, a.Code, src)
		}
		if (err != nil) != (len(tt.errs) > 0) {
			t.Errorf("%s: error %v; want one with %q", tt.name, err, tt.errs)
			continue
		}
		for _, w := range tt.errs {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.name, err, w)
			}
		}
		if err == nil {
			again, err := ParseAddress(a.Fragment())
			if err != nil || again.Example.Name != a.Example.Name || again.Code != a.Code || again.Edited != a.Edited {
				t.Errorf("%s: round trip through %q: %+v, %v", tt.name, a.Fragment(), again, err)
			}
		}
	}
	a, _ := ParseAddress("#code=" + code)
	if got := a.Embed("e.js"); !strings.Contains(got, `data-goroutine-playground=""`) || !strings.Contains(got, `data-code="`+code+`"`) {
		t.Errorf("embed of a plain program: %s", got)
	}
	a.Code = strings.Repeat("x\n", MaxSource)
	if a.CodeError() == nil || strings.Contains(a.Fragment(), "code=") {
		t.Errorf("code over the limit: CodeError %v, fragment %.80q", a.CodeError(), a.Fragment())
	}
}
