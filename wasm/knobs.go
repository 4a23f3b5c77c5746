//go:build js && wasm

package main

import (
	"errors"
	"maps"
	"strconv"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/runner"
)

// knobForm shows a program's knobs as labelled inputs with their ranges
// and help: a number input, or a checkbox for an on/off knob. A page
// without the fieldset (a compact embed) runs with the values it was given.
type knobForm struct {
	box    *dom.BasicHTMLElement // the fieldset, or nil
	inputs []knobInput
}

type knobInput struct {
	knob runner.Knob
	in   *dom.HTMLInputElement
}

// show replaces the inputs by those of knobs, set to values.
func (f *knobForm) show(knobs []runner.Knob, values runner.Values) {
	if f.box == nil {
		return
	}
	for f.box.Get("lastChild").Truthy() && f.box.Get("lastChild").Get("tagName").String() != "LEGEND" {
		f.box.Get("lastChild").Call("remove")
	}
	f.inputs = f.inputs[:0]
	for _, k := range knobs {
		id := "knob-" + k.Name
		row := create("div", "knob")
		label := text("label", "", k.Name)
		label.SetAttribute("for", id)
		in := input(create("input", ""))
		in.SetID(id)
		in.SetAttribute("name", k.Name)
		in.SetAttribute("aria-describedby", id+"-help")
		help := k.Help
		if k.Bool {
			in.SetAttribute("type", "checkbox")
			in.SetChecked(values[k.Name] != 0)
		} else {
			in.SetAttribute("type", "number")
			in.SetAttribute("inputmode", "numeric")
			in.SetAttribute("min", strconv.Itoa(k.Min))
			in.SetAttribute("max", strconv.Itoa(k.Max))
			in.SetAttribute("step", "1")
			in.SetValue(strconv.Itoa(values[k.Name]))
			help += " " + k.Range()
		}
		hint := text("small", "", help)
		hint.SetID(id + "-help")
		row.AppendChild(label)
		row.AppendChild(in)
		row.AppendChild(hint)
		f.box.AppendChild(row)
		f.inputs = append(f.inputs, knobInput{k, in})
	}
	f.box.Set("hidden", len(knobs) == 0)
}

// read returns values updated from the inputs. A value that is not a
// whole number in its knob's range is reported, marked invalid, and
// replaced by the knob's default.
func (f *knobForm) read(values runner.Values) (runner.Values, error) {
	values = maps.Clone(values)
	var errs []error
	for _, ki := range f.inputs {
		var v int
		var err error
		if ki.knob.Bool {
			if ki.in.Checked() {
				v = 1
			}
		} else {
			v, err = ki.knob.Parse(ki.in.Value())
		}
		if err != nil {
			errs = append(errs, err)
			ki.in.SetAttribute("aria-invalid", "true")
			values[ki.knob.Name] = ki.knob.Default
			continue
		}
		ki.in.RemoveAttribute("aria-invalid")
		values[ki.knob.Name] = v
	}
	return values, errors.Join(errs...)
}
