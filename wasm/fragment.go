//go:build js && wasm

package main

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

// A page's state lives in its URL fragment, so a link opens the same
// program with the same knobs: #example=pool&clients=5&workers=2, and
// &autorun=1 to run it on load. embed.html reads the same fragment.

// defaultExample is the program a page without a fragment shows.
const defaultExample = "pool"

// selection is what a fragment asks for, resolved against the programs.
type selection struct {
	ex      examples.Example
	values  runner.Values
	autorun bool
}

// parseFragment reads a fragment, with or without its "#". Whatever is
// wrong in it is reported in err, joined, and replaced by a default: an
// unknown program by the default program, a bad knob value by the knob's
// default. The selection is always usable.
func parseFragment(frag string) (selection, error) {
	frag = strings.TrimPrefix(frag, "#")
	var errs []error
	name := defaultExample
	set := map[string]string{}
	var autorun bool
	for part := range strings.SplitSeq(frag, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, ok1 := unescape(k)
		val, ok2 := unescape(v)
		if !ok1 || !ok2 {
			errs = append(errs, errors.New("cannot read "+strconv.Quote(part)+" in the address"))
			continue
		}
		switch key {
		case "example":
			name = val
		case "autorun":
			autorun = val == "1" || val == "true"
		default:
			set[key] = val
		}
	}
	ex, ok := examples.Lookup(name)
	if !ok {
		errs = append(errs, errors.New("there is no program "+strconv.Quote(name)+
			" (the programs are "+strings.Join(programNames(), ", ")+"); showing "+defaultExample))
		ex, _ = examples.Lookup(defaultExample)
	}
	values, err := runner.Resolve(ex.Knobs, set)
	if err != nil {
		errs = append(errs, err)
	}
	return selection{ex: ex, values: values, autorun: autorun}, errors.Join(errs...)
}

// formatFragment writes the fragment for a program and its knob values,
// naming only the knobs that differ from their defaults.
func formatFragment(ex examples.Example, values runner.Values) string {
	var b strings.Builder
	b.WriteString("#example=")
	b.WriteString(ex.Name) // names and numbers need no escaping
	for _, k := range ex.Knobs {
		if v, ok := values[k.Name]; ok && v != k.Default {
			b.WriteString("&" + k.Name + "=" + strconv.Itoa(v))
		}
	}
	return b.String()
}

// carry returns the values for ex's knobs, taking from prev, the values of
// the program from, those of its knobs that ex has too (the same name,
// default and range): moving between programs keeps the time scale.
func carry(ex, from examples.Example, prev runner.Values) runner.Values {
	values := runner.Defaults(ex.Knobs)
	for _, k := range ex.Knobs {
		if slices.Contains(from.Knobs, k) {
			if v, ok := prev[k.Name]; ok {
				values[k.Name] = v
			}
		}
	}
	return values
}

func programNames() []string {
	var names []string
	for _, e := range examples.All() {
		names = append(names, e.Name)
	}
	return slices.Clip(names)
}

// unescape decodes the %XX escapes a browser puts in an address. It
// reports false for a malformed escape. (net/url would do, at a cost of
// kilobytes in the binary for what the page does not need.)
func unescape(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", false
		}
		b = append(b, hi<<4|lo)
		i += 2
	}
	return string(b), true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
