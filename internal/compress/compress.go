// Package compress makes the gzip and brotli copies a static host serves
// for Accept-Encoding, and writes files so that a running server never
// sends half of one. The site build (internal/sitebuild) and the
// toolchain's bundle (internal/toolchain/bundle) share it.
package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// Gzip writes data to w gzipped, at the best compression or the fastest.
func Gzip(w io.Writer, data []byte, best bool) error {
	level := gzip.BestSpeed
	if best {
		level = gzip.BestCompression
	}
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

// BrotliWindow is the largest window browsers accept (16 MiB): it covers
// a whole wasm binary, so its far repeats are found too.
const BrotliWindow = 24

// Brotli writes data to w in brotli at quality (0 to 11) with the window
// of 1<<window bytes (0 is brotli's default).
func Brotli(w io.Writer, data []byte, quality, window int) error {
	bw := brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: quality, LGWin: window})
	if _, err := bw.Write(data); err != nil {
		return err
	}
	return bw.Close()
}

// WriteFile writes data to a hidden temporary file beside name, with the
// permissions perm, and renames it into place: a server that is running
// never sends half a file. It makes name's folder if need be.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// WriteCopy writes name, a compressed copy of data made by encode, if it is
// smaller than data, and returns its size; if it is not, it removes any
// old copy at name and returns 0.
func WriteCopy(name string, data []byte, encode func(w io.Writer, data []byte) error) (int, error) {
	var buf bytes.Buffer
	if err := encode(&buf, data); err != nil {
		return 0, err
	}
	if buf.Len() >= len(data) {
		if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
			return 0, err
		}
		return 0, nil
	}
	return buf.Len(), WriteFile(name, buf.Bytes(), 0o644)
}
