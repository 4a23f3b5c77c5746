//go:build js && wasm

// Command hellodom is the baseline of the benchmark's P2 row: P1's
// hello-world program plus the one DOM write a page needs to show it. It
// appends to #output an element with data-goroutine="main" whose text is
// "hello, world", which the benchmark's probe sees exactly as it sees the
// playground's first output line.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	doc := js.Global().Get("document")
	line := doc.Call("createElement", "div")
	line.Call("setAttribute", "data-goroutine", "main")
	line.Set("textContent", "hello, world")
	doc.Call("getElementById", "output").Call("append", line)
	fmt.Println("hello, world")
}
