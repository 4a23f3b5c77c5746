//go:build !js

package main

import (
	"context"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goroutine-playground/playground/internal/serve"
)

// served is one response as the server sent it: what the browser fetched.
type served struct {
	Path     string
	Status   int
	Encoding string // Content-Encoding, "" for identity
	Bytes    int64  // body bytes written, as sent (compressed when encoded)
}

// site serves one built folder with internal/serve on a free loopback port
// and logs every response, so a measurement can count the bytes a page
// load cost from the sending side.
type site struct {
	URL string // base URL, no trailing slash
	Dir string // the folder served
	// compare marks another build of the playground (-compare), measured
	// beside ours.
	compare bool
	// gzipOnly makes the server offer gzip alone, whatever the browser
	// accepts: P1 counts gzip bytes, and forcing the page's own
	// Accept-Encoding instead would make its service worker's requests
	// (which keep their own) miss the page's responses in the HTTP cache.
	gzipOnly atomic.Bool
	srv      *http.Server

	mu  sync.Mutex
	log []served
}

// startSite serves dir until close.
func startSite(dir string) (*site, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &site{URL: "http://" + ln.Addr().String(), Dir: dir}
	h := serve.Handler(dir)
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
			if s.gzipOnly.Load() {
				r = r.Clone(r.Context())
				if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
					r.Header.Set("Accept-Encoding", "gzip")
				} else {
					r.Header.Del("Accept-Encoding")
				}
			}
			h.ServeHTTP(cw, r)
			s.mu.Lock()
			s.log = append(s.log, served{Path: r.URL.Path, Status: cw.status,
				Encoding: cw.Header().Get("Content-Encoding"), Bytes: cw.n})
			s.mu.Unlock()
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	// Serve fails only when the listener does; the measurement that needs
	// it then fails and says so.
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// take returns the responses logged since the last take and clears the log.
func (s *site) take() []served {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := slices.Clone(s.log)
	s.log = s.log[:0]
	return l
}

// close stops the server.
func (s *site) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx) // nothing to do about a slow close
}

// countingWriter counts the body bytes written through it.
type countingWriter struct {
	http.ResponseWriter
	status int
	wrote  bool // the header is sent
	n      int64
}

// WriteHeader notes the status; as net/http does, only the first call
// counts.
func (c *countingWriter) WriteHeader(code int) {
	if !c.wrote {
		c.status, c.wrote = code, true
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.wrote = true
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}
