package page

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

// DefaultExample is the program a page without a fragment shows.
const DefaultExample = "pool"

// Address is the page's state as its URL fragment holds it, so that a
// link opens the same program with the same knobs:
// #example=pool&clients=5&workers=2, and &autorun=1 to run it on load;
// &input=status&input=stop scripts the lines a program that reads input
// is sent, one each time it asks; &code= carries edited source (see
// EncodeCode): with an example, that program edited; alone, a program
// written in the page.
// embed.html reads the same fragment, and embed.js writes one from a
// div's data- attributes (data-clients="5" is clients=5).
type Address struct {
	Example examples.Example // its Name is "" for a program written in the page
	Values  runner.Values    // a value for each of Example's knobs
	Autorun bool
	Input   []string // scripted input lines, in order
	Edited  bool     // Code holds the program's source, edited
	Code    string
}

// Plain reports whether the address is of a program written in the page,
// not of a built-in one.
func (a Address) Plain() bool { return a.Example.Name == "" }

// MaxInput bounds the scripted input lines an address may carry.
const MaxInput = 1000

// ParseAddress reads a fragment, with or without its "#". Whatever is
// wrong in it is reported in err, joined, and replaced by a default: an
// unknown program by the default program, a bad knob value by the knob's
// default. The address is always usable.
func ParseAddress(frag string) (Address, error) {
	frag = strings.TrimPrefix(frag, "#")
	var errs []error
	name := ""
	set := map[string]string{}
	var a Address
	tooMany := false
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
		case "code":
			code, err := DecodeCode(val)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			a.Code, a.Edited = code, true
		case "autorun":
			a.Autorun = val == "1" || val == "true"
		case "input":
			for line := range strings.SplitSeq(val, "\n") {
				if len(a.Input) == MaxInput {
					tooMany = true
					break
				}
				a.Input = append(a.Input, strings.TrimSuffix(line, "\r"))
			}
		default:
			set[key] = val
		}
	}
	if tooMany {
		errs = append(errs, errors.New("the address scripts more than "+strconv.Itoa(MaxInput)+" input lines: the rest are left out"))
	}
	if name == "" && a.Edited {
		// A program written in the page: it has no knobs of its own.
		a.Example = Plain(a.Code)
		values, err := runner.Resolve(nil, set)
		if err != nil {
			errs = append(errs, err)
		}
		a.Values = values
		return a, errors.Join(errs...)
	}
	if name == "" {
		name = DefaultExample
	}
	ex, ok := examples.Lookup(name)
	if !ok {
		errs = append(errs, errors.New("there is no program "+strconv.Quote(name)+
			" (the programs are "+strings.Join(programNames(), ", ")+"); showing "+DefaultExample))
		ex, _ = examples.Lookup(DefaultExample)
		a.Edited, a.Code = false, "" // edits of a program that is not there
	}
	a.Example = ex
	values, err := runner.Resolve(ex.Knobs, set)
	if err != nil {
		errs = append(errs, err)
	}
	a.Values = values
	return a, errors.Join(errs...)
}

// Fragment returns the fragment for the address, naming only the knobs
// that differ from their defaults, and leaving out autorun. Code that is
// too long for an address (see CodeError) is left out.
func (a Address) Fragment() string {
	var parts []string
	if !a.Plain() {
		parts = append(parts, "example="+a.Example.Name) // names and numbers need no escaping
	}
	for _, kv := range a.changed() {
		parts = append(parts, kv.name+"="+strconv.Itoa(kv.value))
	}
	for _, line := range a.Input {
		parts = append(parts, "input="+escape(line))
	}
	if a.Edited {
		if code, err := EncodeCode(a.Code); err == nil {
			parts = append(parts, "code="+code)
		}
	}
	return "#" + strings.Join(parts, "&")
}

// CodeError says why the address cannot carry its edited code, or nil.
func (a Address) CodeError() error {
	if !a.Edited {
		return nil
	}
	_, err := EncodeCode(a.Code)
	return err
}

// Link returns the page's address href with the address's fragment in
// place of its own.
func (a Address) Link(href string) string {
	base, _, _ := strings.Cut(href, "#")
	return base + a.Fragment()
}

// Embed returns the snippet an author pastes into an article to embed the
// address's program with its knobs, loading embed.js from script.
func (a Address) Embed(script string) string {
	var b strings.Builder
	b.WriteString(`<div data-goroutine-playground="` + escapeAttr(a.Example.Name) + `"`)
	for _, kv := range a.changed() {
		b.WriteString(" data-" + escapeAttr(kv.name) + `="` + strconv.Itoa(kv.value) + `"`)
	}
	if len(a.Input) > 0 {
		b.WriteString(` data-input="` + escapeAttr(strings.Join(a.Input, "\n")) + `"`)
	}
	if a.Edited {
		if code, err := EncodeCode(a.Code); err == nil {
			b.WriteString(` data-code="` + code + `"`)
		}
	}
	b.WriteString("></div>\n")
	b.WriteString(`<script src="` + escapeAttr(script) + `"></script>`)
	return b.String()
}

type knobValue struct {
	name  string
	value int
}

// changed lists the knobs whose values differ from their defaults, in the
// program's order.
func (a Address) changed() []knobValue {
	var kvs []knobValue
	for _, k := range a.Example.Knobs {
		if v, ok := a.Values[k.Name]; ok && v != k.Default {
			kvs = append(kvs, knobValue{k.Name, v})
		}
	}
	return kvs
}

// Carry returns the values for ex's knobs, taking from prev, the values of
// the program from, those of its knobs that ex has too (the same name,
// default and range): moving between programs keeps the time scale.
func Carry(ex, from examples.Example, prev runner.Values) runner.Values {
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
	return names
}

var attrEscaper = strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;", `>`, "&gt;", `'`, "&#39;")

// escapeAttr escapes s for a double-quoted HTML attribute value.
func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// escape writes s for a fragment's value: %XX for every byte but ASCII
// letters, digits and -._~ (unreserved in RFC 3986).
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
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
