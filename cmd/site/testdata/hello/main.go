// Command hello is the wasm program the cmd/site test builds.
package main

func main() { println("hello") }
