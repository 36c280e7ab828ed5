package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
)

// serve never shows the secrets a webhook's or a WebSub callback's URL
// carries (query, userinfo): not in its log, not in /metrics, which it
// serves on metrics_listen alone (the public listener neither serves nor
// links it), and `sanafeed webhooks` shows them neither. Before, /metrics
// on the public listener labelled webhook series by URL, and the logs
// printed webhook URLs and WebSub callbacks whole.
func TestServeHidesURLSecrets(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	failing := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, "down for maintenance", http.StatusInternalServerError)
	}))
	defer failing.Close()
	closed := closedAddr(t)
	hookURL := failing.URL + "/hook?token=s3cret"
	downURL := "http://user:pa55word@" + closed + "/hook"
	text, err := os.ReadFile(w.config)
	testkit.Check(t, err)
	testkit.Check(t, os.WriteFile(w.config, append([]byte("metrics_listen = \"127.0.0.1:0\"\n"), text...), 0o644))
	s := serveWorld(t, w, fmt.Sprintf("\n[websub]\nallow_callbacks = [\"127.0.0.1/32\"]\n"+
		"\n[[webhook]]\nurl = %q\nname = \"sana-hooks\"\nsecret = %q\n"+
		"\n[[webhook]]\nurl = %q\nsecret = %q\n", hookURL, testSecret, downURL, testSecret))

	// A subscriber whose callback cannot be reached: the hub logs it. (The
	// hub takes no callback with userinfo, and loopback ones only when
	// allowed.)
	callback := "http://" + closed + "/cb?token=s3cret"
	form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {"http://feeds.test/feeds/en.atom"}, "hub.callback": {callback}}
	resp, err := http.PostForm("http://"+s.addr+"/websub", form)
	testkit.Check(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("subscribe: %d, want 202", resp.StatusCode)
	}
	testkit.WaitFor(t, "the hub to log the unverified subscription and both webhooks to fail", func() bool {
		logs := s.logs.String()
		return strings.Contains(logs, "intent not verified") &&
			strings.Contains(logs, `"webhook":"sana-hooks"`) && strings.Contains(logs, `"webhook":"`+sanafeed.WebhookID(downURL)+`"`)
	})

	if code, _ := httpGet(t, "http://"+s.addr+"/metrics"); code != http.StatusNotFound {
		t.Errorf("GET /metrics on listen = %d, want 404 with metrics_listen set", code)
	}
	if _, body := httpGet(t, "http://"+s.addr+"/"); bytes.Contains(body, []byte("/metrics")) {
		t.Error("the index links /metrics, which listen does not serve")
	}
	code, metrics := httpGet(t, "http://"+s.metrics+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics on metrics_listen = %d", code)
	}
	for _, want := range []string{`endpoint="sana-hooks"`, `endpoint="` + sanafeed.WebhookID(downURL) + `"`} {
		if !bytes.Contains(metrics, []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	s.stop() // `sanafeed webhooks` opens the store
	var out, errOut bytes.Buffer
	if code := run([]string{"webhooks", "-config", w.config}, &out, &errOut); code != 0 {
		t.Fatalf("webhooks exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "sana-hooks") || !strings.Contains(out.String(), failing.URL+"/hook?…") {
		t.Errorf("`sanafeed webhooks` does not show the endpoint by name and redacted URL:\n%s", out.String())
	}
	for what, text := range map[string]string{"the log": s.logs.String(), "/metrics": string(metrics), "`sanafeed webhooks`": out.String()} {
		for _, secret := range []string{"s3cret", "pa55word"} {
			if strings.Contains(text, secret) {
				t.Errorf("%s shows %q:\n%s", what, secret, text)
			}
		}
	}
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	testkit.Check(t, err)
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
