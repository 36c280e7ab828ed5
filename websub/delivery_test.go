package websub_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sanafeed/sanafeed/websub"
)

// doc returns a feed document in topic's format (by its extension) with
// one entry per "id title" pair.
func doc(topic string, entries ...string) string {
	var b strings.Builder
	switch {
	case strings.HasSuffix(topic, ".atom"):
		b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n  <title>SANA</title>\n  <id>tag:feeds</id>\n")
		for _, e := range entries {
			id, title, _ := strings.Cut(e, " ")
			fmt.Fprintf(&b, "  <entry>\n    <id>%s</id>\n    <title>%s</title>\n  </entry>\n", id, title)
		}
		b.WriteString("</feed>\n")
	case strings.HasSuffix(topic, ".rss"):
		b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n  <channel>\n    <title>SANA</title>\n")
		for _, e := range entries {
			id, title, _ := strings.Cut(e, " ")
			fmt.Fprintf(&b, "    <item>\n      <guid>%s</guid>\n      <title>%s</title>\n    </item>\n", id, title)
		}
		b.WriteString("  </channel>\n</rss>\n")
	default:
		b.WriteString("{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": \"SANA\",\n  \"items\": [")
		for i, e := range entries {
			id, title, _ := strings.Cut(e, " ")
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "\n    {\n      \"id\": %q,\n      \"title\": %q\n    }", id, title)
		}
		b.WriteString("\n  ],\n  \"language\": \"en\"\n}\n")
	}
	return b.String()
}

// entries returns the feed title and the "id title" pairs of a document
// doc wrote, failing the test when it is not one.
func entries(t *testing.T, topic, body string) (string, []string) {
	t.Helper()
	var f struct {
		Title   string `xml:"title" json:"title"`
		Channel struct {
			Title string `xml:"title"`
			Items []struct {
				ID    string `xml:"guid"`
				Title string `xml:"title"`
			} `xml:"item"`
		} `xml:"channel"`
		Entries []struct {
			ID    string `xml:"id" json:"id"`
			Title string `xml:"title" json:"title"`
		} `xml:"entry" json:"items"`
		Lang string `json:"language"`
	}
	var err error
	if strings.HasSuffix(topic, ".json") {
		err = json.Unmarshal([]byte(body), &f)
		if f.Lang != "en" {
			t.Errorf("JSON feed %q lost its language", body)
		}
	} else {
		err = xml.Unmarshal([]byte(body), &f)
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", topic, err, body)
	}
	var out []string
	for _, e := range f.Entries {
		out = append(out, e.ID+" "+e.Title)
	}
	for _, e := range f.Channel.Items {
		out = append(out, e.ID+" "+e.Title)
	}
	return f.Title + f.Channel.Title, out
}

func TestDeliversOnlyNewEntries(t *testing.T) {
	for _, topic := range []string{enAtom, arRSS, frJSON} {
		t.Run(topic[strings.LastIndexByte(topic, '/')+1:], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ht := newHub(t)
				run(t, ht)
				sub := ht.subscriber("sub.test")
				ht.fs.set(topic, doc(topic, "1 one", "2 two"))
				ht.subscribe(t, topic, sub.url, "hub.secret", "k")

				// A new entry and an updated one: those two are sent.
				ht.fs.set(topic, doc(topic, "3 three", "1 one", "2 two, updated"))
				ht.Publish(t.Context())
				sub.wait(t)
				d := sub.deliveries()[0]
				title, got := entries(t, topic, d.body)
				if want := []string{"3 three", "2 two, updated"}; title != "SANA" || !slices.Equal(got, want) {
					t.Errorf("delivered %q with entries %q, want the feed SANA with only %q", title, got, want)
				}
				if d.header.Get("X-Hub-Signature") != websub.Sign("k", []byte(d.body)) {
					t.Error("the signature is not of the body sent")
				}
				synctest.Wait()
				if s, _ := ht.st.get(topic, sub.url); s.Sent != mustHash(t, ht.fs, topic) {
					t.Error("the delivery was not recorded as sent")
				}

				// An entry dropped, none new: nothing to send, and the
				// subscriber is up to date.
				ht.fs.set(topic, doc(topic, "3 three", "1 one"))
				ht.Publish(t.Context())
				synctest.Wait()
				if n := len(sub.deliveries()); n != 1 {
					t.Errorf("%d deliveries, want none for a change without new entries", n-1)
				}
				if s, _ := ht.st.get(topic, sub.url); s.Sent != mustHash(t, ht.fs, topic) {
					t.Error("a change without new entries left the subscriber behind")
				}
			})
		})
	}
}
func TestDeliveryRatePerHost(t *testing.T) {
	// Deliveries to one callback host are spaced (2 a second by default);
	// another host does not wait for them.
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		sub, other := ht.subscriber("sub.test"), ht.subscriber("other.test")
		for i := range 4 {
			ht.subscribe(t, enAtom, fmt.Sprintf("%s/%d", sub.url, i))
		}
		ht.subscribe(t, enAtom, other.url)
		start := time.Now()
		ht.fs.set(enAtom, "<feed>two</feed>")
		ht.Publish(t.Context())
		for range 4 {
			sub.wait(t)
		}
		other.wait(t)
		var at []time.Duration
		for _, d := range sub.deliveries() {
			at = append(at, d.at.Sub(start))
		}
		slices.Sort(at)
		if at[3]-at[0] < time.Second {
			t.Errorf("deliveries to sub.test at %v after the change, want at most 2 a second", at)
		}
		if d := other.deliveries()[0].at.Sub(start); d != 0 {
			t.Errorf("the delivery to other.test waited %v for those to sub.test", d)
		}
	})
}
