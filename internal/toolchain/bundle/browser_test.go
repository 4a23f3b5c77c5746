//go:build !js

package bundle

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/browsertest"
	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// browserPage starts the toolchain worker as the page will (a classic
// worker running toolchain.js) and keeps what it posts in window.inbox.
const browserPage = `<!doctype html>
<meta charset="utf-8">
<title>toolchain worker</title>
<link rel="icon" href="data:,">
<script>
"use strict";
const worker = new Worker("toolchain.js");
window.inbox = [];
const b64 = (bytes) => btoa(Array.from(bytes, (c) => String.fromCharCode(c)).join(""));
worker.onmessage = (e) => {
  if (e.data?.module instanceof WebAssembly.Module) {
    inbox.push("M " + e.data.id + " " + WebAssembly.Module.exports(e.data.module).map((x) => x.name).join(","));
    return;
  }
  inbox.push(e.data instanceof Uint8Array ? "B " + b64(e.data) : "F " + JSON.stringify(e.data));
};
worker.onerror = (e) => inbox.push("F " + JSON.stringify({error: String(e.message)}));
window.send = (s) => {
  const bytes = Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  worker.postMessage(bytes, [bytes.buffer]);
};
</script>
`

// TestChromium runs the toolchain worker in headless Chromium: the same
// scripts and bundle as TestNode, in a real Web Worker, with the browser's
// fetch, brotli and WebAssembly.compileStreaming. Its timings are logged
// (no assertion on them).
func TestChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the toolchain and runs it in Chromium")
	}
	b := browsertest.New(t)
	site := runSite(t)
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte(browserPage), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Timeout = 5 * time.Minute
	b.Navigate(browsertest.Serve(t, site) + "/index.html")

	roundTrip := func(m protocol.Message) exchange {
		t.Helper()
		browsertest.Eval[any](b, "send("+quoteJS(base64.StdEncoding.EncodeToString(protocol.Append(nil, m)))+")")
		var ex exchange
		deadline := time.Now().Add(5 * time.Minute)
		for time.Now().Before(deadline) {
			for _, line := range browsertest.Eval[[]string](b, "inbox.splice(0)") {
				kind, payload, _ := strings.Cut(line, " ")
				if kind == "M" {
					ex.delivered = append(ex.delivered, payload)
					continue
				}
				if kind != "B" {
					t.Fatalf("the worker posted %s", line)
				}
				data, err := base64.StdEncoding.DecodeString(payload)
				if err != nil {
					t.Fatal(err)
				}
				got, err := protocol.Decode(data)
				if err != nil {
					t.Fatal(err)
				}
				if p, ok := got.(protocol.Progress); ok {
					ex.progress = append(ex.progress, p)
					continue
				}
				ex.result = got
				return ex
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("no answer to %T in 5 minutes", m)
		return ex
	}

	res := roundTrip(protocol.FormatRequest{ID: 1, File: protocol.File{Name: "prog.go", Text: "package main\nfunc main(){}"}})
	if f := res.result.(protocol.FormatResult); !f.OK || f.Text != "package main\n\nfunc main() {}\n" {
		t.Errorf("format: %+v", f)
	}
	hello := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello, playground\")\n}\n"
	build := protocol.BuildRequest{ID: 2, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: hello}}}
	// A build's linked program comes compiled, just before the result
	// that says so: a module that Go's wasm_exec.js can run.
	delivered := func(res exchange) {
		t.Helper()
		id := strconv.Itoa(int(res.build().ID))
		if !res.build().Delivered || len(res.build().Wasm) != 0 || len(res.delivered) != 1 ||
			!strings.HasPrefix(res.delivered[0], id+" ") || !slices.Contains(strings.Split(strings.TrimPrefix(res.delivered[0], id+" "), ","), "run") {
			t.Errorf("build %s: Delivered %v, %d bytes, modules posted %q; want the module of build %s, exporting run, and no bytes",
				id, res.build().Delivered, len(res.build().Wasm), res.delivered, id)
		}
	}
	res = roundTrip(build)
	if !res.ok(t) {
		t.FailNow()
	}
	delivered(res)
	t.Logf("first build: %s", timings(res.build().Timings))
	for i := range 4 {
		build.ID = uint32(3 + i)
		res = roundTrip(build)
		res.ok(t)
		delivered(res)
		t.Logf("build %d: %s", i+2, timings(res.build().Timings))
	}
	bad := protocol.BuildRequest{ID: 9, Kind: protocol.Plain, Files: []protocol.File{{Name: "prog.go", Text: "package main\n\nfunc main() {\n\tx := 1\n}\n"}}}
	if b := roundTrip(bad).build(); b.OK || b.Output != "./prog.go:4:2: declared and not used: x\n" {
		t.Errorf("compile error: got %q; want ./prog.go:4:2: declared and not used: x", b.Output)
	}
	b.CheckNoErrors()
}

func quoteJS(s string) string { return `"` + s + `"` } // base64 needs no escaping
