package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// version and -version print the module version and the VCS revision the
// binary was built from.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		code, out := runOut(args...)
		if code != 0 || !strings.HasPrefix(out, "sanafeed ") || !strings.Contains(out, "go1.") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "d1de868d"}, {Key: "vcs.time", Value: "2026-12-03T15:43:56Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := formatVersion(bi), "sanafeed v1.2.3 (revision d1de868d, 2026-12-03T15:43:56Z, modified), go1.26.8"; got != want {
		t.Errorf("formatVersion = %q, want %q", got, want)
	}
	if got := formatVersion(&debug.BuildInfo{GoVersion: "go1.26.8"}); got != "sanafeed (devel), go1.26.8" {
		t.Errorf("formatVersion without VCS = %q", got)
	}
}

// help lists every command; help CMD tells one with its flags and an
// example; the global flags work before the command.
func TestHelp(t *testing.T) {
	t.Parallel()
	code, out := runOut("help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, c := range commands {
		if !strings.Contains(out, "\n  "+c.name+" ") {
			t.Errorf("help lacks %s:\n%s", c.name, out)
		}
		code, one := runOut("help", c.name)
		if code != 0 || !strings.Contains(one, "usage: sanafeed "+c.name) || !strings.Contains(one, c.example) {
			t.Errorf("help %s: exit %d\n%s", c.name, code, one)
		}
		if c.name != "version" && c.name != "help" && c.name != "healthcheck" && !strings.Contains(one, "-config") {
			t.Errorf("help %s shows no flags:\n%s", c.name, one)
		}
	}
	if code, out := runOut("help", "nope"); code != 2 || !strings.Contains(out, `unknown command "nope"`) {
		t.Errorf("help nope: exit %d\n%s", code, out)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-config", "/nonexistent.toml", "check"}, 2, "/nonexistent.toml"},
		{[]string{"-log-level=loud", "check"}, 2, `log.level: unknown level "loud"`},
		{[]string{"-data", "elsewhere", "check"}, 0, `data_dir = "elsewhere"`},
		{[]string{"check", "-data", "there"}, 0, `data_dir = "there"`},
		{[]string{"-frobnicate", "check"}, 2, "unknown flag -frobnicate"},
		{[]string{"-config"}, 2, "needs a value"},
		{nil, 2, "usage: sanafeed"},
	} {
		code, out := runOut(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s", tt.args, code, tt.code, tt.want, out)
		}
	}
}
