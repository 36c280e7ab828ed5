package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed/replica"
)

// The freshness day's replica runs in a process of its own, so that the
// times it notes requests arriving at are not held up by sanafeed's
// goroutines in this one: at 144× a 10 ms wait for the Go scheduler is
// 1.4 s of the site's time, a third of the gap measured.
//
// sanabench started with replicaEnv set ("START_UNIXNANO CRAWL_DELAY_S")
// is that process: it serves a replica from that start on loopback,
// prints "URL <base>", then reads commands on stdin, one a line:
//
//	P <lang> <unixnano>        publish at that site time; answers "ID <post id>"
//	E <lang> <id> <unixnano>   edit at that site time; answers "OK"
//	Q                          answers the arrival of every request, "R <real unixnano>"
//	                           a line, then "END", and exits
//
// and answers "ERR <message>" to a command it cannot do.
const replicaEnv = "SANABENCH_REPLICA"

// replicaChild is the replica process; it returns the exit code.
func replicaChild(spec string, in io.Reader, out io.Writer) int {
	var start int64
	var delay int
	if _, err := fmt.Sscan(spec, &start, &delay); err != nil {
		fmt.Fprintln(os.Stderr, "sanabench replica:", err)
		return 2
	}
	site := replica.New(replica.Options{Start: time.Unix(0, start), CrawlDelay: delay})
	var mu sync.Mutex // guards arrivals
	var arrivals []int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sanabench replica:", err)
		return 1
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now().UnixNano()
		mu.Lock()
		arrivals = append(arrivals, now)
		mu.Unlock()
		site.ServeHTTP(w, r)
	}))
	bw := bufio.NewWriter(out)
	fmt.Fprintf(bw, "URL http://%s\n", ln.Addr())
	bw.Flush()
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 3 && f[0] == "P":
			at, _ := strconv.ParseInt(f[2], 10, 64)
			if e, ok := site.PublishAt(f[1], time.Unix(0, at)); ok {
				fmt.Fprintf(bw, "ID %d\n", e.PostID)
			} else {
				fmt.Fprintf(bw, "ERR no edition %s\n", f[1])
			}
		case len(f) == 4 && f[0] == "E":
			id, _ := strconv.ParseInt(f[2], 10, 64)
			at, _ := strconv.ParseInt(f[3], 10, 64)
			if _, ok := site.Edit(f[1], id, time.Unix(0, at)); ok {
				fmt.Fprintln(bw, "OK")
			} else {
				fmt.Fprintf(bw, "ERR no %s post %d\n", f[1], id)
			}
		case len(f) == 1 && f[0] == "Q":
			mu.Lock()
			for _, a := range arrivals {
				fmt.Fprintf(bw, "R %d\n", a)
			}
			mu.Unlock()
			fmt.Fprintln(bw, "END")
			bw.Flush()
			return 0
		default:
			fmt.Fprintf(bw, "ERR bad command %q\n", sc.Text())
		}
		bw.Flush()
	}
	return 0
}

// A replicaProc is the replica process, seen from the bench.
type replicaProc struct {
	url string
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

// startReplica starts the replica process with its clock at start and
// robots.txt's Crawl-delay.
func startReplica(start time.Time, delay time.Duration) (*replicaProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d %d", replicaEnv, start.UnixNano(), int(delay/time.Second)))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &replicaProc{cmd: cmd, in: in, out: bufio.NewScanner(outPipe)}
	line, err := p.read()
	if err != nil {
		p.close()
		return nil, err
	}
	p.url = strings.TrimPrefix(line, "URL ")
	return p, nil
}

// read returns the process's next line, or an error for "ERR" or its end.
func (p *replicaProc) read() (string, error) {
	if !p.out.Scan() {
		return "", fmt.Errorf("replica process: ended (%v)", p.out.Err())
	}
	line := p.out.Text()
	if m, ok := strings.CutPrefix(line, "ERR "); ok {
		return "", fmt.Errorf("replica process: %s", m)
	}
	return line, nil
}

// publish publishes an article in lang at the site's time at and returns
// its post id.
func (p *replicaProc) publish(lang string, at time.Time) (int64, error) {
	fmt.Fprintf(p.in, "P %s %d\n", lang, at.UnixNano())
	line, err := p.read()
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimPrefix(line, "ID "), 10, 64)
}

// edit edits the post id of lang at the site's time at.
func (p *replicaProc) edit(lang string, id int64, at time.Time) error {
	fmt.Fprintf(p.in, "E %s %d %d\n", lang, id, at.UnixNano())
	_, err := p.read()
	return err
}

// arrivals ends the process and returns when each request arrived (real
// time), in order.
func (p *replicaProc) arrivals() ([]time.Time, error) {
	fmt.Fprintln(p.in, "Q")
	var out []time.Time
	for {
		line, err := p.read()
		if err != nil {
			return nil, err
		}
		if line == "END" {
			break
		}
		n, err := strconv.ParseInt(strings.TrimPrefix(line, "R "), 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, time.Unix(0, n))
	}
	return out, p.cmd.Wait()
}

// close ends the process, if still running.
func (p *replicaProc) close() {
	p.in.Close()
	p.cmd.Process.Kill()
	p.cmd.Wait()
}
