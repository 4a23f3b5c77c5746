package toolchain

import (
	"strconv"
	"strings"

	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// ParseDiagnostics reads the compiler's report (what it printed to
// standard output; it prints its errors there, not to standard error) into
// diagnostics. A line "file:line:col: message" starts one; the tab-indented
// lines after it (a "have ... want ..." pair) belong to it. The file name
// loses the "./" the compiler printed. "too many errors" and lines without
// a place stay out of the list: they are in the text.
func ParseDiagnostics(out string) []protocol.Diagnostic {
	var ds []protocol.Diagnostic
	last := -1
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(line, "\t") {
			if last >= 0 {
				ds[last].Msg += "\n" + line
			}
			continue
		}
		last = -1
		d, ok := parsePlace(line)
		if !ok || d.Msg == "too many errors" || len(ds) == protocol.MaxDiagnostics {
			continue
		}
		ds = append(ds, d)
		last = len(ds) - 1
	}
	return ds
}

// parsePlace parses "file:line:col: msg" or "file:line: msg".
func parsePlace(line string) (protocol.Diagnostic, bool) {
	file, rest, ok := strings.Cut(line, ":")
	if !ok || file == "" || strings.ContainsAny(file, " \t") {
		return protocol.Diagnostic{}, false
	}
	lineNo, rest, ok := strings.Cut(rest, ":")
	if !ok {
		return protocol.Diagnostic{}, false
	}
	n, err := strconv.Atoi(lineNo)
	if err != nil || n <= 0 {
		return protocol.Diagnostic{}, false
	}
	d := protocol.Diagnostic{File: strings.TrimPrefix(file, "./"), Line: n}
	if col, after, ok := strings.Cut(rest, ":"); ok {
		if c, err := strconv.Atoi(col); err == nil && c > 0 {
			d.Col, rest = c, after
		}
	}
	msg, ok := strings.CutPrefix(rest, " ")
	if !ok || msg == "" {
		return protocol.Diagnostic{}, false
	}
	d.Msg = msg
	return d, true
}

// FormatDiagnostics prints diagnostics as the compiler does, with the
// "./" it puts before a file name in the current folder, one per line.
func FormatDiagnostics(ds []protocol.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(place(d))
		b.WriteString(": ")
		b.WriteString(d.Msg)
		b.WriteByte('\n')
	}
	return b.String()
}

func place(d protocol.Diagnostic) string {
	s := "./" + d.File + ":" + strconv.Itoa(d.Line)
	if d.Col > 0 {
		s += ":" + strconv.Itoa(d.Col)
	}
	return s
}
