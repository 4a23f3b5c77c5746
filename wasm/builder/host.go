//go:build js && wasm

package main

import (
	"context"
	"errors"
	"syscall/js"
	"time"

	"github.com/goroutine-playground/playground/internal/toolchain"
)

// host is toolchain.Host on site/toolchain.js's functions.
type host struct {
	obj js.Value // globalThis[toolchain.HostGlobal]
}

var (
	_ toolchain.Host      = (*host)(nil)
	_ toolchain.Deliverer = (*host)(nil)
)

func newHost() *host {
	return &host{obj: js.Global().Get(toolchain.HostGlobal)}
}

func (h *host) Fetch(ctx context.Context, files []toolchain.Fetch, progress func(int64)) error {
	items := make([]any, len(files))
	for i, f := range files {
		items[i] = []any{f.Asset.Name, f.Path}
	}
	onBytes := bytesFunc(progress)
	defer onBytes.Release()
	_, err := await(ctx, h.obj.Call("fetch", items, onBytes))
	return err
}

func (h *host) LoadTool(ctx context.Context, tool string, a toolchain.Asset, progress func(int64)) error {
	onBytes := bytesFunc(progress)
	defer onBytes.Release()
	_, err := await(ctx, h.obj.Call("loadTool", tool, a.Name, onBytes))
	return err
}

func (h *host) Run(ctx context.Context, tool, dir string, args []string) (toolchain.RunResult, error) {
	jsArgs := make([]any, len(args))
	for i, a := range args {
		jsArgs[i] = a
	}
	v, err := await(ctx, h.obj.Call("run", tool, dir, jsArgs))
	if err != nil {
		return toolchain.RunResult{}, err
	}
	ms := func(key string) time.Duration {
		return time.Duration(v.Get(key).Float() * float64(time.Millisecond))
	}
	return toolchain.RunResult{
		Code:        v.Get("code").Int(),
		Stdout:      v.Get("stdout").String(),
		Stderr:      v.Get("stderr").String(),
		Instantiate: ms("instantiateMs"),
		Run:         ms("runMs"),
	}, nil
}

// Deliver has toolchain.js compile the linked program at path and post the
// module to the page, before the build's result. A host without deliver
// (node's test harness) says so, and the result carries the bytes.
func (h *host) Deliver(ctx context.Context, id uint32, path string) error {
	if h.obj.Get("deliver").Type() != js.TypeFunction {
		return errors.New("toolchain: this host cannot deliver a module")
	}
	_, err := await(ctx, h.obj.Call("deliver", id, path))
	return err
}

// bytesFunc wraps progress as the callback toolchain.js calls with a byte
// count. It runs on the event loop and only counts, so it never blocks.
func bytesFunc(progress func(int64)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		progress(int64(args[0].Int()))
		return nil
	})
}

// await waits for a JavaScript promise, letting the event loop run.
func await(ctx context.Context, promise js.Value) (js.Value, error) {
	type settled struct {
		v   js.Value
		err error
	}
	c := make(chan settled, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		c <- settled{v: args[0]}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "failed"
		if len(args) > 0 {
			msg = js.Global().Get("String").Invoke(args[0]).String()
		}
		c <- settled{err: errors.New(msg)}
		return nil
	})
	defer catch.Release()
	promise.Call("then", then, catch)
	select {
	case s := <-c:
		return s.v, s.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}
