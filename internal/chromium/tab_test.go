//go:build !js

package chromium

import (
	"testing"

	"github.com/goroutine-playground/playground/internal/page"
)

func TestSameDocument(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"http://h/#a", "http://h/#b", true},
		{"http://h/", "http://h/#b", true},
		{"http://h/x", "http://h/y#b", false},
		{"about:blank", "http://h/", false},
		{"http://h/?q=1#a", "http://h/?q=2#a", false},
	} {
		if got := sameDocument(tt.a, tt.b); got != tt.want {
			t.Errorf("sameDocument(%q, %q): got %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestByID(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want string
	}{
		{"run", `document.getElementById("run")`},
		{`a"b</script>`, `document.getElementById("a\"b\u003c/script\u003e")`},
	} {
		if got := ByID(page.ID(tt.id)); got != tt.want {
			t.Errorf("ByID(%q): got %q; want %q", tt.id, got, tt.want)
		}
	}
}
