package policy

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		path string
		want Verdict
	}{
		{"fmt", "fmt", Allowed},
		{"sync/atomic", "sync/atomic", Allowed},
		{"net is the fake network", "net", Allowed},
		{"net/netip", "net/netip", Allowed},
		{"crypto/tls over the fake network", "crypto/tls", Allowed},
		{"os", "os", Allowed},
		{"runtime/debug", "runtime/debug", Allowed},
		{"runner", Module + "/internal/runner", Allowed},
		{"memnet", Module + "/internal/memnet", Allowed},
		{"pickle", Module + "/internal/pickle", Allowed},
		{"syscall/js", "syscall/js", Refused},
		{"unsafe", "unsafe", Refused},
		{"os/exec", "os/exec", Refused},
		{"os/signal", "os/signal", Refused},
		{"plugin", "plugin", Refused},
		{"net/http", "net/http", Refused},
		{"net/http/httptest", "net/http/httptest", Refused},
		{"net/rpc/jsonrpc", "net/rpc/jsonrpc", Refused},
		{"net/smtp", "net/smtp", Refused},
		{"expvar reaches net/http", "expvar", Refused},
		{"runtime/cgo", "runtime/cgo", Refused},
		{"syscall", "syscall", Refused},
		{"internal at the top", "internal/abi", Refused},
		{"internal below", "crypto/internal/fips140", Refused},
		{"vendor", "vendor/golang.org/x/net/dns/dnsmessage", Refused},
		{"cmd", "cmd/compile", Refused},
		{"the engine is not for programs", Module + "/internal/engine", Unavailable},
		{"examples are not for programs", Module + "/internal/examples", Unavailable},
		{"a module", "github.com/some/module", Unavailable},
		{"cgo", "C", Unavailable},
		{"empty", "", Unavailable},
		{"a name like internal is not internal", "internalish/x", Allowed},
		{"net/httpx is not net/http", "net/httpx", Allowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Check(tt.path)
			if got != tt.want {
				t.Errorf("Check(%q) = %d; want %d", tt.path, got, tt.want)
			}
			msg := Message(tt.path)
			if (msg == "") != (tt.want == Allowed) {
				t.Errorf("Message(%q) = %q; want a message exactly when refused or unavailable", tt.path, msg)
			}
		})
	}
}

func TestMessage(t *testing.T) {
	tests := []struct {
		name, path, want string
	}{
		{"refused", "os/exec", `import "os/exec" is not allowed: it starts other programs, and a page has none`},
		{"syscall/js", "syscall/js", `import "syscall/js" is not allowed: it reaches into the page's JavaScript`},
		{"unavailable", "github.com/x/y", "package github.com/x/y is not available: a program here may import the standard library and the playground's own packages"},
		{"cgo", "C", `import "C" is not allowed: cgo calls C code, and a page has none`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Message(tt.path); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestRulesRead(t *testing.T) {
	for _, r := range Rules {
		if r.Why == "" || strings.HasSuffix(r.Why, ".") || strings.ToLower(r.Why[:1]) != r.Why[:1] {
			t.Errorf("rule %q: Why %q must complete a sentence: lower case, no full stop", r.Pattern, r.Why)
		}
	}
	for _, p := range Playground {
		if !strings.HasPrefix(p.Path, Module+"/") || p.Doc == "" {
			t.Errorf("playground package %+v: want a path in the module and a doc line", p)
		}
	}
}
