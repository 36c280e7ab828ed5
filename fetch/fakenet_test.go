package fetch_test

import (
	"net/http"

	"github.com/sanafeed/sanafeed/fetch"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// A fakeNet answers a request to each host with that host's handler, in
// the requesting goroutine and without a socket (a testkit.Network).
// Inside a synctest bubble, where a real socket is not durably blocking,
// every wait of a Client using it is then on the bubble's fake clock.
type fakeNet map[string]http.Handler

// RoundTrip implements http.RoundTripper.
func (n fakeNet) RoundTrip(req *http.Request) (*http.Response, error) {
	var net testkit.Network
	for host, h := range n {
		net.Handle(host, h)
	}
	return net.RoundTrip(req)
}

// A roundTripFunc is an http.RoundTripper for a test that builds its
// responses itself.
type roundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip implements http.RoundTripper.
func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// fakeClient returns a client like newClient whose requests rt answers.
func fakeClient(rt http.RoundTripper) *fetch.Client {
	c := newClient()
	c.HTTP = &http.Client{Transport: rt}
	return c
}
