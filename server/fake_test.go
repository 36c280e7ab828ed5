package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanafeed/sanafeed"
)

// fakeStore is an in-memory Store that counts its reads.
type fakeStore struct {
	mu      sync.Mutex
	arts    []sanafeed.Article
	queries []sanafeed.Query // every Latest query, in order
	pingErr error
	last    time.Time
	revs    map[string][]sanafeed.Revision // past texts by article key
	// release, when not nil, holds every Latest call until it is closed;
	// entered gets a value as each call starts.
	release chan struct{}
	entered chan struct{}

	gen    atomic.Uint64
	latest atomic.Int64 // Latest calls
	tags   atomic.Int64 // Tags calls
}

func (f *fakeStore) Latest(ctx context.Context, q sanafeed.Query) ([]sanafeed.Article, error) {
	f.latest.Add(1)
	if f.entered != nil {
		f.entered <- struct{}{}
	}
	if f.release != nil {
		<-f.release
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, q)
	if q.Lang == "fail" {
		return nil, errors.New("fake: disk on fire")
	}
	var out []sanafeed.Article
	for _, a := range f.arts {
		if (q.Lang == "" || a.Lang == q.Lang) && (q.Tag == "" || a.HasTag(q.Tag)) && (q.Match == nil || q.Match(&a)) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b sanafeed.Article) int { return b.Published.Compare(a.Published) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (f *fakeStore) Tags(ctx context.Context, lang string) ([]sanafeed.TagCount, error) {
	f.tags.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []sanafeed.TagCount
	idx := map[string]int{}
	for _, a := range f.arts {
		if a.Lang != lang {
			continue
		}
		for _, t := range a.Tags {
			i, ok := idx[t.Slug]
			if !ok {
				i = len(out)
				idx[t.Slug] = i
				out = append(out, sanafeed.TagCount{Lang: lang, Tag: t})
			}
			out[i].Count++
		}
	}
	return out, nil
}

func (f *fakeStore) Article(ctx context.Context, key string) (sanafeed.Article, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.arts {
		if a.Key() == key {
			return a, nil
		}
	}
	return sanafeed.Article{}, fmt.Errorf("fake: article %s: %w", key, sanafeed.ErrNotFound)
}

func (f *fakeStore) Revisions(ctx context.Context, key string) ([]sanafeed.Revision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.revs[key], nil
}

func (f *fakeStore) Generation() uint64 { return f.gen.Load() }

func (f *fakeStore) LastChange() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

func (f *fakeStore) Ping(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pingErr
}

// update changes the stored articles with fn and bumps the generation.
func (f *fakeStore) update(fn func(arts []sanafeed.Article) []sanafeed.Article) {
	f.mu.Lock()
	f.arts = fn(f.arts)
	f.mu.Unlock()
	f.gen.Add(1)
}

// Fixture times and tags.
var (
	t0       = time.Date(2026, 2, 9, 12, 0, 0, 0, time.UTC)
	now0     = t0.Add(24 * time.Hour)
	damascus = sanafeed.Tag{Slug: "damascus", Name: "Damascus"}
	dimashq  = sanafeed.Tag{Slug: "دمشق", Name: "دمشق"}
	aleppo   = sanafeed.Tag{Slug: "aleppo", Name: "Aleppo"}
	economy  = sanafeed.Tag{Slug: "economy", Name: "Economy"}
)

// fixture returns the articles of the fake store: English and Arabic
// stories about Damascus (three each, translations of each other), one
// English story about Aleppo, one French story.
func fixture() []sanafeed.Article {
	art := func(lang string, id int64, title string, h int, tags ...sanafeed.Tag) sanafeed.Article {
		path := "/" + lang + "/news/"
		if lang == "ar" {
			path = "/news/"
		}
		pub := t0.Add(time.Duration(h) * time.Hour)
		return sanafeed.Article{
			Lang: lang, PostID: id, URL: "https://sana.sy" + path + strconv.FormatInt(id, 10) + "/",
			Title: title, Content: "<p>" + title + "</p>", From: sanafeed.FromPage, Tags: tags,
			Published: pub, FirstSeen: pub, Updated: pub.Add(time.Minute), Version: 1,
		}
	}
	arts := []sanafeed.Article{
		art("en", 101, "Damascus one", 1, damascus, economy),
		art("en", 102, "Damascus two", 2, damascus),
		art("en", 103, "Damascus three", 3, damascus),
		art("en", 104, "Aleppo one", 4, aleppo),
		art("ar", 201, "دمشق واحد", 1, dimashq),
		art("ar", 202, "دمشق اثنان", 2, dimashq),
		art("ar", 203, "دمشق ثلاثة", 3, dimashq),
		art("fr", 301, "Damas un", 5),
	}
	for i := range 3 { // en 10x and ar 20x are translations of each other
		en, ar := &arts[i], &arts[4+i]
		en.Translations = []sanafeed.Link{{Lang: "ar", URL: ar.URL, ID: ar.ID()}}
		ar.Translations = []sanafeed.Link{{Lang: "en", URL: en.URL, ID: en.ID()}}
	}
	return arts
}

// newTest returns a server over a fake store holding fixture(), serving
// ar, en and fr, and its handler. Each of opts sets fields before Handler.
func newTest(t testing.TB, opts ...func(*Server)) (*Server, *fakeStore, http.Handler) {
	t.Helper()
	st := &fakeStore{arts: fixture(), last: t0.Add(10 * time.Hour)}
	st.gen.Store(1)
	s := &Server{
		Store:     st,
		PublicURL: "http://feeds.test",
		Langs:     []string{"ar", "en", "fr"},
		Now:       func() time.Time { return now0 },
	}
	for _, o := range opts {
		o(s)
	}
	return s, st, s.Handler()
}

// do serves one request to h; header holds name, value pairs.
func do(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
