package fetch_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/sanafeed/sanafeed/fetch"
)

// A fakeNet answers a request to each host with that host's handler, in
// the requesting goroutine and without a socket. Inside a synctest bubble,
// where a real socket is not durably blocking, every wait of a Client using
// it is then on the bubble's fake clock.
type fakeNet map[string]http.Handler

// RoundTrip implements http.RoundTripper. A handler that returns after the
// request's context ended (it gave up waiting) makes RoundTrip fail with
// the context's error, as a server that never answered would.
func (n fakeNet) RoundTrip(req *http.Request) (*http.Response, error) {
	h, ok := n[req.URL.Host]
	if !ok {
		return nil, fmt.Errorf("fake net: no host %s", req.URL.Host)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
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
