//go:build js && wasm

// Command builder is the build driver of the toolchain worker (build.wasm):
// the Go side of site/toolchain.js. It receives the page's protocol
// messages (internal/toolchain/protocol), formats files at once, and
// carries out builds one at a time with internal/toolchain's Builder, on
// the host that toolchain.js provides (fetch, WebAssembly, the in-memory
// file system). The logic is in internal/toolchain; this is the wiring.
package main

import (
	"context"
	"syscall/js"

	"github.com/goroutine-playground/playground/internal/toolchain"
	"github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

func main() {
	host := newHost()
	m, err := toolchain.ParseManifest([]byte(host.obj.Get("manifest").String()))
	if err != nil {
		panic(err) // toolchain.js reports the driver's exit as a fault
	}
	d := &driver{
		host:    host,
		builder: toolchain.NewBuilder(m, "/", host),
		queue:   make(chan protocol.Message, 64),
	}
	host.obj.Call("ready", js.FuncOf(func(_ js.Value, args []js.Value) any {
		d.receive(args[0])
		return nil
	}))
	d.serve(context.Background())
}

// driver serves the page's requests.
type driver struct {
	host    *host
	builder *toolchain.Builder
	queue   chan protocol.Message // builds and prepares, served in order
}

var uint8Array = js.Global().Get("Uint8Array")

// receive decodes one message from the page. It runs on the JavaScript
// event loop's turn and must not block: a format is answered from a
// goroutine, a build waits its turn in the queue.
func (d *driver) receive(v js.Value) {
	if !v.InstanceOf(uint8Array) {
		d.host.obj.Call("fault", "toolchain: a message that is not protocol bytes (a Uint8Array)")
		return
	}
	b := make([]byte, v.Length())
	js.CopyBytesToGo(b, v)
	m, err := protocol.Decode(b)
	if err != nil {
		// The page cannot be told which request failed: it and this
		// worker do not speak the same protocol (a page and a worker from
		// two builds of the site, say). It must replace the worker.
		d.host.obj.Call("fault", "toolchain: "+err.Error())
		return
	}
	switch m := m.(type) {
	case protocol.FormatRequest:
		go d.send(toolchain.Format(m))
	case protocol.BuildRequest, protocol.PrepareRequest:
		select {
		case d.queue <- m:
		default:
			if req, ok := m.(protocol.BuildRequest); ok {
				d.send(protocol.BuildResult{ID: req.ID, Output: "toolchain: too many builds are waiting; try again\n"})
			}
		}
	default:
		js.Global().Get("console").Call("error", "toolchain: a message that is not a request")
	}
}

// serve carries out the queued requests, one at a time, for ever.
func (d *driver) serve(ctx context.Context) {
	for m := range d.queue {
		switch m := m.(type) {
		case protocol.BuildRequest:
			d.send(d.builder.Build(ctx, m, d.progress))
		case protocol.PrepareRequest:
			d.send(d.builder.Prepare(ctx, m.ID, d.progress))
		}
	}
}

func (d *driver) progress(p protocol.Progress) { d.send(p) }

// send posts one message to the page, its buffer moved, not copied.
func (d *driver) send(m protocol.Message) {
	b := protocol.Append(nil, m)
	arr := uint8Array.New(len(b))
	js.CopyBytesToJS(arr, b)
	d.host.obj.Call("post", arr)
}
