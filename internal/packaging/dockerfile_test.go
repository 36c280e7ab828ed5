package packaging_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// An instruction is one Dockerfile instruction, its continuation lines
// joined.
type instruction struct {
	line int    // where it starts, 1-based
	cmd  string // upper case: FROM, RUN, COPY …
	args string // the rest, continuation lines joined with a space
}

// A stage is a FROM and the instructions up to the next.
type stage struct {
	from  instruction
	image string // e.g. "golang:1.26"
	name  string // after AS; "" when none
	body  []instruction
}

// parseDockerfile returns the stages of a Dockerfile. Comment lines
// (parser directives included) and blank lines are skipped, also within
// a continued instruction, as Docker does.
func parseDockerfile(text string) ([]stage, error) {
	var ins []instruction
	var cur *instruction
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		body, cont := strings.CutSuffix(l, `\`)
		body = strings.TrimSpace(body)
		if cur == nil {
			cmd, args, _ := strings.Cut(body, " ")
			ins = append(ins, instruction{line: i + 1, cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)})
			cur = &ins[len(ins)-1]
		} else {
			cur.args = strings.TrimSpace(cur.args + " " + body)
		}
		if !cont {
			cur = nil
		}
	}
	var stages []stage
	for _, in := range ins {
		if in.cmd != "FROM" {
			if len(stages) == 0 {
				if in.cmd == "ARG" {
					continue // ARG before the first FROM
				}
				return nil, fmt.Errorf("line %d: %s before any FROM", in.line, in.cmd)
			}
			stages[len(stages)-1].body = append(stages[len(stages)-1].body, in)
			continue
		}
		_, f := flags(in.args)
		if len(f) == 0 {
			return nil, fmt.Errorf("line %d: FROM without an image", in.line)
		}
		s := stage{from: in, image: f[0]}
		if len(f) == 3 && strings.EqualFold(f[1], "AS") {
			s.name = f[2]
		}
		stages = append(stages, s)
	}
	return stages, nil
}

// flags splits an instruction's arguments into its leading --name=value
// flags and the rest, split at spaces.
func flags(args string) (map[string]string, []string) {
	fl := map[string]string{}
	f := strings.Fields(args)
	for len(f) > 0 && strings.HasPrefix(f[0], "--") {
		k, v, _ := strings.Cut(strings.TrimPrefix(f[0], "--"), "=")
		fl[k] = v
		f = f[1:]
	}
	return fl, f
}

// all returns the stage's instructions cmd.
func (s stage) all(cmd string) []instruction {
	var out []instruction
	for _, in := range s.body {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// last returns the stage's last instruction cmd (the one in force) and
// reports whether there is one.
func (s stage) last(cmd string) (instruction, bool) {
	all := s.all(cmd)
	if len(all) == 0 {
		return instruction{}, false
	}
	return all[len(all)-1], true
}

// A copyIns is a COPY: its flags, sources and destination.
type copyIns struct {
	instruction
	from, chown string
	srcs        []string
	dst         string
}

// copies returns the stage's COPY instructions, in order.
func (s stage) copies(t *testing.T) []copyIns {
	t.Helper()
	var out []copyIns
	for _, in := range s.all("COPY") {
		fl, f := flags(in.args)
		if strings.HasPrefix(strings.Join(f, " "), "[") {
			if err := json.Unmarshal([]byte(strings.Join(f, " ")), &f); err != nil {
				t.Fatalf("Dockerfile:%d: COPY %s: %v", in.line, in.args, err)
			}
		}
		if len(f) < 2 {
			t.Fatalf("Dockerfile:%d: COPY %s: want sources and a destination", in.line, in.args)
		}
		out = append(out, copyIns{instruction: in, from: fl["from"], chown: fl["chown"], srcs: f[:len(f)-1], dst: f[len(f)-1]})
	}
	return out
}

// execForm returns the JSON array of an exec-form ENTRYPOINT, CMD or
// HEALTHCHECK CMD, failing the test on the shell form, which needs a shell
// the final image lacks.
func execForm(t *testing.T, in instruction, args string) []string {
	t.Helper()
	var argv []string
	if err := json.Unmarshal([]byte(args), &argv); err != nil || len(argv) == 0 {
		t.Fatalf("Dockerfile:%d: %s %s: want the exec form, [\"/sanafeed\", …] (the image has no shell)", in.line, in.cmd, args)
	}
	return argv
}

// A dockerImage is what the Dockerfile lint reads off the final stage.
type dockerImage struct {
	stages []stage
	final  stage
	binary string // where the final stage has sanafeed, copied from a builder
}

// readDockerfile parses the Dockerfile and finds the binary the final
// stage copies from a builder stage.
func readDockerfile(t *testing.T) dockerImage {
	t.Helper()
	stages, err := parseDockerfile(readFile(t, "Dockerfile"))
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d stages, want at least 2 (FROM golang… AS build, then the final image)", len(stages))
	}
	img := dockerImage{stages: stages, final: stages[len(stages)-1]}
	for _, c := range img.final.copies(t) {
		if b, ok := img.builder(c.from); ok && slices.ContainsFunc(b.all("RUN"), func(in instruction) bool {
			return strings.Contains(in.args, "go build") && strings.Contains(in.args, "-o "+c.srcs[0])
		}) {
			img.binary = c.dst
		}
	}
	if img.binary == "" {
		t.Fatalf("Dockerfile: the final stage copies no binary that a named builder stage's RUN go build -o writes (FROM golang… AS build, then COPY --from=build)")
	}
	return img
}

// builder returns the earlier stage named name and reports whether there is one.
func (img dockerImage) builder(name string) (stage, bool) {
	for _, s := range img.stages[:len(img.stages)-1] {
		if s.name != "" && s.name == name {
			return s, true
		}
	}
	return stage{}, false
}

// The build stage makes a static, trimmed binary with the Go release of go.mod.
func TestDockerfileBuild(t *testing.T) {
	img := readDockerfile(t)
	for _, s := range img.stages[:len(img.stages)-1] {
		if s.name == "" {
			t.Errorf("Dockerfile:%d: FROM %s: name the stage (FROM … AS name) so that later stages copy from it by name", s.from.line, s.image)
		}
	}
	var build stage
	for _, c := range img.final.copies(t) {
		if c.dst == img.binary {
			build, _ = img.builder(c.from)
		}
	}
	if !strings.HasPrefix(build.image, "golang:1.26") {
		t.Errorf("Dockerfile:%d: the build stage is FROM %s, want golang:1.26 (go.mod's go line)", build.from.line, build.image)
	}
	var run string
	for _, in := range build.all("RUN") {
		if strings.Contains(in.args, "go build") {
			run = in.args
		}
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `-ldflags="-s -w"`, "./cmd/sanafeed"} {
		if !strings.Contains(run, want) {
			t.Errorf("Dockerfile: the build stage's go build lacks %s: RUN %s", want, run)
		}
	}
}

// The final stage is minimal and runs sanafeed serve as a non-root user,
// on a volume, with a health check, its config copied in.
func TestDockerfileFinalStage(t *testing.T) {
	img := readDockerfile(t)
	f := img.final
	if !strings.HasPrefix(f.image, "gcr.io/distroless/static") && f.image != "scratch" {
		t.Errorf("Dockerfile:%d: the final stage is FROM %s, want distroless static or scratch", f.from.line, f.image)
	}

	user, ok := f.last("USER")
	uid, _, _ := strings.Cut(user.args, ":")
	switch {
	case !ok:
		t.Errorf("Dockerfile: the final stage sets no USER: it would run as root")
	case strings.Trim(uid, "0123456789") != "" || uid == "":
		t.Errorf("Dockerfile:%d: USER %s, want a numeric uid (runtimes can tell a number is not root; a name needs /etc/passwd)", user.line, user.args)
	case strings.TrimLeft(uid, "0") == "":
		t.Errorf("Dockerfile:%d: USER %s is root", user.line, user.args)
	}

	entry, ok := f.last("ENTRYPOINT")
	if !ok {
		t.Fatalf("Dockerfile: the final stage has no ENTRYPOINT")
	}
	if argv := execForm(t, entry, entry.args); argv[0] != img.binary {
		t.Errorf("Dockerfile:%d: ENTRYPOINT runs %s, want the binary copied from the build, %s", entry.line, argv[0], img.binary)
	}
	cmd, ok := f.last("CMD")
	if !ok {
		t.Fatalf("Dockerfile: the final stage has no CMD (serve -config …)")
	}
	argv := execForm(t, cmd, cmd.args)
	i := slices.Index(argv, "-config")
	if len(argv) == 0 || argv[0] != "serve" || i < 0 || i+1 >= len(argv) {
		t.Fatalf("Dockerfile:%d: CMD %s, want [\"serve\", \"-config\", FILE]", cmd.line, cmd.args)
	}
	cfgPath := argv[i+1]

	// The config the image runs with comes from the repository.
	var cfgSrc string
	for _, c := range f.copies(t) {
		if c.from == "" && c.dst == cfgPath && len(c.srcs) == 1 {
			cfgSrc = c.srcs[0]
		}
	}
	if cfgSrc == "" {
		t.Fatalf("Dockerfile: nothing copies the config %s from the repository into the final stage", cfgPath)
	}
	cfg := loadConfig(t, cfgSrc)

	// Its data_dir is the volume, which the user owns.
	vol, ok := f.last("VOLUME")
	if !ok {
		t.Fatalf("Dockerfile: the final stage has no VOLUME for the data_dir")
	}
	vols := strings.Fields(vol.args)
	if strings.HasPrefix(vol.args, "[") {
		vols = execForm(t, vol, vol.args)
	}
	if !slices.Contains(vols, path.Clean(cfg.DataDir)) {
		t.Errorf("%s: data_dir %q is not a VOLUME (%s): the store would die with the container", cfgSrc, cfg.DataDir, vol.args)
	}
	if user.args != "" && !slices.ContainsFunc(f.copies(t), func(c copyIns) bool {
		u, _, _ := strings.Cut(c.chown, ":")
		return path.Clean(c.dst) == path.Clean(cfg.DataDir) && u == uid
	}) {
		t.Errorf("Dockerfile: no COPY --chown=%s… makes %s, so a new volume would not be writable by USER %s (the image has no shell to chown)",
			uid, cfg.DataDir, user.args)
	}

	// It listens on every interface at the port the image exposes and checks.
	host, port := splitListen(t, cfg.Listen)
	if host != "0.0.0.0" && host != "" && host != "::" {
		t.Errorf("%s: listen %q, want 0.0.0.0:PORT: loopback is not reachable from outside the container", cfgSrc, cfg.Listen)
	}
	expose, ok := f.last("EXPOSE")
	if !ok || !slices.ContainsFunc(strings.Fields(expose.args), func(p string) bool { return strings.TrimSuffix(p, "/tcp") == port }) {
		t.Errorf("Dockerfile: the final stage does not EXPOSE %s, the config's listen port (EXPOSE %s)", port, expose.args)
	}

	hc, ok := f.last("HEALTHCHECK")
	if !ok {
		t.Fatalf("Dockerfile: the final stage has no HEALTHCHECK")
	}
	_, hcCmd, found := strings.Cut(hc.args, "CMD ")
	if !found {
		t.Fatalf("Dockerfile:%d: HEALTHCHECK %s, want HEALTHCHECK [options] CMD [\"%s\", …]", hc.line, hc.args, img.binary)
	}
	hcArgv := execForm(t, hc, strings.TrimSpace(hcCmd))
	if hcArgv[0] != img.binary {
		t.Errorf("Dockerfile:%d: HEALTHCHECK runs %s, want %s (the final image has no curl or wget)", hc.line, hcArgv[0], img.binary)
	}
	var checked bool
	for _, a := range hcArgv[1:] {
		u, err := url.Parse(a)
		if err != nil || u.Path != "/healthz" {
			continue
		}
		checked = true
		if u.Port() != port || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
			t.Errorf("Dockerfile:%d: HEALTHCHECK asks %s, want the loopback at the listen port %s", hc.line, a, port)
		}
	}
	if !checked {
		t.Errorf("Dockerfile:%d: HEALTHCHECK %s does not ask /healthz", hc.line, hc.args)
	}
}

// Every file an image build reads from the context is there, and not left
// out by .dockerignore; history and a local sanafeed.toml (webhook
// secrets) are left out.
func TestDockerignore(t *testing.T) {
	var patterns []string
	for l := range strings.Lines(readFile(t, ".dockerignore")) {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "!") {
			t.Fatalf(".dockerignore: %s: exceptions are not understood by this test; teach ignored() them", l)
		}
		patterns = append(patterns, path.Clean(strings.TrimPrefix(l, "/")))
	}
	for _, p := range []string{".git", "sanafeed.toml", "sanafeed-data/sanafeed.db"} {
		if !ignored(patterns, p) {
			t.Errorf(".dockerignore does not leave out %s", p)
		}
	}

	var needed []string // what the build reads from the context
	for _, s := range readDockerfile(t).stages {
		for _, c := range s.copies(t) {
			if c.from == "" {
				needed = append(needed, c.srcs...)
			}
		}
	}
	if slices.Contains(needed, ".") {
		needed = slices.DeleteFunc(needed, func(p string) bool { return p == "." })
		// COPY . . : the Go source is what the build needs of it.
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
				rel, _ := filepath.Rel(root, p)
				needed = append(needed, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(needed) < 10 {
		t.Fatalf("the Dockerfile copies %d files from the context, want the Go source at least: %q", len(needed), needed)
	}
	for _, p := range needed {
		if _, err := fs.Stat(os.DirFS(root), path.Clean(p)); err != nil {
			t.Errorf("the Dockerfile copies %s, which is not in the repository: %v", p, err)
		}
		if ignored(patterns, path.Clean(p)) {
			t.Errorf(".dockerignore leaves out %s, which the Dockerfile copies", p)
		}
	}
}

// ignored reports whether a .dockerignore pattern leaves out p, a
// slash-separated path from the context's root: a pattern matches the path
// or a directory above it; a leading "**/" matches at any depth.
func ignored(patterns []string, p string) bool {
	parts := strings.Split(p, "/")
	for _, pat := range patterns {
		deep, anyDepth := strings.CutPrefix(pat, "**/")
		for start := range parts {
			if start > 0 && !anyDepth {
				break
			}
			for end := start + 1; end <= len(parts); end++ {
				if ok, _ := path.Match(deep, strings.Join(parts[start:end], "/")); ok {
					return true
				}
			}
		}
	}
	return false
}

func TestIgnored(t *testing.T) {
	patterns := []string{".git", "docs", "sanafeed", "**/*.db"}
	for p, want := range map[string]bool{
		".git/HEAD": true, "docs/index.png": true, "sanafeed": true, "sanafeed-data/sanafeed.db": true, "a.db": true,
		"cmd/sanafeed/main.go": false, "go.mod": false, "store/docs.go": false,
	} {
		if got := ignored(patterns, p); got != want {
			t.Errorf("ignored(%q) = %t, want %t", p, got, want)
		}
	}
}
