//go:build !js

package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSiteCounts checks that the server logs the bytes it sent, encoded
// when the client accepts gzip and a .gz sibling exists.
func TestSiteCounts(t *testing.T) {
	dir := t.TempDir()
	// One modification time for all: the server skips a .gz sibling older
	// than its original, and files written in a row can straddle a tick.
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, data := range map[string]string{"a.js": "plain text, long enough", "a.js.gz": "not really gzip", "b.css": "b{}"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	s, err := startSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	get := func(path, enc string) {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		req.Header.Set("Accept-Encoding", enc)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	get("/a.js", "gzip")
	get("/b.css", "gzip")
	get("/missing", "gzip")
	log := s.take()
	if len(log) != 3 {
		t.Fatalf("logged %+v; want 3 responses", log)
	}
	if a := log[0]; a.Path != "/a.js" || a.Encoding != "gzip" || a.Bytes != int64(len("not really gzip")) || a.Status != 200 {
		t.Errorf("a.js: %+v", a)
	}
	if b := log[1]; b.Encoding != "" || b.Bytes != 3 {
		t.Errorf("b.css: %+v", b)
	}
	if m := log[2]; m.Status != 404 {
		t.Errorf("missing: %+v", m)
	}
	if again := s.take(); len(again) != 0 {
		t.Errorf("take did not clear the log: %+v", again)
	}
}
