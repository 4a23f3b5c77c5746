// Command hello is the baseline of the benchmark's P1 row: the smallest Go
// program that prints with fmt. The benchmark builds it for js/wasm with
// sitebuild.BuildWasm, the flags and toolchain that build the page, and
// compares the page's whole first load with this binary's gzip size.
package main

import "fmt"

func main() { fmt.Println("hello, world") }
