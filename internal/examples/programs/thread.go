package programs

import (
	"context"

	"github.com/goroutine-playground/playground/internal/runner"
)

// myThread is the tutorial's MyThread: a type whose Run method holds the
// work that a thread would do.
type myThread struct{}

// Run prints the tutorial's three lines — if anyone ever runs it.
func (myThread) Run(ctx context.Context) {
	runner.Println(ctx, "Insert some thread stuff here.")
	runner.Println(ctx, "It'll be executed...yeah....")
	runner.Println(ctx, "There's not much to it.")
}

// A type with a Run method: defined, not started
//
// In Python you subclass threading.Thread and put the thread's work in its
// run method. Go has no Thread class to subclass. Any function or method can
// run concurrently, as a goroutine, when you call it with the keyword go in
// front.
//
// This program defines myThread and makes one, and that is all. Making a
// value starts nothing, and naming a method Run means nothing to Go: it is
// a method like any other. So the run prints main's two lines and ends, and
// myThread's three lines never appear. The next program, start, adds the
// one word that makes it run.
func threadMain(ctx context.Context, env *runner.Env) error {
	t := myThread{}
	runner.Printf(ctx, "main made a %T and did not start it.", t)
	runner.Println(ctx, "Nothing runs until you say go, so its lines never appear.")
	return nil
}
