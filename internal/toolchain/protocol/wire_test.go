package protocol

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// samples holds one message of every type, with every field set, and some
// with fields at their zero values.
var samples = []struct {
	name string
	msg  Message
}{
	{"build plain", BuildRequest{ID: 7, Kind: Plain, Program: "blank", Files: []File{{Name: "prog.go", Text: "package main\n\nfunc main() {}\n"}}}},
	{"build builtin", BuildRequest{ID: 1<<32 - 1, Kind: Builtin, Program: "pool", Files: []File{{Name: "pool.go", Text: "package examples // ünïcode ✓\n"}, {Name: "knobs.go"}}}},
	{"build no files", BuildRequest{ID: 0, Kind: Plain}},
	{"format", FormatRequest{ID: 3, File: File{Name: "prog.go", Text: "package main\nfunc main(){}"}}},
	{"prepare", PrepareRequest{ID: 9}},
	{"progress", Progress{ID: 7, Phase: Download, Done: 1 << 20, Total: 14 << 20, Text: "Downloading the compiler (13.8 MB)"}},
	{"progress link", Progress{ID: 7, Phase: Link}},
	{"build ok", BuildResult{ID: 7, OK: true, Wasm: []byte("\x00asm\x01\x00\x00\x00"), Output: "", Timings: Timings{Download: 2 * time.Second, Instantiate: 300 * time.Millisecond, Compile: 700 * time.Millisecond, Link: time.Second}}},
	{"build delivered", BuildResult{ID: 9, OK: true, Delivered: true, Timings: Timings{Link: time.Second}}},
	{"build failed", BuildResult{ID: 8, Diagnostics: []Diagnostic{{File: "prog.go", Line: 12, Col: 5, Msg: "undefined: x"}, {File: "prog.go", Line: 1 << 20, Col: 1, Msg: "cannot use x\n\thave int\n\twant string"}}, Output: "./prog.go:12:5: undefined: x\n"}},
	{"format ok", FormatResult{ID: 3, OK: true, Text: "package main\n\nfunc main() {}\n"}},
	{"format failed", FormatResult{ID: 4, Diagnostics: []Diagnostic{{File: "prog.go", Line: 2, Col: 1, Msg: "expected declaration, found x"}}, Output: "prog.go:2:1: expected declaration, found x\n"}},
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range samples {
		t.Run(tt.name, func(t *testing.T) {
			b := Append(nil, tt.msg)
			got, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.msg) {
				t.Errorf("got %#v; want %#v", got, tt.msg)
			}
			if RequestID(got) != RequestID(tt.msg) {
				t.Errorf("RequestID: got %d; want %d", RequestID(got), RequestID(tt.msg))
			}
		})
	}
}

func TestAppendAppends(t *testing.T) {
	prefix := []byte("keep")
	b := Append(append([]byte(nil), prefix...), PrepareRequest{ID: 1})
	if !bytes.HasPrefix(b, prefix) {
		t.Fatalf("got %q; want it to start with %q", b, prefix)
	}
	if _, err := Decode(b[len(prefix):]); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeDoesNotKeepInput(t *testing.T) {
	b := Append(nil, BuildResult{ID: 1, OK: true, Wasm: []byte("wasm")})
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 0
	}
	if got := string(m.(BuildResult).Wasm); got != "wasm" {
		t.Errorf("got %q after clearing the input; want %q", got, "wasm")
	}
}

func TestTruncated(t *testing.T) {
	for _, tt := range samples {
		b := Append(nil, tt.msg)
		for n := range len(b) {
			if _, err := Decode(b[:n]); err == nil {
				t.Errorf("%s: Decode of the first %d of %d bytes succeeded; want an error", tt.name, n, len(b))
			}
		}
	}
}

func TestTrailing(t *testing.T) {
	for _, tt := range samples {
		b := append(Append(nil, tt.msg), 0)
		if _, err := Decode(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v with a trailing byte; want ErrMalformed", tt.name, err)
		}
	}
}

func TestHostile(t *testing.T) {
	huge := binary.AppendUvarint(nil, 1<<62)
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"version only", []byte{Version}, ErrMalformed},
		{"other version", []byte{Version + 1, byte(tPrepareRequest), 1}, &VersionError{Got: Version + 1}},
		{"unknown type", []byte{Version, 99, 1}, ErrMalformed},
		{"type zero", []byte{Version, 0, 1}, ErrMalformed},
		{"huge string", append([]byte{Version, byte(tFormatRequest), 1}, huge...), ErrMalformed},
		{"huge wasm", append([]byte{Version, byte(tBuildResult), 1, 1}, huge...), ErrMalformed},
		{"huge file count", append([]byte{Version, byte(tBuildRequest), 1, byte(Plain), 0}, huge...), ErrMalformed},
		{"file count over the limit", append(binary.AppendUvarint([]byte{Version, byte(tBuildRequest), 1, byte(Plain), 0}, 4*MaxFiles+1), make([]byte, 2*(4*MaxFiles+1))...), ErrMalformed},
		{"diagnostic count over what is left", append([]byte{Version, byte(tFormatResult), 1, 0, 0}, 200, 1), ErrMalformed},
		{"bad kind", []byte{Version, byte(tBuildRequest), 1, 9, 0, 0}, ErrMalformed},
		{"bad phase", []byte{Version, byte(tProgress), 1, 0, 0, 0, 0}, ErrMalformed},
		{"bad bool", []byte{Version, byte(tFormatResult), 1, 2, 0, 0, 0}, ErrMalformed},
		{"id over 32 bits", append([]byte{Version, byte(tPrepareRequest)}, binary.AppendUvarint(nil, 1<<32)...), ErrMalformed},
		{"overlong varint", []byte{Version, byte(tPrepareRequest), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, ErrMalformed},
		{"line over 31 bits", append(append([]byte{Version, byte(tFormatResult), 1, 0, 0, 1, 0}, binary.AppendUvarint(nil, 1<<31)...), 1, 0, 0), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.b)
			if m != nil {
				t.Errorf("got message %#v; want none", m)
			}
			var ve *VersionError
			switch {
			case errors.As(tt.want, &ve):
				var got *VersionError
				if !errors.As(err, &got) || *got != *ve {
					t.Errorf("got %v; want %v", err, tt.want)
				}
			case !errors.Is(err, tt.want):
				t.Errorf("got %v; want %v", err, tt.want)
			}
		})
	}
}

func TestVersionErrorText(t *testing.T) {
	_, err := Decode([]byte{Version + 1, 1})
	if got, want := err.Error(), "protocol: message version "+strconv.Itoa(Version+1)+", want "+strconv.Itoa(Version); got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestStrings(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"plain", Plain.String(), "plain"},
		{"builtin", Builtin.String(), "builtin"},
		{"kind 0", Kind(0).String(), "kind(0)"},
		{"download", Download.String(), "download"},
		{"instantiate", Instantiate.String(), "instantiate"},
		{"compile", Compile.String(), "compile"},
		{"link", Link.String(), "link"},
		{"phase 9", Phase(9).String(), "phase(9)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, tt.got, tt.want)
		}
	}
}

// FuzzDecode checks that no input makes Decode panic, and that what it
// accepts encodes back to a message that decodes the same.
func FuzzDecode(f *testing.F) {
	for _, tt := range samples {
		f.Add(Append(nil, tt.msg))
	}
	f.Add([]byte{Version, byte(tBuildRequest), 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			if m != nil {
				t.Fatalf("a message and an error: %#v, %v", m, err)
			}
			return
		}
		again, err := Decode(Append(nil, m))
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("re-encoded %#v decodes to %#v, %v", m, again, err)
		}
	})
}

func TestDecodeLargeWasm(t *testing.T) {
	wasm := []byte(strings.Repeat("w", 3<<20))
	m, err := Decode(Append(nil, BuildResult{ID: 1, OK: true, Wasm: wasm}))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.(BuildResult).Wasm); got != len(wasm) {
		t.Errorf("got %d bytes; want %d", got, len(wasm))
	}
}
