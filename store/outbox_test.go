package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/internal/testkit"
	"github.com/sanafeed/sanafeed/store"
)

// Four endpoints with different filters.
var (
	epAll     = sanafeed.Endpoint{URL: "https://hooks.example/all"}
	epArabic  = sanafeed.Endpoint{URL: "https://hooks.example/ar", Langs: []string{"ar"}}
	epDamasc  = sanafeed.Endpoint{URL: "https://hooks.example/damascus", Tags: []string{"damascus"}}
	epUpdates = sanafeed.Endpoint{URL: "https://hooks.example/updates", Events: []string{sanafeed.EventUpdated}}
)

// setWebhooks configures eps on db.
func setWebhooks(t testing.TB, db *store.DB, eps ...sanafeed.Endpoint) {
	t.Helper()
	testkit.Check(t, db.SetWebhooks(t.Context(), eps))
}

// drain returns "type lang/postid" for each delivery due now to the
// endpoint at url, in queue order, and marks them delivered.
func drain(t testing.TB, db *store.DB, clk *clock, url string) []string {
	t.Helper()
	ds, err := db.DueDeliveries(t.Context(), sanafeed.WebhookID(url), clk.t, 0)
	testkit.Check(t, err)
	out := []string{}
	for _, d := range ds {
		ev := decodeEvent(t, d)
		out = append(out, d.Type+" "+strings.TrimPrefix(ev.Data.ID, "tag:sana.sy,2025:"))
		testkit.Check(t, db.MarkDelivered(t.Context(), d.Key))
	}
	return out
}

// decodeEvent decodes and checks the body of d.
func decodeEvent(t testing.TB, d sanafeed.Delivery) sanafeed.Event {
	t.Helper()
	var ev sanafeed.Event
	testkit.Check(t, json.Unmarshal(d.Body, &ev))
	if ev.Type != d.Type || !strings.HasPrefix(d.MsgID, "msg_") || len(d.MsgID) != 30 {
		t.Errorf("delivery %s: type %q in body, %q queued; msg id %q", d.Key, ev.Type, d.Type, d.MsgID)
	}
	if ev.Data.Tags == nil || ev.Data.Translations == nil || ev.Data.URL == "" || ev.Timestamp.IsZero() {
		t.Errorf("delivery %s: incomplete body %s", d.Key, d.Body)
	}
	return ev
}

// expect fails the test unless each endpoint's due deliveries are want.
func expect(t testing.TB, db *store.DB, clk *clock, step string, want map[string][]string) {
	t.Helper()
	for _, ep := range []sanafeed.Endpoint{epAll, epArabic, epDamasc, epUpdates} {
		w := want[ep.URL]
		if w == nil {
			w = []string{}
		}
		if got := drain(t, db, clk, ep.URL); !slices.Equal(got, w) {
			t.Errorf("%s: %s got %q, want %q", step, ep.URL, got, w)
		}
	}
}

func TestOutboxArticleEvents(t *testing.T) {
	db, clk := mustOpen(t)
	setWebhooks(t, db, epAll, epArabic, epDamasc, epUpdates)
	en, ar := article("en", 1, 0, "syria"), article("ar", 2, 1, "damascus")
	testkit.Put(t, db, en, ar)
	expect(t, db, clk, "created", map[string][]string{
		epAll.URL:    {"article.created en/1", "article.created ar/2"},
		epArabic.URL: {"article.created ar/2"},
		epDamasc.URL: {"article.created ar/2"},
	})

	testkit.Put(t, db, en, ar)
	expect(t, db, clk, "re-poll", nil)

	enPage := page(en) // now tagged damascus too
	if ch := testkit.Put(t, db, enPage); ch[0].Kind != sanafeed.Updated {
		t.Fatalf("first page read: %v, want updated in the store", ch[0].Kind)
	}
	expect(t, db, clk, "first page read", nil)
	testkit.Put(t, db, enPage, en)
	expect(t, db, clk, "page and feed again", nil)

	edited := enPage
	edited.Title = "Story en 1, corrected"
	testkit.Put(t, db, edited)
	updated := []string{"article.updated en/1"}
	expect(t, db, clk, "title edit", map[string][]string{epAll.URL: updated, epDamasc.URL: updated, epUpdates.URL: updated})

	spaced := edited
	spaced.Title = "Story  en 1,\ncorrected"
	testkit.Put(t, db, spaced)
	expect(t, db, clk, "white space in title", nil)

	edited.Modified = t0.Add(time.Hour)
	testkit.Put(t, db, edited)
	expect(t, db, clk, "first modified time", nil)
	edited.Modified = t0.Add(2 * time.Hour)
	testkit.Put(t, db, edited)
	expect(t, db, clk, "modified advanced", map[string][]string{epAll.URL: updated, epDamasc.URL: updated, epUpdates.URL: updated})

	edited.Content = "<p>DAMASCUS, Feb. 9 (SANA) – The whole story, with a new paragraph.</p>"
	testkit.Put(t, db, edited)
	expect(t, db, clk, "content edit", map[string][]string{epAll.URL: updated, epDamasc.URL: updated, epUpdates.URL: updated})

	arPage := page(ar)
	arPage.Content = "<p>نص كامل</p>"
	testkit.Put(t, db, arPage, ar)
	expect(t, db, clk, "ar first page read", nil)
}

func TestOutboxTranslationLinked(t *testing.T) {
	db, clk := mustOpen(t)
	setWebhooks(t, db, epAll, epArabic, epDamasc, epUpdates)
	ctx := t.Context()
	testkit.Put(t, db, article("en", 1, 0), article("ar", 1, 1), article("fr", 1, 2))
	drain(t, db, clk, epAll.URL)
	drain(t, db, clk, epArabic.URL)

	linked := func(keys ...string) []string {
		for i, k := range keys {
			keys[i] = "article.translation_linked " + k
		}
		return keys
	}
	_, err := db.SetClusters(ctx, map[string]string{"en/1": "c1", "ar/1": "c1"})
	testkit.Check(t, err)
	ds, err := db.DueDeliveries(ctx, sanafeed.WebhookID(epArabic.URL), clk.t, 0)
	testkit.Check(t, err)
	if len(ds) != 1 {
		t.Fatalf("ar endpoint: %d deliveries after linking, want 1", len(ds))
	}
	if tr := decodeEvent(t, ds[0]).Data.Translations; len(tr) != 1 || tr[0].Lang != "en" || tr[0].ID != sanafeed.ArticleID("en", 1) || tr[0].URL == "" {
		t.Errorf("ar/1 translations in the event = %+v, want en/1", tr)
	}
	expect(t, db, clk, "link en ar", map[string][]string{
		epAll.URL: linked("ar/1", "en/1"), epArabic.URL: linked("ar/1"),
	})

	_, err = db.SetClusters(ctx, map[string]string{"fr/1": "c1"})
	testkit.Check(t, err)
	expect(t, db, clk, "add fr", map[string][]string{
		epAll.URL: linked("ar/1", "en/1", "fr/1"), epArabic.URL: linked("ar/1"),
	})

	_, err = db.SetClusters(ctx, map[string]string{"fr/1": "c1", "en/1": "c1"})
	testkit.Check(t, err)
	expect(t, db, clk, "no-op", nil)

	_, err = db.SetClusters(ctx, map[string]string{"fr/1": ""})
	testkit.Check(t, err)
	expect(t, db, clk, "fr leaves", map[string][]string{
		epAll.URL: linked("ar/1", "en/1"), epArabic.URL: linked("ar/1"),
	})

	_, err = db.SetClusters(ctx, map[string]string{"en/1": "c2"})
	testkit.Check(t, err)
	expect(t, db, clk, "en leaves: nobody has translations", nil)
	checkIndexes(t, db)
}

func TestOutboxRetryAndStats(t *testing.T) {
	db, clk := mustOpen(t)
	setWebhooks(t, db, epAll)
	ctx, id := t.Context(), sanafeed.WebhookID(epAll.URL)
	testkit.Put(t, db, article("en", 1, 0))
	ds, err := db.DueDeliveries(ctx, id, clk.t, 10)
	testkit.Check(t, err)
	if len(ds) != 1 || ds[0].Endpoint != id || ds[0].Attempts != 0 {
		t.Fatalf("DueDeliveries = %+v, want one fresh delivery", ds)
	}
	first := ds[0]
	next := clk.t.Add(5 * time.Second)
	testkit.Check(t, db.MarkFailed(ctx, first.Key, 500, "500 Internal Server Error: boom", next, false))
	if ds, _ := db.DueDeliveries(ctx, id, clk.t, 10); len(ds) != 0 {
		t.Errorf("DueDeliveries right after a failure = %d, want none", len(ds))
	}
	for _, ep := range []string{"", id} {
		if got, err := db.NextDue(ctx, ep, clk.t); err != nil || !got.Equal(next) {
			t.Errorf("NextDue(%q) = %v, %v; want %v", ep, got, err, next)
		}
	}
	clk.advance(5 * time.Second)
	ds, err = db.DueDeliveries(ctx, id, clk.t, 10)
	testkit.Check(t, err)
	if len(ds) != 1 || ds[0].MsgID != first.MsgID || string(ds[0].Body) != string(first.Body) || ds[0].Attempts != 1 {
		t.Fatalf("retry = %+v, want the same message after 1 attempt", ds)
	}
	testkit.Check(t, db.MarkFailed(ctx, first.Key, 0, "connection refused", clk.t.Add(time.Hour), true))
	if got, _ := db.NextDue(ctx, "", time.Time{}); !got.IsZero() {
		t.Errorf("NextDue after giving up = %v, want none", got)
	}

	testkit.Put(t, db, article("en", 2, 1))
	ds, err = db.DueDeliveries(ctx, id, clk.t, 10)
	testkit.Check(t, err)
	testkit.Check(t, db.MarkDelivered(ctx, ds[0].Key))
	if err := db.MarkDelivered(ctx, ds[0].Key); !errors.Is(err, sanafeed.ErrNotFound) {
		t.Errorf("second MarkDelivered err = %v, want ErrNotFound", err)
	}
	st, err := db.WebhookStats(ctx)
	testkit.Check(t, err)
	want := sanafeed.EndpointStats{ID: id, URL: epAll.URL, Failed: 1, Delivered: 1, LastError: "connection refused",
		LastErrorAt: clk.t, LastSuccess: clk.t}
	if len(st) != 1 || st[0] != want {
		t.Errorf("WebhookStats = %+v, want %+v", st, want)
	}
}

func TestOutboxOrderAndLimit(t *testing.T) {
	db, clk := mustOpen(t)
	setWebhooks(t, db, epAll)
	ctx, id := t.Context(), sanafeed.WebhookID(epAll.URL)
	for i := range 5 {
		testkit.Put(t, db, article("en", int64(i+1), i))
	}
	ds, err := db.DueDeliveries(ctx, id, clk.t, 0)
	testkit.Check(t, err)
	// The first one fails and is due again later than the others were
	// queued: they still come in queue order once all are due.
	testkit.Check(t, db.MarkFailed(ctx, ds[0].Key, 503, "busy", clk.t.Add(time.Second), false))
	clk.advance(time.Second)
	got, err := db.DueDeliveries(ctx, id, clk.t, 3)
	testkit.Check(t, err)
	var msgs, want []string
	for i := range 3 {
		msgs, want = append(msgs, got[i].MsgID), append(want, ds[i].MsgID)
	}
	if !slices.Equal(msgs, want) || !slices.IsSorted(want) {
		t.Errorf("DueDeliveries(limit 3) = %v, want %v (sorted)", msgs, want)
	}
}

func TestOutboxDisableSurvivesReopen(t *testing.T) {
	p := path(t)
	clk := newClock()
	db := store.New(p)
	db.Now = clk.now
	testkit.Check(t, db.Open())
	setWebhooks(t, db, epAll, epArabic)
	ctx, id := t.Context(), sanafeed.WebhookID(epAll.URL)
	testkit.Put(t, db, article("en", 1, 0), article("en", 2, 1))
	testkit.Check(t, db.DisableEndpoint(ctx, id))
	testkit.Put(t, db, article("en", 3, 2))
	testkit.Check(t, db.Close())

	db = openClock(t, p, clk)
	setWebhooks(t, db, epAll, epArabic) // as on every start
	if ds, _ := db.DueDeliveries(ctx, id, clk.t, 0); len(ds) != 0 {
		t.Errorf("disabled endpoint has %d due deliveries", len(ds))
	}
	st, err := db.WebhookStats(ctx)
	testkit.Check(t, err)
	if len(st) != 2 || !st[0].Disabled || st[0].Pending != 2 || st[1].URL != epArabic.URL {
		t.Fatalf("WebhookStats after reopen = %+v, want the first disabled with 2 pending", st)
	}
	clk.advance(time.Minute)
	testkit.Check(t, db.EnableEndpoint(ctx, id))
	if got := drain(t, db, clk, epAll.URL); !slices.Equal(got, []string{"article.created en/1", "article.created en/2"}) {
		t.Errorf("after EnableEndpoint: %q, want the two queued before DisableEndpoint", got)
	}
}

func TestSetWebhooksRemovesAndKeeps(t *testing.T) {
	db, clk := mustOpen(t)
	ctx := t.Context()
	setWebhooks(t, db, epAll, epArabic)
	testkit.Put(t, db, article("ar", 1, 0))
	setWebhooks(t, db, epArabic)
	testkit.Put(t, db, article("ar", 2, 1))
	st, err := db.WebhookStats(ctx)
	testkit.Check(t, err)
	if len(st) != 1 || st[0].URL != epArabic.URL || st[0].Pending != 2 {
		t.Errorf("WebhookStats = %+v, want only the ar endpoint with 2 pending", st)
	}
	setWebhooks(t, db, epArabic, epAll) // back again: its queue resumes
	if got := drain(t, db, clk, epAll.URL); !slices.Equal(got, []string{"article.created ar/1"}) {
		t.Errorf("re-added endpoint: %q, want only the event queued while configured", got)
	}
	if err := db.SetWebhooks(ctx, []sanafeed.Endpoint{epAll, epAll}); err == nil {
		t.Error("SetWebhooks with a duplicate URL succeeded")
	}
	if err := db.SetWebhooks(ctx, []sanafeed.Endpoint{{}}); err == nil {
		t.Error("SetWebhooks without a URL succeeded")
	}
}

// TestWebhookSecretsNotStored: the store keeps an endpoint's filters, never
// the secrets that come with it.
func TestWebhookSecretsNotStored(t *testing.T) {
	p := path(t)
	db := testkit.OpenStore(t, p)
	const secret = "whsec_bm90LWluLXRoZS1zdG9yZS1wbGVhc2UtMjRi"
	ep := epArabic
	ep.Secrets = []string{secret}
	setWebhooks(t, db, ep)
	testkit.Put(t, db, article("ar", 1, 0))
	testkit.Check(t, db.Close())
	buf, err := os.ReadFile(p)
	testkit.Check(t, err)
	if !bytes.Contains(buf, []byte(ep.URL)) {
		t.Fatalf("the file does not hold the endpoint's URL either: not a useful check")
	}
	if bytes.Contains(buf, []byte(secret)) || bytes.Contains(buf, []byte(secret[6:])) {
		t.Error("the store file holds a webhook secret")
	}
}
