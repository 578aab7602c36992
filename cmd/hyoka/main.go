// Command hyoka reads GGUF language models, runs them on its own kernels,
// evaluates them on the benchmarks of arXiv:2412.14471 and analyses many
// models' scores. Run `hyoka help` for the list of subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand. Each cmd_*.go file registers its commands in an
// init function; main only parses the first argument and dispatches.
type command struct {
	Name  string // as typed: "info"
	Usage string // one line: "info [--json] MODEL.gguf"
	Short string // one sentence for the command list
	Long  string // paragraphs printed by `hyoka help NAME` and NAME --help
	// Run executes the command. args excludes the command name. It writes
	// results to stdout and diagnostics (progress, timing) to stderr.
	Run func(ctx context.Context, env *Env, args []string) error
}

// Env is what a command may touch of the outside world, so tests can run
// commands in-process with their own writers.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// errUsage marks a command-line mistake; main prints the usage and exits 2.
var errUsage = errors.New("usage error")

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("hyoka: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// newFlags returns a flag set for c that reports errors instead of exiting
// and prints the command's help on -h/--help.
func newFlags(c *command, env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "usage: hyoka %s\n\n%s\n", c.Usage, strings.TrimSpace(c.Long))
		if hasFlags(fs) {
			fmt.Fprintf(env.Stderr, "\nflags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args with fs, allowing flags after positional arguments
// (hyoka info model.gguf --json). It returns the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, flag.ErrHelp
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `hyoka evaluates local GGUF language models offline on the 19 Japanese and
English benchmarks of arXiv:2412.14471, on its own CPU kernels.

usage: hyoka COMMAND [flags] [arguments]

commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Short)
	}
	fmt.Fprintf(w, "\nRun `hyoka help COMMAND` or `hyoka COMMAND --help` for a command's flags.\n")
}

// run is main without os.Exit, for tests. It returns the exit status.
func run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 && name == "help" {
			if c, ok := commands[args[1]]; ok {
				fmt.Fprintf(env.Stdout, "usage: hyoka %s\n\n%s\n", c.Usage, strings.TrimSpace(c.Long))
				return 0
			}
			fmt.Fprintf(env.Stderr, "hyoka: unknown command %q\n", args[1])
			return 2
		}
		usage(env.Stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "hyoka: unknown command %q\n\n", name)
		usage(env.Stderr)
		return 2
	}
	err := c.Run(ctx, env, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "hyoka %s: %v\nusage: hyoka %s\n", name, err, c.Usage)
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(env.Stderr, "hyoka %s: interrupted\n", name)
		return 130
	default:
		fmt.Fprintf(env.Stderr, "hyoka %s: %v\n", name, err)
		return 1
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}
