// Command kynnys runs Kynnys, the low-threshold social work system, and its
// administrative tasks. Run `kynnys help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // Europe/Helsinki must be known even where the system has no zone files
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `kynnys: low-threshold social work for wellbeing services counties.

Usage:
  kynnys serve [--addr HOST:PORT] [--db PATH_OR_URL] [--demo] [options]
  kynnys migrate [--db PATH_OR_URL]
  kynnys team create --name N [--municipalities "A,B"] [--target-groups g1,g2]
  kynnys team list
  kynnys user create --email E --name N --role R [--team ID_OR_NAME]... --password-stdin
  kynnys user list
  kynnys token create --user EMAIL --name N
  kynnys accesslog verify
  kynnys accesslog extract --person ID|ITEM_ID|CASE_ID|HETU [--since YYYY-MM-DD]
  kynnys bench encounters [--db PATH_OR_URL] [--clients 32] [--duration 10s] [--addr HOST:PORT]
  kynnys bench intake [--db PATH_OR_URL] [--clients 16] [--kill-after 3s]
  kynnys version

Every command takes --db (or KYNNYS_DB); the default is the SQLite file kynnys.db.
bench is the exception: without --db it uses a fresh temporary SQLite file, so a
load test never writes into a real database by accident.
A postgres:// URL selects PostgreSQL. Run a command with -h for its options.
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code, so tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, rest, stdout, stderr)
	case "team":
		err = subcommand(ctx, "team", rest, stdin, stdout, stderr, map[string]command{"create": cmdTeamCreate, "list": cmdTeamList})
	case "user":
		err = subcommand(ctx, "user", rest, stdin, stdout, stderr, map[string]command{"create": cmdUserCreate, "list": cmdUserList})
	case "token":
		err = subcommand(ctx, "token", rest, stdin, stdout, stderr, map[string]command{"create": cmdTokenCreate})
	case "accesslog":
		err = subcommand(ctx, "accesslog", rest, stdin, stdout, stderr, map[string]command{"verify": cmdAccessLogVerify, "extract": cmdAccessLogExtract})
	case "bench":
		err = subcommand(ctx, "bench", rest, stdin, stdout, stderr, map[string]command{"encounters": cmdBenchEncounters, "intake": cmdBenchIntake})
	case "version":
		fmt.Fprintln(stdout, "kynnys", version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "kynnys: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "kynnys: %v\n", err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "kynnys: %v\n", err)
		return 1
	}
	return 0
}

type command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error

// usageError is a mistake in the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func subcommand(ctx context.Context, name string, args []string, stdin io.Reader, stdout, stderr io.Writer, cmds map[string]command) error {
	var names []string
	for n := range cmds {
		names = append(names, n)
	}
	if len(args) == 0 {
		return usageError{fmt.Sprintf("%s needs a subcommand: %s", name, strings.Join(names, ", "))}
	}
	c, ok := cmds[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("unknown subcommand %s %q", name, args[0])}
	}
	return c(ctx, args[1:], stdin, stdout, stderr)
}

// newFlags makes a flag set that reports errors instead of exiting, with
// --db defaulting to KYNNYS_DB.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr("KYNNYS_DB", "kynnys.db"), "SQLite file path or postgres:// URL (env KYNNYS_DB)")
	return fs, db
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}
