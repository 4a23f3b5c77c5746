package toolchain

import "strconv"

// The files the toolchain adds to what the user wrote. Each is made by one
// function so that its text can change in one place; the planner names the
// file GeneratedName.

// GeneratedName is the name of the generated file of package main. It
// starts with an underscore, which the go command ignores in a package
// folder, so it can never be one of the user's files (see [validFileName]).
const GeneratedName = "_pg_main.go"

// PlainMain returns the file added to a plain program's package main. Its
// init hands the program's main to the engine, which runs it under the
// runner, so that the run can end, flush its output and report like a
// built-in program's.
func PlainMain(engine string) string {
	return "package main\n\nimport __pg " + strconv.Quote(engine) + "\n\nfunc init() { __pg.Main(main) }\n"
}

// BuiltinMain returns the package main of an edited built-in program: the
// engine serving the programs of the recompiled programs package, with
// their knobs from the list of examples, as the page's own engine
// (wasm/engine) serves the precompiled ones. mains is the programs
// package's function from a program's name to its main: Main, or
// [EditedMainFunc] when only the edited program's files are compiled.
func BuiltinMain(engine, examples, programs, mains string) string {
	return "package main\n\nimport (\n\te " + strconv.Quote(engine) + "\n\tex " + strconv.Quote(examples) +
		"\n\tp " + strconv.Quote(programs) + "\n)\n\nfunc main() { e.Serve(ex.Programs(p." + mains + ")) }\n"
}

// GeneratedProgramsName is the name of the file added to the programs
// package when only an edited program's files are compiled (see
// subset.go): like [GeneratedName], no file of the user's can have it.
const GeneratedProgramsName = "_pg_edited.go"

// EditedMainFunc is the function [EditedMain] declares.
const EditedMainFunc = "EditedMain"

// EditedMain returns the file added to package pkg (the programs) when only
// the edited program's files are compiled: in place of the package's
// Main, which names every program's main function and so needs every
// file, it gives the engine the one program there is, program, whose main
// function is mainFunc.
func EditedMain(pkg, runner, program, mainFunc string) string {
	return "package " + pkg + "\n\nimport __pg " + strconv.Quote(runner) + "\n\nfunc " + EditedMainFunc +
		"(name string) __pg.Main {\n\tif name == " + strconv.Quote(program) + " {\n\t\treturn " + mainFunc + "\n\t}\n\treturn nil\n}\n"
}
