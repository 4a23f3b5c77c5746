package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// setKnob sets a knob's input as a person would leave it, and lets the page
// see the change.
func (p *tab) setKnob(name, value string) {
	p.t.Helper()
	eval[bool](p, `(() => {
		const el = document.getElementById("knob-`+name+`");
		if (el.type === "checkbox") el.checked = `+quote(value)+` === "1"; else el.value = `+quote(value)+`;
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
}

// knob returns the value a knob's input shows: for a checkbox "1" or "0".
func (p *tab) knob(name string) string {
	return eval[string](p, `(() => {
		const el = document.getElementById("knob-`+name+`");
		return el.type === "checkbox" ? (el.checked ? "1" : "0") : el.value;
	})()`)
}

func (p *tab) hash() string { return eval[string](p, "location.hash") }

// TestURLState sets knobs, reloads the address they wrote, and finds them
// set again; then moves to another program, which keeps the shared knob.
func TestURLState(t *testing.T) {
	p := open(t, "#example=pool")
	p.setKnob("clients", "7")
	p.setKnob("workers", "3")
	p.setKnob("timescale", "20")
	want := "#example=pool&clients=7&workers=3&timescale=20"
	if got := p.hash(); got != want {
		t.Errorf("address after setting knobs: got %q; want %q", got, want)
	}
	p.load(p.hash())
	for name, v := range map[string]string{"clients": "7", "workers": "3", "timescale": "20", "messages": "10"} {
		if got := p.knob(name); got != v {
			t.Errorf("after reload, knob %s: got %q; want %q", name, got, v)
		}
	}
	if got := p.Text("#title"); !strings.Contains(got, "pool") {
		t.Errorf("after reload, title: got %q; want the pool program's", got)
	}

	p.load("#example=panic&recover=1")
	if got := p.knob("recover"); got != "1" {
		t.Errorf("checkbox from the address: got %q; want 1", got)
	}
	p.setKnob("recover", "0")
	if got := p.hash(); got != "#example=panic" {
		t.Errorf("address after clearing the checkbox: got %q; want #example=panic", got)
	}

	p.load("#example=pool&timescale=20")
	p.Click(`#programs a[data-example="join"]`)
	if got := p.hash(); got != "#example=join&timescale=20" {
		t.Errorf("address after choosing join: got %q; want the time scale kept", got)
	}
	p.CheckNoErrors()
}

// TestBadFragment opens addresses with mistakes: each shows a message that
// says what is wrong, and the page keeps the defaults and stays usable.
func TestBadFragment(t *testing.T) {
	tests := []struct {
		frag    string
		title   string            // a word of the program shown
		knobs   map[string]string // what the inputs show
		message []string
	}{
		{"#example=nosuch", "pool", map[string]string{"clients": "5"}, []string{`"nosuch"`, "pool"}},
		{"#example=pool&clients=0", "pool", map[string]string{"clients": "5"}, []string{"clients", "[1, 10000]"}},
		{"#example=pool&workers=abc&clients=3", "pool", map[string]string{"workers": "2", "clients": "3"}, []string{"workers", `"abc"`, "not a whole number"}},
		{"#example=pool&wrokers=3", "pool", map[string]string{"workers": "2"}, []string{"wrokers", "no such knob"}},
		{"#example=join&timescale=99999999999999999999", "Join", map[string]string{"timescale": "10"}, []string{"timescale", "out of range"}},
	}
	p := open(t, "")
	for _, tt := range tests {
		p.load(tt.frag)
		msg := p.Text(page.Message.Selector())
		for _, w := range tt.message {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q lacks %q", tt.frag, msg, w)
			}
		}
		if hidden := eval[bool](p, chromium.ByID(page.Message)+`.hidden`); hidden {
			t.Errorf("%s: the message is hidden", tt.frag)
		}
		if got := p.Text("#title"); !strings.Contains(got, tt.title) {
			t.Errorf("%s: title %q; want the program %s", tt.frag, got, tt.title)
		}
		for name, v := range tt.knobs {
			if got := p.knob(name); got != v {
				t.Errorf("%s: knob %s: got %q; want %q", tt.frag, name, got, v)
			}
		}
		if got := p.State(); got != page.Ready {
			t.Errorf("%s: state %q; want ready", tt.frag, got)
		}
	}
	p.CheckNoErrors()
}

// TestLiteralText puts markup in the address; the page's message echoes it
// as text, and no element is made from it.
func TestLiteralText(t *testing.T) {
	name := `<b>bold</b><script>window.injected=1</script><img src=x onerror="window.injected=2">`
	p := open(t, "#example="+strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", `"`, "%22", "=", "%3D").Replace(name))
	// The message quotes the name as Go does (strconv.Quote), so the
	// markup shows as characters, quotes escaped.
	if got, want := p.Text(page.Message.Selector()), strconv.Quote(name); !strings.Contains(got, want) {
		t.Errorf("message: got %q; want it to show %s literally", got, want)
	}
	if n := eval[int](p, `document.querySelectorAll("`+page.Message.Selector()+` *, `+page.Root.Selector()+` b, `+page.Root.Selector()+` img").length`); n != 0 {
		t.Errorf("elements made from the address: got %d; want 0", n)
	}
	if got := eval[bool](p, `"injected" in window`); got {
		t.Errorf("script from the address ran")
	}
	p.CheckNoErrors()
}
