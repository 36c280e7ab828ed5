package websub_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHubForm sends the hub's handler arbitrary subscription requests: a
// method, a Content-Type and a body. It must never panic, and must always
// answer one of the statuses it documents, in plain text, accepting
// (202) only a subscribe or unsubscribe request with a callback it may
// call.
//
// Run it longer with: go test -run '^$' -fuzz '^FuzzHubForm$' -fuzztime 10m ./websub
func FuzzHubForm(f *testing.F) {
	const form = "application/x-www-form-urlencoded"
	valid := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {enAtom}, "hub.callback": {"http://sub.test/cb?id=1"},
		"hub.lease_seconds": {"3600"}, "hub.secret": {"s3cret"}}.Encode()
	seeds := []struct{ method, ctype, body string }{
		{"POST", form, valid},
		{"POST", form, "hub.mode=unsubscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http%3A%2F%2Fsub.test%2F"},
		{"POST", form + "; charset=utf-8", "hub.mode=subscribe&hub.topic=http%3A%2F%2Ffeeds.test%2Ffeeds%2F%2565n.atom&hub.callback=https%3A%2F%2Fsub.test%3A8443%2Fcb"},
		{"POST", form, "hub.mode=subscribe&hub.topic=HTTP://FEEDS.TEST:80/feeds/./en.atom&hub.callback=http://sub.test/"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(frJSON) + "&hub.callback=http://127.0.0.1:8080/admin"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://admin:hunter2@sub.test/"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://[::1%25eth0]:80/"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://0x7f.1/&hub.callback=http://sub.test/"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://sub.test/%zz"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://sub.test/%0d%0aX:%20y"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://sub.test/#frag"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://sub.test/&hub.lease_seconds=99999999999999999999999"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://sub.test/&hub.lease_seconds=-1"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://sub.test/&hub.secret=" + strings.Repeat("x", 300)},
		{"POST", form, "hub.mode=subscribe&hub.topic=http://feeds.test/feeds/../../etc/passwd&hub.callback=http://sub.test/"},
		{"POST", form, "hub.mode=subscribe&hub.topic=javascript:alert(1)&hub.callback=gopher://sub.test/"},
		{"POST", form, "hub.mode=publish&hub.url=" + url.QueryEscape(enAtom)},
		{"POST", form, "hub.mode=%zz&hub.topic"},
		{"POST", form, "hub.mode=subscribe;hub.topic=x;hub.callback=y"},
		{"POST", form, "hub.mode=subscribe&hub.topic=" + url.QueryEscape(enAtom) + "&hub.callback=http://sub.test/" + strings.Repeat("a", 20<<10)},
		{"POST", form, "\x00\xff&=&==&hub.mode=\x00"},
		{"POST", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"hub.mode\"\r\n\r\nsubscribe\r\n--x--\r\n"},
		{"POST", "application/json", `{"hub.mode":"subscribe"}`},
		{"POST", "", valid},
		{"POST", "text/plain; charset=\"", valid},
		{"PUT", form, valid},
		{"GET", "", ""},
		{"DELETE", form, valid},
	}
	for _, s := range seeds {
		f.Add(s.method, s.ctype, s.body)
	}
	f.Fuzz(func(t *testing.T, method, ctype, body string) {
		req, err := http.NewRequest(method, "http://hub.test/websub", strings.NewReader(body))
		if err != nil {
			return // not a request a server would pass on
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		ht := newHub(t) // not run: requests wait, none is verified
		w := httptest.NewRecorder()
		ht.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusAccepted, http.StatusBadRequest, http.StatusMethodNotAllowed,
			http.StatusTooManyRequests, http.StatusServiceUnavailable:
		default:
			t.Fatalf("%s %q %q: status %d %q", method, ctype, body, w.Code, w.Body)
		}
		if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" || w.Body.Len() == 0 {
			t.Fatalf("answer %q of %d bytes, want a plain-text reason", ct, w.Body.Len())
		}
		if w.Code != http.StatusAccepted {
			return
		}
		mode, cb := req.PostForm.Get("hub.mode"), req.PostForm.Get("hub.callback")
		u, err := url.Parse(cb)
		if mode != "subscribe" && mode != "unsubscribe" || err != nil || u.User != nil || u.Host == "" {
			t.Fatalf("accepted mode %q, callback %q", mode, cb)
		}
	})
}
