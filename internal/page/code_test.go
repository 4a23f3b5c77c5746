package page

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"strings"
	"testing"
)

func TestCodeRoundTrip(t *testing.T) {
	for _, src := range []string{
		"",
		"package main\n\nfunc main() { println(\"<b>&</b>\") }\n",
		strings.Repeat("é日本\t\n", 1000),
	} {
		enc, err := EncodeCode(src)
		if err != nil {
			t.Fatalf("EncodeCode: %v", err)
		}
		if strings.ContainsAny(enc, "+/=&#%") {
			t.Errorf("encoding %q is not base64url without padding", enc)
		}
		got, err := DecodeCode(enc)
		if err != nil || got != src {
			t.Errorf("DecodeCode(EncodeCode(%.20q)) = %.20q, %v", src, got, err)
		}
	}
}

func TestCodeRefused(t *testing.T) {
	deflate := func(b []byte) string {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestCompression)
		w.Write(b)
		w.Close()
		return base64.RawURLEncoding.EncodeToString(buf.Bytes())
	}
	good, _ := EncodeCode("package main\n\nfunc main() {}\n")
	for _, tt := range []struct {
		name, value, want string
	}{
		{"not base64", "!!!", "not base64url"},
		{"cut short", good[:len(good)/2], "damaged"},
		{"not deflate", base64.RawURLEncoding.EncodeToString([]byte("plain text here")), "damaged"},
		{"a bomb", deflate(make([]byte, MaxSource+1)), "over 1 MB"},
		{"not text", deflate([]byte{0xff, 0xfe, 0}), "not UTF-8"},
		{"too long", strings.Repeat("A", MaxCodeInAddress+1), "too long"},
	} {
		if _, err := DecodeCode(tt.value); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v; want one saying %q", tt.name, err, tt.want)
		}
	}
	// Random text compresses badly: past the address' limit, it is refused
	// with the reason, not cut.
	var b strings.Builder
	x := uint32(1)
	for b.Len() < 200<<10 {
		x = x*1664525 + 1013904223
		b.WriteByte(byte('a' + x>>24%26))
	}
	if _, err := EncodeCode(b.String()); err != ErrCodeTooLong {
		t.Errorf("200 KB of noise: err = %v; want ErrCodeTooLong", err)
	}
}
