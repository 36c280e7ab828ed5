package server

import (
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"

	"github.com/sanafeed/sanafeed/config"
)

// Fixed limits of the HTTP server, beside the [server] table's.
const (
	HeaderTimeout  = 10 * time.Second // a request's header must arrive within it (or read_timeout, if shorter)
	IdleTimeout    = 2 * time.Minute  // a kept-alive connection with no request is closed after it
	MaxHeaderBytes = 64 << 10         // request line and header; net/http's default is 1 MiB per connection
)

// NewHTTPServer returns an HTTP server of h held to the [server] limits
// (docs/security.md), for serve and for the benchmark's control that
// measures what they cost: a request's header and body must arrive within
// read_timeout (the header within 10 s at most), its response be sent
// within write_timeout. net/http's own errors go to log.
func NewHTTPServer(s config.Server, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: min(HeaderTimeout, s.ReadTimeout.Duration),
		ReadTimeout:       s.ReadTimeout.Duration,
		WriteTimeout:      s.WriteTimeout.Duration,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// LimitListener returns ln accepting at most s.MaxConnections connections
// at once; more wait in the kernel's accept queue, holding no file
// descriptor of ours, until one closes. Without it, every slow or idle
// client costs a descriptor, and enough of them leave none for anyone.
func LimitListener(ln net.Listener, s config.Server) net.Listener {
	return netutil.LimitListener(ln, s.MaxConnections)
}
