package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/examples/programs"
	"github.com/goroutine-playground/playground/internal/runner"
)

// exitError is an error with the exit status it calls for.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is a bad command line: exit status 2.
func usageError(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

const usage = `usage:
  threads list
  threads run NAME [-net mem|tcp] [-addr HOST:PORT] [-role both|server|client]
                   [-json] [-color auto|always|never] [-trace FILE] [-KNOB VALUE ...]
  threads run NAME -h    (lists NAME's knobs)`

// run is the command: args are its arguments, without the program name.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("no command\n%s", usage)
	}
	switch args[0] {
	case "list":
		if len(args) > 1 {
			return usageError("list takes no arguments")
		}
		return list(stdout)
	case "run":
		if len(args) < 2 || strings.HasPrefix(args[1], "-") {
			return usageError("run needs the name of a program (threads list names them)")
		}
		return runExample(ctx, args[1], args[2:], stdin, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return usageError("unknown command %q\n%s", args[0], usage)
}

// list prints every program, its short name first.
func list(w io.Writer) error {
	all := examples.All()
	width := 0
	for _, e := range all {
		width = max(width, len(e.Name))
	}
	for _, e := range all {
		if _, err := fmt.Fprintf(w, "%-*s  %s\n", width, e.Name, e.Title); err != nil {
			return err
		}
	}
	return nil
}

// options are run's command-line settings other than knobs.
type options struct {
	net, addr, role, color string
	json                   bool
	trace                  string
}

// runExample runs the program called name with the settings in args. A
// program that reads input reads the lines of stdin.
func runExample(ctx context.Context, name string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	ex, ok := examples.Lookup(name)
	if !ok {
		return usageError("no program called %q (threads list names them)", name)
	}
	fs := flag.NewFlagSet("threads run "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var o options
	fs.StringVar(&o.net, "net", "mem", "network: mem (in memory) or tcp (the host's)")
	fs.StringVar(&o.addr, "addr", runner.DefaultAddr, "where servers listen and clients dial")
	fs.StringVar(&o.role, "role", "both", "which side runs: both, server or client")
	fs.BoolVar(&o.json, "json", false, "print every event as a line of JSON")
	fs.StringVar(&o.color, "color", "auto", "colour goroutine names: auto, always or never")
	fs.StringVar(&o.trace, "trace", "", "write the run's Go execution trace to `FILE` (go tool trace reads it)")
	set := map[string]string{}
	for _, k := range ex.Knobs {
		fs.Func(k.Name, knobHelp(k), func(s string) error {
			if _, err := k.Parse(s); err != nil {
				return errors.New(strings.TrimPrefix(err.Error(), "knob "+k.Name+": "))
			}
			set[k.Name] = s
			return nil
		})
	}

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, ex, fs)
			return nil
		}
		return usageError("%v\n(threads run %s -h lists its flags)", err, name)
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q: knobs are flags, such as -clients 3", fs.Arg(0))
	}

	cfg, err := config(ex, o, fs)
	if err != nil {
		return err
	}
	if cfg.Values, err = runner.Resolve(ex.Knobs, set); err != nil {
		return usageError("%v", err)
	}
	color, err := useColor(o.color, stdout)
	if err != nil {
		return err
	}
	var traceFile *os.File
	if o.trace != "" {
		if traceFile, err = os.Create(o.trace); err != nil {
			return err
		}
		defer traceFile.Close()
		cfg.Trace, cfg.TraceAll = traceFile, true
	}
	out := newPrinter(stdout, stderr, o.json, color)
	cfg.Sink = out.event
	if ex.Input {
		cfg.Stdin = runner.NewStdin()
		go feed(cfg.Stdin, stdin)
	}
	res := runner.Run(ctx, programs.Main(ex.Name), cfg)
	if err := out.close(); err != nil {
		return err
	}
	if traceFile != nil {
		err := res.TraceErr
		if cerr := traceFile.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("trace %s: %w", o.trace, err)
		}
	}
	switch res.Status {
	case runner.Done:
		return nil
	case runner.Stopped:
		return &exitError{code: 130, err: errors.New("")}
	}
	return &exitError{code: 1, err: errors.New("")}
}

// config turns the network options into a runner.Config.
func config(ex examples.Example, o options, fs *flag.FlagSet) (runner.Config, error) {
	cfg := runner.Config{Knobs: ex.Knobs, Addr: o.addr}
	if !ex.Network {
		var netFlags []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "net" || f.Name == "addr" || f.Name == "role" {
				netFlags = append(netFlags, "-"+f.Name)
			}
		})
		if len(netFlags) > 0 {
			return cfg, usageError("%s does not use the network: %s does not apply", ex.Name, strings.Join(netFlags, ", "))
		}
	}
	switch o.net {
	case "mem":
	case "tcp":
		cfg.TCP = true
	default:
		return cfg, usageError("-net %q: want mem or tcp", o.net)
	}
	switch o.role {
	case "both":
		cfg.Role = runner.Both
	case "server":
		cfg.Role = runner.Server
	case "client":
		cfg.Role = runner.Client
	default:
		return cfg, usageError("-role %q: want both, server or client", o.role)
	}
	return cfg, nil
}

// knobHelp is a knob's line in -h: its help, range and default.
func knobHelp(k runner.Knob) string {
	if k.Bool {
		return fmt.Sprintf("%s (0 or 1; default %d)", k.Help, k.Default)
	}
	return fmt.Sprintf("%s, in %s (default %d)", k.Help, k.Range(), k.Default)
}

// printHelp prints a program's title, lesson and flags.
func printHelp(w io.Writer, ex examples.Example, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s — %s (%s)\n\n%s\n\nflags:\n", ex.Name, ex.Title, ex.File, ex.Lesson)
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  -%s\n    \t%s\n", f.Name, f.Usage)
	})
}

// useColor decides whether to colour the output.
func useColor(mode string, stdout io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if os.Getenv("NO_COLOR") != "" { // https://no-color.org
			return false, nil
		}
		f, ok := stdout.(*os.File)
		if !ok {
			return false, nil
		}
		fi, err := f.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb", nil
	}
	return false, usageError("-color %q: want auto, always or never", mode)
}
