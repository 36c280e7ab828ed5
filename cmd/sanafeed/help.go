package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// A cmdInfo is one of sanafeed's commands as help tells it.
type cmdInfo struct {
	name    string
	args    string // its synopsis after the name
	purpose string // one line, for the list
	about   string // more, for `help CMD`; "" when purpose says it all
	example string
}

// commands lists sanafeed's commands in the order help shows them.
var commands = []cmdInfo{
	{"serve", "[-demo] [-listen ADDR]", "poll every source on its schedule and serve the feeds over HTTP",
		"Runs until SIGINT or SIGTERM, then stops cleanly. SIGHUP reloads the config file: sources, their\n" +
			"rules and webhooks at once. -listen overrides the config's listen (127.0.0.1:0: any free port;\n" +
			"public_url follows it unless set). -demo polls a built-in replica of SANA on loopback instead.\n" +
			"`status` and `webhooks` ask a running serve on a socket in its data_dir.",
		"sanafeed serve -listen 127.0.0.1:8081"},
	{"poll", "", "run one full poll cycle, print a summary per source, exit",
		"Polls every source once (feeds, listings, pages), stores, links translations, delivers due\n" +
			"webhooks, and prints per edition: state, new, updated, unchanged, failed, requests, the feed's\n" +
			"state, then what went wrong. Exit 0 when an edition could be polled, 1 when none could.",
		"sanafeed poll -config sanafeed.toml"},
	{"backfill", "-since DATE", "walk sitemaps and listings back to DATE and fetch what is missing",
		"Resumable: run again after an interruption, it skips what is stored. Ctrl-C stores what was\n" +
			"fetched and exits 130.",
		"sanafeed backfill -since 2026-01-01"},
	{"status", "", "each source's last poll, last success and next poll; articles; webhooks",
		"Asks a running serve when there is one (its schedule is known), else reads the store.",
		"sanafeed status"},
	{"webhooks", "[enable URL | retry [URL]]", "list the webhook endpoints: pending, failed, delivered, last error",
		"`enable URL` re-enables an endpoint disabled by a 410 Gone (its deliveries are due at once);\n" +
			"`retry [URL]` makes the waiting and failed deliveries of one endpoint (or all) due now.\n" +
			"Works beside a running serve.",
		"sanafeed webhooks retry https://example.org/hooks/sana"},
	{"tags", "", "print the tags found to mean the same thing across editions, and why",
		"Learnt from the store's translation clusters ([stories] tag_support): each group of tags, then\n" +
			"each link with the clusters both tags share and its score. /feeds/tags/{slug} serves a group.",
		"sanafeed tags"},
	{"check", "[-store]", "validate the config and print the effective config, every key filled in",
		"Exit 2 with FILE:LINE: key: message when the config is invalid.\n" +
			"-store checks the store in data_dir instead, read-only: every page (bbolt's consistency\n" +
			"check) and every article and cluster record. Exit 0 clean, 1 corrupt, 2 not checked\n" +
			"(in use by a running serve: stop it first).",
		"sanafeed check -store"},
	{"try", "[-source LANG] [-json] [-file PAGE] URL", "print what a source's rules extract from one page, and which rule gave each field",
		"No store, no poll. Exit 1 when an article page yields no id, title or body. See docs/tuning.md.",
		"sanafeed try https://sana.sy/en/politics/2289847/"},
	{"reprocess", "[-source LANG] [-since DATE]", "re-extract stored articles from their kept pages with the rules in force",
		"No request to the site. Prints per source: changed, unchanged, no kept page, failed.",
		"sanafeed reprocess -source en -since 2026-11-01"},
	{"compact", "", "rewrite the store in data_dir without its free pages; print its size before and after",
		"bbolt never gives back the space deleted data freed (pruned kept pages, dropped deliveries).\n" +
			"Copies the store into sanafeed.db.compact beside it, syncs it and renames it over the store\n" +
			"(atomic: the store is whole at every moment). Refuses while a serve runs: stop it first.",
		"sanafeed compact"},
	{"export", "-dir DIR", "write the site as static files: feeds, OPML, index, tag and story pages",
		"", "sanafeed export -dir public"},
	{"healthcheck", "[-timeout 5s] URL", "exit 0 when URL (a serve's /healthz) answers 200, 1 otherwise",
		"For a container's HEALTHCHECK; reads no config and opens no store.",
		"sanafeed healthcheck http://127.0.0.1:8080/healthz"},
	{"version", "", "print the version and the VCS revision it was built from", "", "sanafeed version"},
	{"help", "[COMMAND]", "list the commands, or tell one: what it does, its flags and an example", "", "sanafeed help try"},
}

// commandNamed returns the command called name.
func commandNamed(name string) (cmdInfo, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return cmdInfo{}, false
}

// printUsage writes the list of commands and the global flags.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "usage: sanafeed [global flags] COMMAND [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.purpose)
	}
	fmt.Fprint(w, `
global flags (before or after the command):
  -config FILE       the config (default ./sanafeed.toml if present, else the built-in defaults)
  -data DIR          the data directory (overrides data_dir)
  -log-format F      auto (text on a terminal, JSON otherwise; the default), text or json
  -log-level L       debug, info (the default), warn or error
  -version           print the version

sanafeed help COMMAND tells one command: what it does, its flags, an example.
`)
}

// usage writes c's synopsis, what it does, an example and fs's flags.
func (c cmdInfo) usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintf(w, "usage: sanafeed %s %s\n\n%s.\n", c.name, strings.TrimSpace(c.args+" [flags]"), upperFirst(c.purpose))
	if c.about != "" {
		fmt.Fprintf(w, "\n%s\n", c.about)
	}
	fmt.Fprintf(w, "\nexample:\n  %s\n\nflags:\n", c.example)
	fs.PrintDefaults()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// cmdHelp lists the commands, or tells the one named in args, on stdout.
func cmdHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stdout)
		return 0
	}
	c, ok := commandNamed(args[0])
	if !ok {
		fmt.Fprintf(stderr, "sanafeed help: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return 2
	}
	// The command's own flag set prints its flags: ask it with -h.
	switch c.name {
	case "version", "help":
		fmt.Fprintf(stdout, "usage: sanafeed %s %s\n\n%s.\n\nexample:\n  %s\n", c.name, c.args, upperFirst(c.purpose), c.example)
		return 0
	}
	run([]string{c.name, "-h"}, stdout, stdout)
	return 0
}

// version returns the module's version and the VCS revision, time and
// state the binary was built from, as the Go toolchain recorded them.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "sanafeed (no build information)"
	}
	return formatVersion(bi)
}

// formatVersion tells bi: "sanafeed v1.2.3 (revision …, time, modified), go1.26.8".
func formatVersion(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	out := "sanafeed " + v
	if rev != "" {
		out += fmt.Sprintf(" (revision %s, %s%s)", rev, at, dirty)
	}
	return out + ", " + bi.GoVersion
}

// printVersion writes version() and a newline.
func printVersion(w io.Writer) { fmt.Fprintln(w, version()) }
