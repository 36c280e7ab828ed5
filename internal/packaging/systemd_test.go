package packaging_test

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// unitPath is the systemd unit, from the root.
const unitPath = "packaging/sanafeed.service"

// A unit is a systemd unit file: per section, every assignment in order
// (a key may be assigned more than once).
type unit map[string][][2]string

// parseUnit reads a unit file: [Section] headers, Key=Value lines,
// comments (# or ;) and continuation lines ending in \.
func parseUnit(t *testing.T, text string) unit {
	t.Helper()
	u := unit{}
	section, pending := "", ""
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if pending == "" && (l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, ";")) {
			continue
		}
		if body, ok := strings.CutSuffix(l, `\`); ok {
			pending += body + " "
			continue
		}
		l, pending = pending+l, ""
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			section = l[1 : len(l)-1]
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok || section == "" {
			t.Fatalf("%s:%d: %q is neither a [Section] nor Key=Value in one", unitPath, i+1, l)
		}
		u[section] = append(u[section], [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return u
}

// get returns the value of key in section as in force (its last
// assignment) and reports whether it is assigned.
func (u unit) get(section, key string) (string, bool) {
	v, ok := "", false
	for _, kv := range u[section] {
		if kv[0] == key {
			v, ok = kv[1], true
		}
	}
	return v, ok
}

// normBool returns systemd's booleans as "yes" or "no", and v otherwise.
func normBool(v string) string {
	switch strings.ToLower(v) {
	case "1", "yes", "y", "true", "t", "on":
		return "yes"
	case "0", "no", "n", "false", "f", "off":
		return "no"
	}
	return v
}

// The unit runs serve hardened, as a dynamic user, its store in its state
// directory, reloading on `systemctl reload`.
func TestSystemdUnit(t *testing.T) {
	u := parseUnit(t, readFile(t, unitPath))
	for _, want := range [][2]string{
		{"DynamicUser", "yes"},
		{"StateDirectory", "sanafeed"},
		{"ProtectSystem", "strict"},
		{"ProtectHome", "yes"},
		{"PrivateTmp", "yes"},
		{"NoNewPrivileges", "yes"},
		{"ProtectKernelTunables", "yes"},
		{"ProtectKernelModules", "yes"},
		{"ProtectControlGroups", "yes"},
		{"RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"},
		{"CapabilityBoundingSet", ""}, // no capabilities at all
		{"Restart", "on-failure"},
		{"ExecReload", "/bin/kill -HUP $MAINPID"}, // serve reloads its config on SIGHUP
	} {
		got, ok := u.get("Service", want[0])
		switch {
		case !ok:
			t.Errorf("%s: [Service] lacks %s=%s", unitPath, want[0], want[1])
		case strings.Join(strings.Fields(normBool(got)), " ") != want[1]:
			t.Errorf("%s: %s=%s, want %s=%s", unitPath, want[0], got, want[0], want[1])
		}
	}
	// SystemCallFilter may be given more than once; what counts is the list in force.
	if filters := filterValues(u, "SystemCallFilter"); !slices.Contains(filters, "@system-service") {
		t.Errorf("%s: SystemCallFilter is %q in force, want @system-service (an empty assignment resets it)", unitPath, filters)
	}
	if v, _ := u.get("Install", "WantedBy"); v != "multi-user.target" {
		t.Errorf("%s: [Install] WantedBy=%s, want multi-user.target (systemctl enable)", unitPath, v)
	}

	start, _ := u.get("Service", "ExecStart")
	argv := strings.Fields(start)
	i := slices.Index(argv, "-config")
	if len(argv) < 2 || !path.IsAbs(argv[0]) || argv[1] != "serve" || i < 0 || i+1 >= len(argv) {
		t.Fatalf("%s: ExecStart=%s, want /PATH/sanafeed serve -config FILE", unitPath, start)
	}
	cfgFile := argv[i+1]
	if dir, _ := u.get("Service", "ConfigurationDirectory"); dir != "" && path.Dir(cfgFile) != "/etc/"+dir {
		t.Errorf("%s: -config %s is not in ConfigurationDirectory=%s (/etc/%s)", unitPath, cfgFile, dir, dir)
	}

	// The config to install as that file keeps the store in the state
	// directory, the one place the service may write.
	cfg := loadConfig(t, "packaging/"+path.Base(cfgFile))
	state, _ := u.get("Service", "StateDirectory")
	if path.Clean(cfg.DataDir) != "/var/lib/"+state {
		t.Errorf("packaging/%s: data_dir %q, want /var/lib/%s (StateDirectory=%s; ProtectSystem=strict leaves nothing else writable)",
			path.Base(cfgFile), cfg.DataDir, state, state)
	}
	if wd, ok := u.get("Service", "WorkingDirectory"); ok && wd != "/var/lib/"+state {
		t.Errorf("%s: WorkingDirectory=%s, want /var/lib/%s, where a relative data_dir lands", unitPath, wd, state)
	}
}

// filterValues returns the words of every assignment of key in [Service]
// in force: an empty assignment resets the list, as systemd does.
func filterValues(u unit, key string) []string {
	var out []string
	for _, kv := range u["Service"] {
		if kv[0] != key {
			continue
		}
		if kv[1] == "" {
			out = nil
		}
		out = append(out, strings.Fields(kv[1])...)
	}
	return out
}

// systemd-analyze verify, where it is installed (Debian: apt-get install
// systemd), loads the unit as systemd would and reports unknown keys, bad
// values and a missing binary; anything it prints fails the test.
func TestSystemdAnalyzeVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not found (apt-get install systemd): the unit is checked by TestSystemdUnit only")
	}
	// verify wants ExecStart's binary to exist: stand this test's binary in.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	text := readFile(t, unitPath)
	u := parseUnit(t, text)
	start, _ := u.get("Service", "ExecStart")
	bin, _, _ := strings.Cut(start, " ")
	text = strings.ReplaceAll(text, "ExecStart="+bin+" ", "ExecStart="+self+" ")
	file := filepath.Join(t.TempDir(), path.Base(unitPath))
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, analyze, "verify", "--man=no", file).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify %s: err = %v\n%s", unitPath, err, out)
	}
}
