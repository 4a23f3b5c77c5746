package page

import (
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

func TestShareLink(t *testing.T) {
	pool, _ := examples.Lookup("pool")
	values := runner.Defaults(pool.Knobs)
	values["clients"] = 7
	tests := []struct{ href, want string }{
		{"https://h.example/play/", "https://h.example/play/#example=pool&clients=7"},
		{"https://h.example/play/index.html#example=join&autorun=1", "https://h.example/play/index.html#example=pool&clients=7"},
		{"http://127.0.0.1:1234/#", "http://127.0.0.1:1234/#example=pool&clients=7"},
	}
	for _, tt := range tests {
		if got := (Address{Example: pool, Values: values}).Link(tt.href); got != tt.want {
			t.Errorf("shareLink(%q): got %q; want %q", tt.href, got, tt.want)
		}
	}
}

func TestEmbedCode(t *testing.T) {
	pool, _ := examples.Lookup("pool")
	values := runner.Defaults(pool.Knobs)
	if got, want := (Address{Example: pool, Values: values}).Embed("https://h.example/p/embed.js"),
		`<div data-goroutine-playground="pool"></div>`+"\n"+`<script src="https://h.example/p/embed.js"></script>`; got != want {
		t.Errorf("defaults:\ngot  %s\nwant %s", got, want)
	}
	values["workers"], values["clients"] = 1, 3
	// Knobs in the program's order, whatever order they were set in.
	got := (Address{Example: pool, Values: values}).Embed(`https://h.example/a"b<c>&d/embed.js`)
	want := `<div data-goroutine-playground="pool" data-clients="3" data-workers="1"></div>` + "\n" +
		`<script src="https://h.example/a&quot;b&lt;c&gt;&amp;d/embed.js"></script>`
	if got != want {
		t.Errorf("knobs and an address to escape:\ngot  %s\nwant %s", got, want)
	}
}

func TestAnnouncement(t *testing.T) {
	long := strings.Repeat("é", 100) // 200 bytes, two to a rune
	tests := []struct {
		n          int
		last, want string
	}{
		{1, "Hey. 3", "Hey. 3"},
		{12, "Hey. 9", "12 new lines, last: Hey. 9"},
		{2, "panic: boom\ngoroutine 1 [running]:", "2 new lines, last: panic: boom…"},
		{1, long, strings.Repeat("é", 60) + "…"},
	}
	for _, tt := range tests {
		if got := Announcement(tt.n, tt.last); got != tt.want {
			t.Errorf("Announcement(%d, %q): got %q; want %q", tt.n, tt.last, got, tt.want)
		}
	}
}
