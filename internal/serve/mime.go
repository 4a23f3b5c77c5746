package serve

import (
	"mime"
	"path"
	"strings"
)

// types fixes the media types the site relies on, so that a host's
// /etc/mime.types cannot change them (WebAssembly streaming compilation
// insists on application/wasm).
var types = map[string]string{
	".wasm": "application/wasm",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
	".ico":  "image/x-icon",
}

// contentType returns the media type for a file name, never sniffing: an
// unknown extension is served as bytes.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
