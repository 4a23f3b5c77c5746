package page

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// Edited code travels in the address (&code=), so a link, an embed and a
// reload carry it: compressed with DEFLATE and written in base64url. The
// limits keep an address a browser and a chat program will carry, and a
// hostile one from costing more than it says.
const (
	// MaxCodeInAddress is the most a code= value may hold: about 24 KB
	// of Go source compresses to this, and a URL of 32 KB is one every
	// browser and most sites take.
	MaxCodeInAddress = 32 << 10
	// MaxSource is the largest program the page compiles (and keeps
	// whole in its address' code= value, once compressed): a learner's
	// program is a few kilobytes; past this the editor keeps the text and
	// says why it will not build it.
	MaxSource = 1 << 20
)

// ErrCodeTooLong says that code is too long to travel in an address.
var ErrCodeTooLong = errors.New("the code is too long to keep in the address (over " +
	strconv.Itoa(MaxCodeInAddress>>10) + " KB compressed): it stays in the editor, but a link or embed cannot carry it")

// EncodeCode returns src as a code= value, or ErrCodeTooLong.
func EncodeCode(src string) (string, error) {
	if len(src) > MaxSource {
		return "", ErrCodeTooLong
	}
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression) // the level is valid
	io.WriteString(w, src)
	w.Close()
	s := base64.RawURLEncoding.EncodeToString(buf.Bytes())
	if len(s) > MaxCodeInAddress {
		return "", ErrCodeTooLong
	}
	return s, nil
}

// DecodeCode reads a code= value. A value that is too long, not base64url,
// not DEFLATE, truncated, over MaxSource once inflated, or not UTF-8 text
// is refused with an error that says which; nothing it reads can make it
// allocate more than MaxSource.
func DecodeCode(s string) (string, error) {
	if len(s) > MaxCodeInAddress {
		return "", errors.New("the code in the address is too long (" + strconv.Itoa(len(s)>>10) + " KB; the most is " +
			strconv.Itoa(MaxCodeInAddress>>10) + " KB)")
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", errors.New("the code in the address is damaged (not base64url): was the link cut short?")
	}
	r := flate.NewReader(bytes.NewReader(raw))
	src, err := io.ReadAll(io.LimitReader(r, MaxSource+1))
	if err != nil {
		return "", errors.New("the code in the address is damaged (" + err.Error() + "): was the link cut short?")
	}
	if len(src) > MaxSource {
		return "", errors.New("the code in the address is over " + strconv.Itoa(MaxSource>>20) + " MB once unpacked")
	}
	if !utf8.Valid(src) {
		return "", errors.New("the code in the address is not UTF-8 text")
	}
	return string(src), nil
}
