package runner

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// A Knob is a whole-number setting of a program: how many clients, how many
// workers, how fast time runs. Its range is inclusive.
type Knob struct {
	Name    string // short, lower-case: the flag and URL parameter name
	Help    string // one line for a label or -help
	Default int
	Min     int
	Max     int
	Bool    bool // shown as a checkbox: 0 is off, 1 is on
}

// Check reports whether v is in the knob's range, with an error that names
// the knob and its range.
func (k Knob) Check(v int) error {
	if v < k.Min || v > k.Max {
		if k.Bool {
			return &KnobError{Knob: k.Name, Msg: strconv.Itoa(v) + " is not 0 (off) or 1 (on)"}
		}
		return &KnobError{Knob: k.Name, Msg: strconv.Itoa(v) + " is out of range " + k.Range()}
	}
	return nil
}

// Range returns the knob's range as "[min, max]".
func (k Knob) Range() string {
	return "[" + strconv.Itoa(k.Min) + ", " + strconv.Itoa(k.Max) + "]"
}

// Parse reads a value for the knob from text, as it comes from a flag or a
// URL, and checks its range. A Bool knob also takes true/false/on/off.
func (k Knob) Parse(s string) (int, error) {
	t := strings.TrimSpace(s)
	if k.Bool {
		switch strings.ToLower(t) {
		case "true", "on", "yes":
			return 1, nil
		case "false", "off", "no":
			return 0, nil
		}
	}
	v, err := strconv.Atoi(t)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, &KnobError{Knob: k.Name, Msg: strconv.Quote(s) + " is out of range " + k.Range()}
		}
		return 0, &KnobError{Knob: k.Name, Msg: strconv.Quote(s) + " is not a whole number"}
	}
	return v, k.Check(v)
}

// KnobError says what is wrong with a knob's value.
type KnobError struct {
	Knob string // the knob's name
	Msg  string
}

func (e *KnobError) Error() string { return "knob " + e.Knob + ": " + e.Msg }

// Values holds a value for every knob of a program, by name.
type Values map[string]int

// Defaults returns every knob at its default.
func Defaults(knobs []Knob) Values {
	v := make(Values, len(knobs))
	for _, k := range knobs {
		v[k.Name] = k.Default
	}
	return v
}

// Resolve starts from the defaults and applies the settings in set, given as
// text. It reports every bad setting, not just the first, joined with
// errors.Join; the values it returns then hold defaults for those.
func Resolve(knobs []Knob, set map[string]string) (Values, error) {
	return apply(knobs, set, Knob.Parse)
}

// Check returns values for every knob: the defaults, with the values of
// set in their place. A name in set that is no knob, or a value out of its
// knob's range, is reported in the error (all of them, joined) and left
// at its default.
func Check(knobs []Knob, set Values) (Values, error) {
	return apply(knobs, set, func(k Knob, v int) (int, error) { return v, k.Check(v) })
}

// apply starts from the defaults and puts each setting of set in its
// knob's place, as value reads it, in the order of the names (so errors
// come in a deterministic order).
func apply[T any](knobs []Knob, set map[string]T, value func(Knob, T) (int, error)) (Values, error) {
	v := Defaults(knobs)
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(set)) {
		i := slices.IndexFunc(knobs, func(k Knob) bool { return k.Name == name })
		if i < 0 {
			errs = append(errs, &KnobError{Knob: name, Msg: "no such knob" + knownKnobs(knobs)})
			continue
		}
		n, err := value(knobs[i], set[name])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		v[name] = n
	}
	return v, errors.Join(errs...)
}

func knownKnobs(knobs []Knob) string {
	if len(knobs) == 0 {
		return " (this program has none)"
	}
	names := make([]string, len(knobs))
	for i, k := range knobs {
		names[i] = k.Name
	}
	return " (knobs: " + strings.Join(names, ", ") + ")"
}

// Common knobs every program has.
var (
	// TimeScale divides every [Sleep]: the tutorial's 10-second sleeps
	// take a second at the default. 1 is real time.
	TimeScale = Knob{Name: "timescale", Help: "divide every sleep by this (1 = real time)", Default: 10, Min: 1, Max: 1000}
	// Stall is how long, in milliseconds of unscaled time, every goroutine
	// must be blocked with no event before the run fails as a deadlock. It
	// is divided by the time scale, to no less than 100 ms.
	Stall = Knob{Name: "stall", Help: "ms all goroutines may be blocked before a deadlock is reported (scaled)", Default: 2000, Min: 100, Max: 600000}
)
