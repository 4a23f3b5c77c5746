// Package policy says which packages a program written in the playground may
// import, and why the others are refused. The toolchain applies it before it
// compiles anything, and the page shows it as the list of what may be
// imported; it imports nothing but strings and strconv, so the page's own binary can carry
// it at no cost.
//
// # What may be imported
//
// The standard library, as Go's compiler for js/wasm accepts it, except the
// packages [Rules] names; and the playground's own packages in
// [Playground]. Anything else (a module from the internet, cgo's "C") is not
// available: there is no go command and no network to fetch it with.
//
// # Why these are refused
//
// A program runs in a Web Worker of someone's page. What could reach the
// page, its storage or the network (syscall/js, net/http, which uses fetch)
// is refused, and so is what breaks Go's safety (unsafe, also refused by the
// compiler's -u flag) or cannot work in a browser (os/exec, plugin, cgo).
// net itself stays: on js/wasm it is Go's in-process fake network, so
// net.Listen and net.Dial connect goroutines of the same program.
package policy

import (
	"strconv"
	"strings"
)

// Module is the playground's module path.
const Module = "github.com/goroutine-playground/playground"

// Package is one of the playground's own importable packages.
type Package struct {
	Path string // import path
	Doc  string // what it is for, one line for the page
}

// Playground lists the playground's own packages a program may import: the
// ones the built-in programs use, so an edited built-in compiles as it
// stands.
var Playground = []Package{
	{Path: Module + "/internal/runner", Doc: "named goroutines, knobs and output lines, as the built-in programs use them"},
	{Path: Module + "/internal/memnet", Doc: "the in-memory network: listen, accept, dial, read, write, close"},
	{Path: Module + "/internal/pickle", Doc: "CPython-exact pickle bytes, and a safe decoder"},
}

// Rule refuses one import path, or a tree of them.
type Rule struct {
	// Pattern is an import path, or a tree of them ending in "/..."
	// ("net/http/..." is net/http and everything under it); a pattern
	// starting with ".../" matches that tree at any depth.
	Pattern string
	// Why completes the sentence `import "P" is not allowed: `.
	Why string
	// Reach marks a capability that an allowed package must not reach
	// through its own imports either: the site build checks that no
	// allowed package of the standard library imports it.
	Reach bool
}

// Rules lists the refusals, in the order the page shows them. Only the
// standard library is matched against them; the playground's own packages
// are checked first.
var Rules = []Rule{
	{Pattern: "syscall/js", Why: "it reaches into the page's JavaScript"},
	{Pattern: "unsafe", Why: "it breaks Go's memory safety"},
	{Pattern: "net/http/...", Why: "it makes real network requests from the page", Reach: true},
	{Pattern: "net/rpc/...", Why: "it serves and calls over real network protocols", Reach: true},
	{Pattern: "net/smtp", Why: "it talks to real mail servers", Reach: true},
	{Pattern: "expvar", Why: "it imports net/http, which makes real network requests from the page"},
	{Pattern: "os/exec", Why: "it starts other programs, and a page has none"},
	{Pattern: "os/signal", Why: "it handles signals of an operating system, and a page has none"},
	{Pattern: "plugin", Why: "it loads code at run time", Reach: true},
	{Pattern: "runtime/cgo", Why: "it calls C code, and a page has none"},
	{Pattern: "syscall", Why: "it calls the operating system directly"},
	{Pattern: "internal/...", Why: "it is internal to Go's standard library"},
	{Pattern: ".../internal/...", Why: "it is internal to Go's standard library"},
	{Pattern: "vendor/...", Why: "it is a copy kept inside Go's standard library for its own use"},
	{Pattern: "cmd/...", Why: "it belongs to the go command's own tools"},
}

// Verdict is what [Check] says about one import path.
type Verdict uint8

const (
	// Allowed: a package of the standard library no rule refuses, or one of
	// the playground's own. Whether it exists is for the toolchain's
	// manifest to say.
	Allowed Verdict = iota
	// Refused: a rule of [Rules] matches.
	Refused
	// Unavailable: neither the standard library nor the playground's.
	Unavailable
)

// Check says whether a program may import path, and the rule that refuses it
// if one does.
func Check(path string) (Verdict, Rule) {
	for _, p := range Playground {
		if p.Path == path {
			return Allowed, Rule{}
		}
	}
	if !IsStd(path) {
		return Unavailable, Rule{}
	}
	for _, r := range Rules {
		if r.Match(path) {
			return Refused, r
		}
	}
	return Allowed, Rule{}
}

// Message is the one line that tells the user why path cannot be imported,
// or "" when it can (by the rules; the manifest may still lack it).
func Message(path string) string {
	switch v, r := Check(path); v {
	case Refused:
		return "import " + strconv.Quote(path) + " is not allowed: " + r.Why
	case Unavailable:
		if path == "C" {
			return `import "C" is not allowed: cgo calls C code, and a page has none`
		}
		return "package " + path + " is not available: " + availableHint
	}
	return ""
}

// availableHint ends the message for an import that is neither in the
// standard library nor the playground's (nor, for the toolchain, in its
// manifest).
const availableHint = "a program here may import the standard library and the playground's own packages"

// NotAvailable is the message for an import the rules allow but the
// toolchain does not have (a standard library package that does not exist
// for js/wasm, say).
func NotAvailable(path string) string {
	return "package " + path + " is not available: " + availableHint
}

// IsStd reports whether path has the form of a standard library path: its
// first element has no dot, as the go command decides it.
func IsStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return first != "" && !strings.Contains(first, ".") && path != "C"
}

// Match reports whether the rule's pattern matches path.
func (r Rule) Match(path string) bool {
	pat := r.Pattern
	anyDepth := false
	if rest, ok := strings.CutPrefix(pat, ".../"); ok {
		pat, anyDepth = rest, true
	}
	tree := false
	if rest, ok := strings.CutSuffix(pat, "/..."); ok {
		pat, tree = rest, true
	}
	matchAt := func(p string) bool {
		return p == pat || tree && strings.HasPrefix(p, pat+"/")
	}
	if matchAt(path) {
		return true
	}
	if anyDepth {
		for i := range len(path) {
			if path[i] == '/' && matchAt(path[i+1:]) {
				return true
			}
		}
	}
	return false
}
