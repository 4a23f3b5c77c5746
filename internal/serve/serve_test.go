package serve

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fixture's bodies differ per representation, so a test can tell from the
// body alone which file was sent.
var fixture = map[string]string{
	"index.html":         "<!doctype html><title>root</title>",
	"main.wasm":          "\x00asm identity",
	"main.wasm.br":       "brotli bytes",
	"main.wasm.gz":       "gzip bytes",
	"app.js":             "console.log('identity')",
	"app.js.gz":          "gzip of app.js",
	"style.css":          "body{}",
	"style.css.br":       "stale brotli", // made older than style.css below
	"logo.svg":           "<svg/>",
	"shot.png":           "\x89PNG",
	"data.json":          "{}",
	"blob.unknownext":    "bytes",
	"sub/index.html":     "sub index",
	"noindex/a.txt":      "a",
	".git/config":        "secret",
	"sub/.env":           "secret",
	"dir.js/index.html":  "dir named like a file",
	"empty.html":         "",
	"nested/deep/x.json": `{"x":1}`,

	"toolchain/compile.0123456789abcdef.wasm":    "\x00asm compile",
	"toolchain/compile.0123456789abcdef.wasm.br": "brotli compile",
	"toolchain/manifest.json":                    "{}",
}

var (
	baseTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	httpTime = baseTime.Format(http.TimeFormat)
)

func makeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range fixture {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		mtime := baseTime
		if name == "style.css.br" {
			mtime = baseTime.Add(-time.Hour)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type want struct {
	status   int
	body     string // checked when status is 200 or for the listing test
	ctype    string
	encoding string
}

func TestHandler(t *testing.T) {
	h := Handler(makeSite(t))
	tests := []struct {
		desc   string
		method string
		target string
		accept string
		want   want
	}{
		{desc: "wasm without Accept-Encoding", target: "/main.wasm",
			want: want{200, fixture["main.wasm"], "application/wasm", ""}},
		{desc: "browser header prefers brotli", target: "/main.wasm", accept: "gzip, deflate, br, zstd",
			want: want{200, "brotli bytes", "application/wasm", "br"}},
		{desc: "gzip only", target: "/main.wasm", accept: "gzip",
			want: want{200, "gzip bytes", "application/wasm", "gzip"}},
		{desc: "br refused with q=0", target: "/main.wasm", accept: "br;q=0, gzip",
			want: want{200, "gzip bytes", "application/wasm", "gzip"}},
		{desc: "higher q wins over our preference", target: "/main.wasm", accept: "br;q=0.5, gzip;q=1",
			want: want{200, "gzip bytes", "application/wasm", "gzip"}},
		{desc: "wildcard allows brotli", target: "/main.wasm", accept: "*",
			want: want{200, "brotli bytes", "application/wasm", "br"}},
		{desc: "wildcard q=0 refuses all", target: "/main.wasm", accept: "*;q=0",
			want: want{200, fixture["main.wasm"], "application/wasm", ""}},
		{desc: "named gzip refused, wildcard brings br", target: "/main.wasm", accept: "gzip;q=0, *",
			want: want{200, "brotli bytes", "application/wasm", "br"}},
		{desc: "x-gzip alias", target: "/main.wasm", accept: "x-gzip",
			want: want{200, "gzip bytes", "application/wasm", "gzip"}},
		{desc: "identity only", target: "/main.wasm", accept: "identity",
			want: want{200, fixture["main.wasm"], "application/wasm", ""}},
		{desc: "malformed q refuses that coding", target: "/main.wasm", accept: "br;q=lots, gzip",
			want: want{200, "gzip bytes", "application/wasm", "gzip"}},
		{desc: "upper case coding", target: "/main.wasm", accept: "BR",
			want: want{200, "brotli bytes", "application/wasm", "br"}},
		{desc: "only a gzip sibling exists", target: "/app.js", accept: "br, gzip",
			want: want{200, "gzip of app.js", "text/javascript; charset=utf-8", "gzip"}},
		{desc: "stale sibling is ignored", target: "/style.css", accept: "br",
			want: want{200, "body{}", "text/css; charset=utf-8", ""}},
		{desc: "svg type", target: "/logo.svg", want: want{200, "<svg/>", "image/svg+xml", ""}},
		{desc: "png type", target: "/shot.png", want: want{200, "\x89PNG", "image/png", ""}},
		{desc: "json type", target: "/data.json", want: want{200, "{}", "application/json", ""}},
		{desc: "nested json", target: "/nested/deep/x.json", want: want{200, `{"x":1}`, "application/json", ""}},
		{desc: "unknown type is never sniffed", target: "/blob.unknownext",
			want: want{200, "bytes", "application/octet-stream", ""}},
		{desc: "empty file", target: "/empty.html", want: want{200, "", "text/html; charset=utf-8", ""}},
		{desc: "root serves index.html", target: "/", want: want{200, fixture["index.html"], "text/html; charset=utf-8", ""}},
		{desc: "root with query and fragment-like path", target: "/?x=1", want: want{200, fixture["index.html"], "text/html; charset=utf-8", ""}},
		{desc: "folder with index", target: "/sub/", want: want{200, "sub index", "text/html; charset=utf-8", ""}},
		{desc: "folder named like a file", target: "/dir.js/", want: want{200, "dir named like a file", "text/html; charset=utf-8", ""}},
		{desc: "folder without index is not listed", target: "/noindex/", want: want{status: 404}},
		{desc: "missing file", target: "/nope.js", want: want{status: 404}},
		{desc: "file under a file", target: "/app.js/x", want: want{status: 404}},
		{desc: "dot-dot", target: "/../serve_test.go", want: want{status: 400}},
		{desc: "escaped dot-dot", target: "/%2e%2e/serve_test.go", want: want{status: 400}},
		{desc: "dot-dot in the middle", target: "/sub/../../x", want: want{status: 400}},
		{desc: "backslash", target: "/sub%5c..%5cx", want: want{status: 400}},
		{desc: "NUL", target: "/index.html%00", want: want{status: 400}},
		{desc: "hidden folder", target: "/.git/config", want: want{status: 404}},
		{desc: "hidden file", target: "/sub/.env", want: want{status: 404}},
		{desc: "POST", method: "POST", target: "/index.html", want: want{status: 405}},
		{desc: "double slash is cleaned", target: "//sub//index.html", want: want{200, "sub index", "text/html; charset=utf-8", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			req := httptest.NewRequest(method, tt.target, nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.want.status {
				t.Fatalf("status: got %d; want %d (body %q)", res.StatusCode, tt.want.status, body)
			}
			if strings.Contains(string(body), "secret") || strings.Contains(string(body), "a.txt") {
				t.Errorf("body leaks files: %q", body)
			}
			if res.StatusCode != 200 {
				// One answer per request: an error body is one line of text.
				if n := strings.Count(string(body), "\n"); n != 1 {
					t.Errorf("error body has %d lines; want 1: %q", n, body)
				}
				return
			}
			checkOK(t, res, string(body), tt.want)
		})
	}
}

func checkOK(t *testing.T, res *http.Response, body string, w want) {
	t.Helper()
	if body != w.body {
		t.Errorf("body: got %q; want %q", body, w.body)
	}
	hdr := res.Header
	for _, c := range []struct{ name, got, want string }{
		{"Content-Type", hdr.Get("Content-Type"), w.ctype},
		{"Content-Encoding", hdr.Get("Content-Encoding"), w.encoding},
		{"Content-Length", hdr.Get("Content-Length"), strconv.Itoa(len(w.body))},
		{"Vary", hdr.Get("Vary"), "Accept-Encoding"},
		{"Cache-Control", hdr.Get("Cache-Control"), "no-cache"},
		{"Access-Control-Allow-Origin", hdr.Get("Access-Control-Allow-Origin"), "*"}, // the sandboxed embed's fetch
		{"Last-Modified", hdr.Get("Last-Modified"), httpTime},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q; want %q", c.name, c.got, c.want)
		}
	}
	if tag := hdr.Get("Etag"); !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) < 3 {
		t.Errorf("Etag: got %q; want a quoted strong tag", tag)
	}
}

func TestRedirects(t *testing.T) {
	h := Handler(makeSite(t))
	tests := []struct {
		desc, target, location string
	}{
		{"folder without slash", "/sub", "sub/"},
		{"folder without slash keeps query", "/sub?example=pool", "sub/?example=pool"},
		{"file with slash", "/app.js/", "../app.js"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", tt.target, nil))
			if rec.Code != http.StatusMovedPermanently {
				t.Fatalf("status: got %d; want 301", rec.Code)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("Location: got %q; want %q", got, tt.location)
			}
		})
	}
}

func TestHead(t *testing.T) {
	h := Handler(makeSite(t))
	for _, tt := range []struct {
		accept string
		length int
	}{
		{"", len(fixture["main.wasm"])},
		{"br", len(fixture["main.wasm.br"])},
		{"gzip", len(fixture["main.wasm.gz"])},
	} {
		req := httptest.NewRequest("HEAD", "/main.wasm", nil)
		req.Header.Set("Accept-Encoding", tt.accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("HEAD accept %q: status got %d; want 200", tt.accept, rec.Code)
		}
		if rec.Body.Len() != 0 {
			t.Errorf("HEAD accept %q: body got %q; want none", tt.accept, rec.Body)
		}
		if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(tt.length); got != want {
			t.Errorf("HEAD accept %q: Content-Length got %q; want %q", tt.accept, got, want)
		}
	}
}

// TestRevalidation checks the no-cache contract: a browser asks again, and the
// answer is a 304 until the file changes, per representation.
func TestRevalidation(t *testing.T) {
	dir := makeSite(t)
	h := Handler(dir)
	get := func(accept string, hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/main.wasm", nil)
		req.Header.Set("Accept-Encoding", accept)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	brTag := get("br").Header().Get("Etag")
	plainTag := get("").Header().Get("Etag")
	if brTag == plainTag {
		t.Fatalf("brotli and identity share Etag %q; want distinct tags", brTag)
	}
	if rec := get("br", "If-None-Match", brTag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match matching: got %d; want 304", rec.Code)
	} else if rec.Body.Len() != 0 {
		t.Errorf("304 body: got %q; want none", rec.Body)
	}
	if rec := get("", "If-None-Match", brTag); rec.Code != http.StatusOK {
		t.Errorf("If-None-Match of the brotli tag for identity: got %d; want 200", rec.Code)
	}
	if rec := get("", "If-Modified-Since", httpTime); rec.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since same time: got %d; want 304", rec.Code)
	}

	// A rebuild changes the file: the old tag no longer matches, and the now
	// older siblings are not sent.
	later := baseTime.Add(time.Minute)
	p := filepath.Join(dir, "main.wasm")
	if err := os.WriteFile(p, []byte("\x00asm rebuilt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	rec := get("br", "If-None-Match", brTag)
	if rec.Code != http.StatusOK {
		t.Fatalf("after rebuild: got %d; want 200", rec.Code)
	}
	if got, want := rec.Body.String(), "\x00asm rebuilt"; got != want {
		t.Errorf("after rebuild: body got %q; want %q", got, want)
	}
}

// TestImmutable checks that content-hashed files may be cached for good and
// every other file is revalidated.
func TestImmutable(t *testing.T) {
	h := Handler(makeSite(t))
	tests := []struct {
		name, target, accept, want string
	}{
		{"hashed", "/toolchain/compile.0123456789abcdef.wasm", "", "public, max-age=31536000, immutable"},
		{"hashed, its brotli copy", "/toolchain/compile.0123456789abcdef.wasm", "br", "public, max-age=31536000, immutable"},
		{"the manifest", "/toolchain/manifest.json", "", "no-cache"},
		{"the page", "/main.wasm", "br", "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.target, nil)
			req.Header.Set("Accept-Encoding", tt.accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d; want 200", rec.Code)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestImmutableNames(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"compile.0123456789abcdef.wasm", true},
		{"toolchain/a/fmt.0123456789abcdef.a", true},
		{"a/github.com_x_y.fedcba9876543210.a", true},
		{"main.wasm", false},
		{"manifest.json", false},
		{"x.0123456789ABCDEF.a", false},
		{"x.0123456789abcde.a", false},
		{".0123456789abcdef.a", false},
		{"x.0123456789abcdef.", false},
		{"0123456789abcdef.a", false},
		{"x.0123456789abcdeg.a", false},
	}
	for _, tt := range tests {
		if got := Immutable(tt.name); got != tt.want {
			t.Errorf("Immutable(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

// TestSymlinkEscape checks that a link inside the folder cannot reach a file
// outside it.
func TestSymlinkEscape(t *testing.T) {
	dir := makeSite(t)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.txt")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	rec := httptest.NewRecorder()
	Handler(dir).ServeHTTP(rec, httptest.NewRequest("GET", "/link.txt", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("status: got %d; want 404", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("body leaks the linked file: %q", rec.Body)
	}
}

func TestMissingFolder(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler(filepath.Join(t.TempDir(), "not-built-yet")).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("status: got %d; want 404", rec.Code)
	}
}

func TestRangeOfCompressed(t *testing.T) {
	req := httptest.NewRequest("GET", "/main.wasm", nil)
	req.Header.Set("Accept-Encoding", "br")
	req.Header.Set("Range", "bytes=0-3")
	rec := httptest.NewRecorder()
	Handler(makeSite(t)).ServeHTTP(rec, req)
	if rec.Code != http.StatusPartialContent {
		t.Fatalf("status: got %d; want 206", rec.Code)
	}
	if got, want := rec.Body.String(), "brot"; got != want {
		t.Errorf("body: got %q; want %q", got, want)
	}
	if got, want := rec.Header().Get("Content-Length"), "4"; got != want {
		t.Errorf("Content-Length: got %q; want %q", got, want)
	}
}

// TestOverTheWire runs a real server and client, so that a wrong
// Content-Length or a coding the client cannot undo shows up as a transport
// error rather than a header comparison.
func TestOverTheWire(t *testing.T) {
	dir := t.TempDir()
	page := strings.Repeat("<p>goroutines talk over channels</p>\n", 200)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	var gz strings.Builder
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write([]byte(page)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html.gz"), []byte(gz.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()

	// The default transport asks for gzip itself and undoes it.
	res, err := srv.Client().Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncompressed {
		t.Errorf("the client did not receive gzip")
	}
	if string(body) != page {
		t.Errorf("body: got %d bytes; want the %d-byte page", len(body), len(page))
	}
}
