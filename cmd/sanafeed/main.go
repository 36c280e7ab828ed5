// Command sanafeed turns SANA, the Syrian Arab News Agency, into clean,
// reliable feeds: it polls the six language editions, keeps each article
// once, and republishes per-language and per-tag feeds over HTTP.
//
// Usage: sanafeed [-config FILE] [-data DIR] [-log-format F] [-log-level L] COMMAND [flags]
// (the global flags may also follow the command); `sanafeed help` lists
// the commands, `sanafeed help COMMAND` tells one (help.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/sanafeed/sanafeed/config"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code: 0 done,
// 1 failed, 2 a bad command line or config, 130 interrupted (SIGINT or
// SIGTERM; what was fetched is stored).
func run(args []string, stdout, stderr io.Writer) int {
	args, code, done := globalFlags(args, stdout, stderr)
	if done {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = cmdServe(ctx, rest, stdout, stderr)
	case "poll":
		err = cmdPoll(ctx, rest, stdout, stderr)
	case "backfill":
		err = cmdBackfill(ctx, rest, stdout, stderr)
	case "webhooks":
		err = cmdWebhooks(ctx, rest, stdout, stderr)
	case "status":
		err = cmdStatus(ctx, rest, stdout, stderr)
	case "healthcheck":
		return cmdHealthcheck(ctx, rest, stderr)
	case "export":
		err = cmdExport(ctx, rest, stdout, stderr)
	case "tags":
		err = cmdTags(ctx, rest, stdout, stderr)
	case "check":
		return cmdCheck(ctx, rest, stdout, stderr)
	case "try":
		return cmdTry(ctx, rest, stdout, stderr)
	case "compact":
		err = cmdCompact(ctx, rest, stdout, stderr)
	case "reprocess":
		err = cmdReprocess(ctx, rest, stdout, stderr)
	case "version":
		printVersion(stdout)
		return 0
	case "help":
		return cmdHelp(rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "sanafeed: unknown command %q\n\n", cmd)
		printUsage(stderr)
		return 2
	}
	switch {
	case err == nil && ctx.Err() == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errInterrupted):
		return 130 // the command said what it stored
	case ctx.Err() != nil && cmd != "serve":
		// Interrupted: what was fetched is stored; say so once.
		fmt.Fprintf(stderr, "sanafeed %s: interrupted; what was fetched is stored\n", cmd)
		return 130
	case err == nil:
		return 0
	default:
		fmt.Fprintf(stderr, "sanafeed %s: %v\n", cmd, err)
		return 1
	}
}

// The flags every command takes, also given before the command
// (`sanafeed -config x check`), and whether each takes a value.
var globalFlagNames = map[string]bool{"config": true, "data": true, "log-format": true, "log-level": true}

// globalFlags moves the global flags given before the command after it,
// where the command's flag set reads them, and answers -version and -h.
// It reports done when there is nothing left to run, with the exit code.
func globalFlags(args []string, stdout, stderr io.Writer) (_ []string, code int, done bool) {
	var flags []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		switch {
		case name == "version":
			printVersion(stdout)
			return nil, 0, true
		case name == "h" || name == "help":
			printUsage(stdout)
			return nil, 0, true
		case !globalFlagNames[name]:
			fmt.Fprintf(stderr, "sanafeed: unknown flag %s before the command\n\n", args[0])
			printUsage(stderr)
			return nil, 2, true
		case hasValue:
			flags, args = append(flags, "-"+name+"="+value), args[1:]
		case len(args) < 2:
			fmt.Fprintf(stderr, "sanafeed: flag %s needs a value\n", args[0])
			return nil, 2, true
		default:
			flags, args = append(flags, "-"+name+"="+args[1]), args[2:]
		}
	}
	if len(args) == 0 {
		printUsage(stderr)
		return nil, 2, true
	}
	return append([]string{args[0]}, append(flags, args[1:]...)...), 0, false
}

var errUsage = errors.New("usage")

// errInterrupted is a command's error when SIGINT or SIGTERM stopped it
// and it has said what it kept: run exits 130 without more words.
var errInterrupted = errors.New("interrupted")

// newFlags returns a flag set for cmd with the flags every command takes:
// -config, and -data, -log-format and -log-level, which override the
// config's data_dir and [log] (flagsConfig applies them).
func newFlags(cmd string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("sanafeed "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "config file (default ./sanafeed.toml if present, else built-in defaults)")
	fs.String("data", "", "data directory (the config's data_dir)")
	fs.String("log-format", "", "log format: auto (text on a terminal, JSON otherwise), text or json (the config's log.format)")
	fs.String("log-level", "", "least level logged: debug, info, warn or error (the config's log.level)")
	if c, ok := commandNamed(cmd); ok {
		fs.Usage = func() { c.usage(fs) }
	}
	return fs, path
}

// parseFlags parses args, mapping flag errors to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

// flagsConfig parses args and loads the config that -config names. What
// went wrong has been printed; the error is errUsage or flag.ErrHelp.
func flagsConfig(fs *flag.FlagSet, path *string, args []string) (config.Config, error) {
	if err := parseFlags(fs, args); err != nil {
		return config.Config{}, err
	}
	cfg, err := loadConfig(*path)
	if err == nil {
		err = applyFlags(fs, &cfg)
	}
	if err != nil {
		fmt.Fprintln(fs.Output(), err)
		return cfg, errUsage
	}
	return cfg, nil
}

// applyFlags sets what -data, -log-format and -log-level override in cfg
// and checks the values as the config's.
func applyFlags(fs *flag.FlagSet, cfg *config.Config) error {
	set := func(name string, dst *string) {
		if f := fs.Lookup(name); f != nil && f.Value.String() != "" {
			*dst = f.Value.String()
		}
	}
	set("data", &cfg.DataDir)
	set("log-format", &cfg.Log.Format)
	set("log-level", &cfg.Log.Level)
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("with the flags: %w", err)
	}
	return nil
}

// newLogger returns the one logger as l says: text on a terminal and JSON
// otherwise ("auto"), or as l.Format names; durations as "1.5s", not
// nanoseconds.
func newLogger(w io.Writer, l config.Log) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(l.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Value.Kind() == slog.KindDuration {
			return slog.String(a.Key, a.Value.Duration().String())
		}
		return a
	}}
	if l.Format == "text" || l.Format != "json" && isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	if l, ok := w.(logsAround); ok {
		w = l.t.w
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
