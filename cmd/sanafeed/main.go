// Command sanafeed turns SANA, the Syrian Arab News Agency, into clean,
// reliable feeds: it polls the six language editions, keeps each article
// once, and republishes per-language and per-tag feeds over HTTP.
//
// Usage:
//
//	sanafeed serve [-config FILE] [-demo] [-listen ADDR]
//	sanafeed poll  [-config FILE]
//	sanafeed backfill -since DATE [-config FILE]
//	sanafeed webhooks [-config FILE]
//	sanafeed check [-config FILE]
//	sanafeed try [-config FILE] [-source LANG] [-json] [-file PAGE] URL
//	sanafeed reprocess [-config FILE] [-source LANG] [-since DATE]
//	sanafeed export -dir DIR [-config FILE]
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
	"syscall"

	"github.com/sanafeed/sanafeed/config"
)

const usage = `usage: sanafeed <command> [flags]

commands:
  serve     poll every source on its schedule and serve feeds over HTTP
            (-demo: against a built-in replica of SANA on loopback)
  poll      run one full poll cycle, print a summary per source, exit
  backfill  -since DATE: walk sitemaps and listings back to DATE, fetch what is missing
  status    each source's last poll, last success and next poll; articles; webhooks (asks a running serve)
  webhooks  list webhook endpoints: pending / failed / delivered, last error (asks a running serve);
            webhooks enable URL: re-enable one disabled by 410 Gone; webhooks retry [URL]: deliver now
  check     validate the config and print the effective config
  try       URL: print what a source's rules extract from one page, and which rule gave each field
  reprocess re-extract stored articles from their kept pages with the current rules, no network
  healthcheck URL: exit 0 when URL (a serve's /healthz) answers 200, 1 otherwise (for containers)
  export    -dir DIR: write every feed, the OPML and the index page as static files

every command takes -config FILE (default ./sanafeed.toml if present)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
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
	case "check":
		return cmdCheck(rest, stdout, stderr)
	case "try":
		return cmdTry(ctx, rest, stdout, stderr)
	case "reprocess":
		err = cmdReprocess(ctx, rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "sanafeed: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintf(stderr, "sanafeed %s: %v\n", cmd, err)
		return 1
	}
}

var errUsage = errors.New("usage")

// newFlags returns a flag set for cmd with the -config flag every command takes.
func newFlags(cmd string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("sanafeed "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "config file (default ./sanafeed.toml if present, else built-in defaults)")
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
	if err != nil {
		fmt.Fprintln(fs.Output(), err)
		return cfg, errUsage
	}
	return cfg, nil
}

// flagsApp is flagsConfig followed by openApp, logging to stderr.
func flagsApp(fs *flag.FlagSet, path *string, args []string, stderr io.Writer) (*app, error) {
	cfg, err := flagsConfig(fs, path, args)
	if err != nil {
		return nil, err
	}
	return openApp(cfg, newLogger(stderr))
}

// newLogger returns the one logger: text on a terminal, JSON otherwise.
func newLogger(w io.Writer) *slog.Logger {
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
