package websub_test

import (
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
)

func TestTopicAliases(t *testing.T) {
	// Spellings of one feed's URL are one topic: a subscription through
	// any of them renews the same subscription, stored under the feed's
	// own URL.
	synctest.Test(t, func(t *testing.T) {
		ht := newHub(t)
		run(t, ht)
		sub := ht.subscriber("sub.test")
		for _, topic := range []string{
			enAtom,
			"http://feeds.test/feeds/%65n.atom",
			"HTTP://FEEDS.test:80/feeds/./en.atom",
			"http://feeds.test/feeds/x/../en.atom",
			"http://feeds.test//feeds/en.atom",
		} {
			form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {sub.url}}
			if code, body := ht.post(t, form); code != http.StatusAccepted {
				t.Errorf("subscribe to %s = %d %q, want 202", topic, code, body)
			}
			synctest.Wait()
		}
		subs, _ := ht.st.Subscriptions(t.Context(), "")
		if len(subs) != 1 || subs[0].Topic != enAtom {
			var topics []string
			for _, s := range subs {
				topics = append(topics, s.Topic)
			}
			t.Errorf("stored topics %q, want one: %s", topics, enAtom)
		}
		// Not feeds of this server, however spelt.
		for _, topic := range []string{
			"http://feeds.test:8080/feeds/en.atom",
			"https://feeds.test/feeds/en.atom",
			"http://feeds.test/feeds/en.atom?x=1",
			"http://user@feeds.test/feeds/en.atom",
			"http://feeds.test/feeds/de.atom",
			"http://feeds.test/feeds/../en.atom",
		} {
			form := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topic}, "hub.callback": {sub.url}}
			if code, body := ht.post(t, form); code != http.StatusBadRequest {
				t.Errorf("subscribe to %s = %d %q, want 400", topic, code, body)
			}
		}
	})
}
