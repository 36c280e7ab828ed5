package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
	"github.com/sanafeed/sanafeed/replica"
)

// startDemo starts the replica of SANA on loopback, points cfg's sources
// at it and, unless the config names one, keeps data in a temporary
// directory. The replica moves forward every advance. The returned func
// stops it; wg tracks its goroutines.
func startDemo(ctx context.Context, cfg *config.Config, advance time.Duration, wg *sync.WaitGroup, stdout io.Writer) (func(), error) {
	site := replica.New(replica.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo replica: %w", err)
	}
	hs := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	wg.Go(func() { hs.Serve(ln) })
	root := "http://" + ln.Addr().String()
	cfg.Sources = cfg.Sources[:0]
	for _, e := range sanafeed.Editions {
		cfg.Sources = append(cfg.Sources, config.Source{Lang: e.Lang, URL: root + e.Path,
			Interval: config.Duration{Duration: 30 * time.Second}})
	}
	zero := config.Duration{}
	cfg.Poll.CrawlDelay = &zero
	var tmp string
	if cfg.DataDir == config.Default().DataDir {
		tmp, err = os.MkdirTemp("", "sanafeed-demo-")
		if err != nil {
			return nil, err
		}
		cfg.DataDir = tmp
	}
	fmt.Fprintf(stdout, "sanafeed: demo replica of SANA at %s (data in %s)\n", root, cfg.DataDir)
	stop := make(chan struct{})
	if advance > 0 {
		wg.Go(func() {
			t := time.NewTicker(advance)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-stop:
					return
				case <-t.C:
					site.Advance()
				}
			}
		})
	}
	return func() {
		close(stop)
		hs.Close()
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}, nil
}
