// Command hello is the smallest wasm program the sitebuild tests build: it
// prints a line, plus a second one when built with -tags sitebuild_extra, so a
// test can tell that extra build flags reached the compiler.
package main

import "fmt"

var extra string

func main() {
	fmt.Println("hello from wasm" + extra)
}
