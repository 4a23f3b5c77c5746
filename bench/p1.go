//go:build !js

package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// p1 measures the first load of the playground: the bytes of every
// response the page's load cost, with gzip as the only encoding the browser
// offers, against the gzip size of a hello-world wasm (helloGz bytes).
//
// The bytes are counted where they are sent: the server logs each response
// body as written, so the page's Web Workers' fetches count too. The
// browser's own count (Network.loadingFinished's encodedBodyLength, for the
// requests of the page itself) is shown beside it as a check.
func p1(br *chromium.Browser, s *site, helloGz int64) (Row, []string) {
	row := Row{ID: "P1", What: "first-load transfer, gzip (all assets ÷ hello-world wasm .gz)",
		Goal: Goal{AtMost: true, Value: 1.3}}
	if s.compare {
		row.ID, row.What = "P1*", "the same for -compare "+s.Dir
	}
	tab, cancel, err := coldTab(br)
	if err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	defer cancel()
	s.gzipOnly.Store(true)
	defer s.gzipOnly.Store(false)
	var (
		mu       sync.Mutex
		cdpBytes float64
		cdpCount int
	)
	finished := chromedp.Events(tab, network.LoadingFinished)
	go func() {
		for ev, err := range finished {
			if err != nil {
				return
			}
			mu.Lock()
			// encodedBodyLength is optional in the protocol, and Chromium
			// 148 leaves it out; encodedDataLength (headers too) is always sent.
			cdpBytes += ev.EncodedDataLength
			cdpCount++
			mu.Unlock()
		}
	}()

	s.take()
	if err := navigate(tab, s.URL+"/", time.Minute); err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	if _, err := (chromium.Wait{Timeout: time.Minute, Interval: 100 * time.Millisecond}).State(tab, page.Ready); err != nil {
		row.Skipped = "the page did not become ready: " + err.Error()
		return row, nil
	}
	// Whatever the page still fetches after it is ready (the spare worker's
	// scripts) is part of its first load too.
	time.Sleep(2 * time.Second)
	assets := s.take()

	var total int64
	var notes []string
	for _, a := range assets {
		total += a.Bytes
		enc := a.Encoding
		if enc == "" {
			enc = "identity"
		}
		notes = append(notes, fmt.Sprintf("%s asset %s: %d B sent (%s, status %d)", row.ID, a.Path, a.Bytes, enc, a.Status))
	}
	mu.Lock()
	notes = append(notes, fmt.Sprintf("%s check: the browser counted %.0f bytes received, headers included, in %d responses of the page itself (workers' fetches are not in its count)", row.ID, cdpBytes, cdpCount))
	mu.Unlock()
	row.Ours = fmt.Sprintf("%s in %d responses", kib(total), len(assets))
	row.Baseline = kib(helloGz) + " hello.wasm.gz"
	row.Ratio = float64(total) / float64(helloGz)
	return row, notes
}
