package main

import (
	"context"
	"time"

	"github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/store"
	"github.com/sanafeed/sanafeed/websub"
)

// Interfaces satisfied by the adapters here.
var (
	_ websub.Store = subStore{}
	_ server.Stats = (*store.DB)(nil)
	_ publisher    = (*websub.Hub)(nil)
	_ publisher    = (*websub.Pinger)(nil)
)

// A publisher is told of every change to the store and runs until its ctx
// ends: the built-in hub or the pinger of an external one.
type publisher interface {
	Publish(ctx context.Context)
	Run(ctx context.Context) error
}

// hubPath is where the built-in hub is served.
const hubPath = "/websub"

// wireWebSub sets up WebSub for srv per the config: nothing when disabled;
// a Pinger of the configured external hub; else the built-in hub, mounted
// at /websub. It returns the publisher to run and tell of changes, or nil.
func (a *app) wireWebSub(srv *server.Server) publisher {
	ws := a.cfg.WebSub
	if !ws.Enabled {
		return nil
	}
	topic := topicFunc(srv)
	if ws.Hub != "" {
		srv.HubURL = ws.Hub
		return &websub.Pinger{Hub: ws.Hub, Topics: srv.Topics, Topic: topic, Generation: a.db.Generation, Logger: a.log}
	}
	h := &websub.Hub{
		URL:        a.cfg.PublicURL + hubPath,
		Store:      subStore{a.db},
		Topic:      topic,
		Generation: a.db.Generation,
		Lease:      ws.Lease.Duration,
		MaxLease:   ws.MaxLease.Duration,
		Logger:     a.log,
	}
	srv.HubURL, srv.WebSub = h.URL, h
	srv.Hub = func(ctx context.Context) (server.HubStats, error) {
		st, err := h.Stats(ctx)
		return server.HubStats{Subscriptions: st.Subscriptions, Topics: st.Topics, Verifying: st.Verifying,
			Delivered: st.Delivered, Failed: st.Failed}, err
	}
	return h
}

// startWebSub runs the publisher, if any, until Close; the first call
// starts it, later calls do nothing.
func (a *app) startWebSub() {
	if a.pub == nil {
		return
	}
	a.pubOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		a.pubStop = cancel
		a.pubDone = make(chan struct{})
		go func() {
			defer close(a.pubDone)
			if err := a.pub.Run(ctx); err != nil {
				a.log.Error("websub", "err", err)
			}
		}()
	})
}

// stopWebSub stops the publisher, if started, and waits for it.
func (a *app) stopWebSub() {
	if a.pubStop != nil {
		a.pubStop()
		<-a.pubDone
	}
}

// topicFunc adapts (*server.Server).Topic to websub.TopicFunc.
func topicFunc(srv *server.Server) websub.TopicFunc {
	return func(ctx context.Context, url string) (websub.Content, error) {
		t, err := srv.Topic(ctx, url)
		return websub.Content{URL: t.URL, Body: t.Body, ContentType: t.ContentType, Hash: t.Hash}, err
	}
}

// subStore adapts *store.DB to websub.Store.
type subStore struct{ db *store.DB }

func (s subStore) PutSubscription(ctx context.Context, sub websub.Subscription) error {
	return s.db.PutSubscription(ctx, store.Subscription{Topic: sub.Topic, Callback: sub.Callback, Secret: sub.Secret,
		Lease: int64(sub.Lease / time.Second), Created: sub.Created, Expires: sub.Expires, Sent: sub.Sent})
}

func (s subStore) DeleteSubscription(ctx context.Context, topic, callback string) error {
	return s.db.DeleteSubscription(ctx, topic, callback)
}

func (s subStore) Subscriptions(ctx context.Context) ([]websub.Subscription, error) {
	subs, err := s.db.Subscriptions(ctx, "")
	return fromStore(subs), err
}

func (s subStore) SetSubscriptionSent(ctx context.Context, topic, callback, sent string) error {
	return s.db.SetSubscriptionSent(ctx, topic, callback, sent)
}

func (s subStore) DeleteExpiredSubscriptions(ctx context.Context, now time.Time) ([]websub.Subscription, error) {
	subs, err := s.db.DeleteExpiredSubscriptions(ctx, now)
	return fromStore(subs), err
}

// fromStore converts stored subscriptions.
func fromStore(subs []store.Subscription) []websub.Subscription {
	out := make([]websub.Subscription, len(subs))
	for i, s := range subs {
		out[i] = websub.Subscription{Topic: s.Topic, Callback: s.Callback, Secret: s.Secret,
			Lease: time.Duration(s.Lease) * time.Second, Created: s.Created, Expires: s.Expires, Sent: s.Sent}
	}
	return out
}
