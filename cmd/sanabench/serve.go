package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sanafeed/sanafeed/store"
)

// freePort returns a loopback address nobody listens on now.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServe starts `sanafeed serve` on data with the sources at the base
// URL sources (a closed port for none) and waits for its first 200 on /feeds/en.atom, returning the child,
// its address and the time from exec to that answer.
func (b *bench) startServe(ctx context.Context, name, data, sources string) (*exec.Cmd, string, time.Duration, error) {
	addr, err := freePort()
	if err != nil {
		return nil, "", 0, err
	}
	cfg, err := b.writeConfig(name, data, addr, sources)
	if err != nil {
		return nil, "", 0, err
	}
	cmd := exec.CommandContext(ctx, b.bin, "serve", "-config", cfg)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, "", 0, err
	}
	for time.Since(start) < 30*time.Second {
		resp, err := http.Get("http://" + addr + "/feeds/en.atom")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd, addr, time.Since(start), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	stop(cmd)
	return nil, "", 0, errors.New("serve gave no 200 on /feeds/en.atom within 30s")
}

// stop ends a child started by the bench and waits for it.
func stop(cmd *exec.Cmd) {
	cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// topTag returns the most used tag slug of the edition lang in data.
func topTag(ctx context.Context, data, lang string) (string, error) {
	db := store.New(filepath.Join(data, store.FileName))
	if err := db.Open(); err != nil {
		return "", err
	}
	defer db.Close()
	tags, err := db.Tags(ctx, lang)
	if err != nil || len(tags) == 0 {
		return "", fmt.Errorf("no tags in %s: %v", lang, err)
	}
	return tags[0].Tag.Slug, nil
}

// serving exports the store as static files, serves them with nginx and
// the store with `sanafeed serve`, and runs wrk against both on the same
// paths.
func (b *bench) serving(ctx context.Context, data string) error {
	tag, err := topTag(ctx, data, "en")
	if err != nil {
		return err
	}
	addr, err := freePort()
	if err != nil {
		return err
	}
	// The export and the server share the public URL: same bytes.
	cfg, err := b.writeConfig("serve.toml", data, addr, "http://127.0.0.1:1")
	if err != nil {
		return err
	}
	www := filepath.Join(b.dir, "www")
	if _, err := b.runChild(ctx, "export", "-config", cfg, "-dir", www); err != nil {
		return err
	}
	ngx, ngxAddr, err := b.startNginx(ctx, www)
	if err != nil {
		return err
	}
	defer stop(ngx)
	cmd := exec.CommandContext(ctx, b.bin, "serve", "-config", cfg)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	defer stop(cmd)
	if err := waitOK("http://" + addr + "/feeds/en.atom"); err != nil {
		return err
	}
	paths := []string{"/feeds/en.atom", "/feeds/en/tags/" + url.PathEscape(tag) + ".json"}
	bare, err := startBare("http://"+addr, paths, false)
	if err != nil {
		return err
	}
	defer bare.close()
	limited, err := startBare("http://"+addr, paths, true)
	if err != nil {
		return err
	}
	defer limited.close()
	for _, p := range paths {
		for _, other := range []string{ngxAddr, bare.addr, limited.addr} {
			same, err := sameBytes("http://"+addr+p, "http://"+other+p)
			if err != nil {
				return err
			}
			if !same {
				return fmt.Errorf("%s: sanafeed and %s answer different bytes", p, other)
			}
		}
		for _, cond := range []bool{false, true} {
			servers := [4]contender{{addr, pidCPU(cmd.Process.Pid)}, {bare.addr, selfCPU}, {ngxAddr, pidCPU(ngx.Process.Pid)},
				{limited.addr, selfCPU}}
			if err := b.compare(ctx, servers, p, cond); err != nil {
				return err
			}
		}
	}
	return nil
}

// A contender is one of the servers compared: its address and a reading of
// the CPU time it has used so far.
type contender struct {
	addr string
	cpu  func() time.Duration
}

// compare runs wrk on sanafeed, the bare Go control, nginx and the control
// held to serve's limits (servers, in that order) for path, with
// If-None-Match of each one's ETag when cond, and adds the rows. They take turns for b.rounds rounds, sanafeed and
// the control one after the other and in alternating order, so that a
// burst of load from elsewhere on this shared machine falls on both alike;
// the target is on the median of the rounds' sanafeed/control ratios, and
// nginx is the reference. Each server's CPU time per request is reported
// beside: it counts no time spent waiting for a core, so it is the steadier
// figure when the machine is loaded.
func (b *bench) compare(ctx context.Context, servers [4]contender, path string, cond bool) error {
	var hdr [4]string
	if cond {
		for i, sv := range servers {
			etag, err := etagOf("http://" + sv.addr + path)
			if err != nil {
				return err
			}
			hdr[i] = "If-None-Match: " + etag
		}
	}
	var runs [4][]wrkResult
	var ratios, limRatios []float64
	for round := range b.rounds {
		order := []int{0, 1, 3, 2}
		if round%2 == 1 {
			order = []int{2, 3, 1, 0}
		}
		for _, i := range order {
			logf("wrk round %d/%d %s%s %s", round+1, b.rounds, servers[i].addr, path, hdr[i])
			r, err := b.wrk(ctx, "http://"+servers[i].addr+path, hdr[i], servers[i].cpu)
			if err != nil {
				return err
			}
			runs[i] = append(runs[i], r)
		}
		ratios = append(ratios, runs[0][round].rps/runs[1][round].rps)
		limRatios = append(limRatios, runs[0][round].rps/runs[3][round].rps)
	}
	var res [4]wrkResult
	var cpu [4]time.Duration
	for i := range runs {
		res[i] = median(runs[i])
		cpu[i] = medianCPU(runs[i])
	}
	ratio := slices.Sorted(slices.Values(ratios))[len(ratios)/2]
	name := "serve " + path
	if cond {
		name += " (304)"
	}
	b.check(name+" sanafeed vs bare Go", fmt.Sprintf("%.0f/s vs %.0f/s, %.2f× (rounds %s)", res[0].rps, res[1].rps, ratio, times(ratios)),
		"≥ 0.95×", ratio >= 0.95)
	b.add(name+" nginx (reference)", fmt.Sprintf("%.0f/s; sanafeed %.2f×, bare Go %.2f× of it", res[2].rps, res[0].rps/res[2].rps, res[1].rps/res[2].rps), "")
	limRatio := slices.Sorted(slices.Values(limRatios))[len(limRatios)/2]
	b.add(name+" sanafeed vs bare Go with serve's limits (reference)", fmt.Sprintf("%.0f/s vs %.0f/s, %.2f× (rounds %s)",
		res[0].rps, res[3].rps, limRatio, times(limRatios)), "")
	b.add(name+" CPU per request", fmt.Sprintf("sanafeed %s, bare %s (%.2f×), bare with limits %s (%.2f×), nginx %s",
		micros(cpu[0]), micros(cpu[1]), float64(cpu[1])/float64(cpu[0]), micros(cpu[3]), float64(cpu[3])/float64(cpu[0]),
		micros(cpu[2])), "")
	b.add(name+" p99", fmt.Sprintf("sanafeed %s, bare %s, bare with limits %s, nginx %s", res[0].p99, res[1].p99, res[3].p99, res[2].p99), "")
	return nil
}

// micros formats d in microseconds.
func micros(d time.Duration) string {
	return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
}

// medianCPU returns the median CPU time per request of runs.
func medianCPU(runs []wrkResult) time.Duration {
	c := make([]time.Duration, len(runs))
	for i, r := range runs {
		c[i] = r.cpu
	}
	slices.Sort(c)
	return c[len(c)/2]
}

// pidCPU returns a reading of the CPU time the process pid has used, from
// /proc (in clock ticks of 10 ms; 0 when unreadable).
func pidCPU(pid int) func() time.Duration {
	return func() time.Duration {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0
		}
		// The fields after the command name, which is in parentheses:
		// utime and stime are the 14th and 15th of the whole line.
		_, rest, _ := strings.Cut(string(b), ") ")
		f := strings.Fields(rest)
		if len(f) < 13 {
			return 0
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		return time.Duration(ut+st) * 10 * time.Millisecond
	}
}

// selfCPU returns the CPU time this process has used: the bare control's,
// which serves from here, and little else while wrk runs.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// median returns the run with the median requests/s.
func median(runs []wrkResult) wrkResult {
	s := slices.Clone(runs)
	slices.SortFunc(s, func(a, b wrkResult) int { return cmp.Compare(a.rps, b.rps) })
	return s[len(s)/2]
}

// A wrkResult is one wrk run's throughput, 99th percentile latency and
// the server's CPU time per request.
type wrkResult struct {
	rps float64
	p99 string
	cpu time.Duration
}

var (
	reqsRe = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	doneRe = regexp.MustCompile(`(\d+) requests in`)
	p99Re  = regexp.MustCompile(`\n\s+99%\s+(\S+)`)
	errRe  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)|Socket errors: .*`)
)

// wrk runs wrk -t2 -c64 --latency on u for the bench's duration; cpu
// reads the server's CPU time, before and after.
func (b *bench) wrk(ctx context.Context, u, header string, cpu func() time.Duration) (wrkResult, error) {
	args := []string{"-t2", "-c64", "-d" + strconv.Itoa(int(b.wrkDur.Seconds())) + "s", "--latency"}
	if header != "" {
		args = append(args, "-H", header)
	}
	cpu0 := cpu()
	out, err := exec.CommandContext(ctx, "wrk", append(args, u)...).CombinedOutput()
	used := cpu() - cpu0
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	m, p, n := reqsRe.FindSubmatch(out), p99Re.FindSubmatch(out), doneRe.FindSubmatch(out)
	if m == nil || p == nil || n == nil {
		return wrkResult{}, fmt.Errorf("wrk output not understood:\n%s", out)
	}
	if e := errRe.Find(out); e != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %s", u, e)
	}
	rps, _ := strconv.ParseFloat(string(m[1]), 64)
	reqs, _ := strconv.ParseInt(string(n[1]), 10, 64)
	return wrkResult{rps: rps, p99: string(p[1]), cpu: used / time.Duration(max(reqs, 1))}, nil
}

// startNginx serves root with nginx on loopback in the foreground, one
// process, no access log, sendfile on, gzip off.
func (b *bench) startNginx(ctx context.Context, root string) (*exec.Cmd, string, error) {
	addr, err := freePort()
	if err != nil {
		return nil, "", err
	}
	pre := filepath.Join(b.dir, "nginx")
	if err := os.MkdirAll(filepath.Join(pre, "logs"), 0o755); err != nil {
		return nil, "", err
	}
	conf := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  gzip off;
  keepalive_requests 1000000;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  types {
    application/atom+xml atom;
    application/rss+xml rss;
    application/feed+json json;
    text/x-opml opml;
    text/html html;
  }
  charset utf-8;
  charset_types application/atom+xml application/rss+xml application/feed+json text/x-opml;
  server {
    listen %[2]s;
    root %[3]s;
    index index.html;
  }
}
`, pre, addr, root)
	cf := filepath.Join(pre, "nginx.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		return nil, "", err
	}
	cmd := exec.CommandContext(ctx, nginxPath(), "-p", pre, "-c", cf, "-e", filepath.Join(pre, "logs", "error.log"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	if err := waitOK("http://" + addr + "/feeds/en.atom"); err != nil {
		stop(cmd)
		return nil, "", fmt.Errorf("nginx: %w", err)
	}
	return cmd, addr, nil
}

// waitOK waits up to 30 s for a 200 from u.
func waitOK(u string) error {
	for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(5 * time.Millisecond) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
	}
	return fmt.Errorf("no 200 from %s within 30s", u)
}

// get fetches u without gzip and returns the body and ETag.
func get(u string) ([]byte, string, error) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, "", fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return body, resp.Header.Get("Etag"), err
}

// sameBytes reports whether u and v answer the same body.
func sameBytes(u, v string) (bool, error) {
	a, _, err := get(u)
	if err != nil {
		return false, err
	}
	c, _, err := get(v)
	return err == nil && string(a) == string(c), err
}

// etagOf returns the ETag u answers with.
func etagOf(u string) (string, error) {
	_, etag, err := get(u)
	if err == nil && strings.TrimSpace(etag) == "" {
		err = fmt.Errorf("%s: no ETag", u)
	}
	return etag, err
}
