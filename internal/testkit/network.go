package testkit

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
)

// A Network is an internet in memory: an http.RoundTripper that serves
// each request with the handler registered for its host, in the calling
// goroutine. Code that talks HTTP through a Network's Client does no real
// I/O, so a test can run it whole inside a testing/synctest bubble:
// synctest.Wait returns only once every request it was going to make has
// been answered, and timeouts run on the bubble's clock. Use httptest
// servers instead where the real transport is what is tested.
//
// The zero Network has no hosts. Its methods are safe for concurrent use.
type Network struct {
	mu    sync.Mutex
	hosts map[string]http.Handler
}

// Handle serves host's requests with h (replacing any handler of host)
// and returns the base URL "http://" + host.
func (n *Network) Handle(host string, h http.Handler) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.hosts == nil {
		n.hosts = map[string]http.Handler{}
	}
	n.hosts[host] = h
	return "http://" + host
}

// Client returns a client whose requests go to n.
func (n *Network) Client() *http.Client { return &http.Client{Transport: n} }

// RoundTrip serves r with the handler of its host as a server would: the
// handler sees a server request whose context is r's. It returns an error
// for a host with no handler (as a refused connection), and r's context
// error when that ended before the handler returned: an answer that comes
// too late is lost, as over a network.
func (n *Network) RoundTrip(r *http.Request) (*http.Response, error) {
	n.mu.Lock()
	h := n.hosts[r.URL.Host]
	n.mu.Unlock()
	if r.Body != nil {
		defer r.Body.Close()
	}
	if h == nil {
		return nil, fmt.Errorf("testkit: dial %s: connection refused", r.URL.Host)
	}
	sr := r.Clone(r.Context())
	sr.RequestURI = r.URL.RequestURI()
	if sr.Host == "" {
		sr.Host = r.URL.Host // a server request always names its host
	}
	sr.RemoteAddr = "192.0.2.1:1234"
	if sr.Body == nil {
		sr.Body = http.NoBody
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, sr)
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	resp := w.Result()
	resp.Request = r
	return resp, nil
}
