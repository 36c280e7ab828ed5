package main

import (
	"context"

	"github.com/sanafeed/sanafeed/server"
	"github.com/sanafeed/sanafeed/store"
	"github.com/sanafeed/sanafeed/websub"
)

// Interfaces satisfied by the types wired here.
var (
	_ websub.Store = (*store.DB)(nil)
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
	if ws.Hub != "" {
		srv.HubURL = ws.Hub
		return &websub.Pinger{Hub: ws.Hub, Topics: srv.Topics, Topic: srv.Topic, Generation: a.db.Generation, Logger: a.log}
	}
	h := &websub.Hub{
		URL:        a.cfg.PublicURL + hubPath,
		Store:      a.db,
		Topic:      srv.Topic,
		Generation: a.db.Generation,
		Lease:      ws.Lease.Duration,
		MaxLease:   ws.MaxLease.Duration,
		Logger:     a.log,

		AllowCallbacks: ws.AllowedCallbacks(),
		VerifyTimeout:  ws.VerifyTimeout.Duration,

		MaxSubscriptions: ws.MaxSubscriptions,
		MaxPerHost:       ws.MaxPerHost,
		DeliveryRate:     ws.DeliveryRate,
	}
	srv.HubURL, srv.WebSub = h.URL, h
	srv.Hub = h.Stats
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
