// Package serve serves a folder of static files the way the playground needs
// them in development and on a plain host: the right media types, the
// precompressed siblings that the site build writes, and revalidation on every
// load.
//
// # What a request gets
//
// A GET or HEAD for /a/b.js serves the file a/b.js of the folder. When the
// request accepts brotli or gzip and a sibling a/b.js.br or a/b.js.gz exists
// and is not older than a/b.js, the sibling is sent with Content-Encoding set.
// Every response carries Vary: Accept-Encoding and Cache-Control: no-cache, so
// a browser always asks again and gets a cheap 304 when nothing changed (the
// ETag names the representation that was sent), except a file whose name
// holds its content's hash ([Immutable]: the toolchain's files), which may be
// kept for a year without asking. Every file is readable from any origin
// (Access-Control-Allow-Origin: *), which the embed needs.
//
// A directory serves its index.html; a directory is never listed. Paths with a
// ".." element, hidden names (an element starting with a dot) and anything
// outside the folder are refused.
package serve

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// Handler returns a handler that serves the files of the folder dir, as the
// package documentation describes. The folder is opened with [os.OpenRoot] on
// every request, so a symbolic link cannot lead outside it, and a folder that
// is built after the server starts is served as soon as it exists.
func Handler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		root, err := os.OpenRoot(dir)
		if err != nil {
			notFound(w, err)
			return
		}
		defer root.Close()
		FS(root.FS()).ServeHTTP(w, r)
	})
}

// FS returns a handler that serves the files of fsys, as the package
// documentation describes. Files that fsys opens must implement io.Seeker, as
// those of os.DirFS, embed.FS and fstest.MapFS do.
func FS(fsys fs.FS) http.Handler {
	return &handler{fsys: fsys}
}

type handler struct {
	fsys fs.FS
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	urlPath := r.URL.Path
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = "/" + urlPath
	}
	name, status := fileName(urlPath)
	if status != http.StatusOK {
		http.Error(w, http.StatusText(status), status)
		return
	}

	info, err := fs.Stat(h.fsys, name)
	if err != nil {
		notFound(w, err)
		return
	}
	if info.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			redirect(w, r, path.Base(urlPath)+"/")
			return
		}
		name = path.Join(name, "index.html")
		if info, err = fs.Stat(h.fsys, name); err != nil || !info.Mode().IsRegular() {
			// Never a listing: a folder without an index is simply not found.
			http.NotFound(w, r)
			return
		}
	} else if strings.HasSuffix(urlPath, "/") {
		redirect(w, r, "../"+path.Base(name))
		return
	}
	if !info.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	h.serveFile(w, r, name, info)
}

// serveFile sends name, or the best precompressed sibling the client accepts.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string, info fs.FileInfo) {
	hdr := w.Header()
	hdr.Set("Content-Type", contentType(name))
	if Immutable(name) {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	hdr.Add("Vary", "Accept-Encoding")
	// The embed runs in a sandboxed iframe, whose origin is opaque: its
	// fetch of main.wasm and engine.wasm is cross-origin and needs this. The files are
	// public, as on any static host that sends it (GitHub Pages does).
	hdr.Set("Access-Control-Allow-Origin", "*")

	sendName, sendInfo, coding := name, info, ""
	for _, c := range acceptedCodings(r.Header.Values("Accept-Encoding")) {
		sib, err := fs.Stat(h.fsys, name+c.suffix)
		// A sibling older than its original is left over from an earlier
		// build; sending it would show yesterday's page.
		if err != nil || !sib.Mode().IsRegular() || sib.ModTime().Before(info.ModTime()) {
			continue
		}
		sendName, sendInfo, coding = name+c.suffix, sib, c.name
		break
	}

	f, err := h.fsys.Open(sendName)
	if err != nil {
		notFound(w, err)
		return
	}
	defer f.Close()
	content, ok := f.(io.ReadSeeker)
	if !ok {
		http.Error(w, "file cannot seek", http.StatusInternalServerError)
		return
	}
	if coding != "" {
		hdr.Set("Content-Encoding", coding)
		// http.ServeContent leaves Content-Length out once Content-Encoding
		// is set (it fears on-the-fly compressors); ours are whole files of
		// known size. A range or a 304 still overrides or drops it.
		hdr.Set("Content-Length", strconv.FormatInt(sendInfo.Size(), 10))
	}
	hdr.Set("Etag", etag(sendInfo, coding))
	http.ServeContent(w, r, name, sendInfo.ModTime(), content)
}

// Immutable reports whether the file name (slash-separated) has the form of
// a content-hashed one, base.0123456789abcdef.ext: 16 lower-case hex digits
// before the extension. Such a file never changes under its name (a new
// build writes a new name), so it may be cached for good.
func Immutable(name string) bool {
	base := path.Base(name)
	parts := strings.Split(base, ".")
	if len(parts) < 3 || parts[0] == "" || parts[len(parts)-1] == "" {
		return false
	}
	hash := parts[len(parts)-2]
	if len(hash) != 16 {
		return false
	}
	for _, c := range hash {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// fileName turns a URL path into a name for fs.FS. It answers 400 for a path
// that tries to climb out and 404 for a hidden name (.git, .env): those are
// never part of a site.
func fileName(urlPath string) (string, int) {
	for elem := range strings.SplitSeq(urlPath, "/") {
		switch {
		case elem == "..", strings.ContainsAny(elem, "\\\x00"):
			return "", http.StatusBadRequest
		case elem != "." && strings.HasPrefix(elem, "."):
			return "", http.StatusNotFound
		}
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) {
		return "", http.StatusBadRequest
	}
	return name, http.StatusOK
}

// etag is strong: it changes with the size, the time and the coding of the
// bytes sent, which is all a development server can know without hashing.
func etag(info fs.FileInfo, coding string) string {
	tag := `"` + strconv.FormatInt(info.ModTime().UnixNano(), 36) + "-" + strconv.FormatInt(info.Size(), 36)
	if coding != "" {
		tag += "-" + coding
	}
	return tag + `"`
}

// redirect sends a relative redirect, keeping the query, as http.FileServer does.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	if q := r.URL.RawQuery; q != "" {
		target += "?" + q
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusMovedPermanently)
}

// notFound answers for a file that cannot be opened. A path error (missing,
// not a folder, a link that leaves the root) is a 404 like any missing file.
func notFound(w http.ResponseWriter, err error) {
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, fs.ErrPermission):
		http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrInvalid), errors.As(err, &pathErr):
		http.Error(w, http.StatusText(http.StatusNotFound), http.StatusNotFound)
	default:
		// The error text may name paths on the host: keep it out of the body.
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
	}
}
