package page

import "github.com/goroutine-playground/playground/internal/examples"

// Template is the program New opens: the smallest package main that shows
// a goroutine at work, for the reader to make their own.
const Template = `package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("hello from goroutine", i)
		}()
	}
	wg.Wait()
	fmt.Println("main: all done")
}
`

// PlainFile is the file name a program written in the page has, as its
// compile errors name it (prog.go:12:5).
const PlainFile = "prog.go"

// Plain returns a program written in the page, with source src: it has no
// short name and no knobs of its own, and its lesson says what it may do.
func Plain(src string) examples.Example {
	return examples.Example{
		Title: "Your program",
		Lesson: "A program of your own: package main with a func main, compiled by Go's own compiler " +
			"and linker in this page. What it prints to standard output shows below, each line with the " +
			"goroutine that printed it; goroutines, channels, select, sync, time and context work as in any " +
			"Go program, and net.Listen and net.Dial talk over an in-memory network.",
		File:   PlainFile,
		Source: src,
	}
}
