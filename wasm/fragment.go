//go:build js && wasm

package main

import (
	"errors"
	"net/url"
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
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err := errors.Join(err1, err2); err != nil {
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
	b.WriteString(url.QueryEscape(ex.Name))
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
