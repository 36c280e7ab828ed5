package main

import (
	"context"
	"os"
	"reflect"
	"slices"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/config"
)

// Reloading: serve reads its config file again on SIGHUP. Sources and
// their rules, and webhooks, take effect at once; the keys that shape
// the server itself (listen, data_dir, public_url, [poll], [feeds],
// [stories], [websub], [server], metrics_listen) are logged as needing a
// restart. A
// file that does not load is logged with its file:line errors and the
// running config kept.

// reloadOn reloads the config from path each time hup delivers, until
// ctx ends. loaded is the config as the file gave it at start (before
// -listen and -demo changed it), against which changes are told.
func (a *app) reloadOn(ctx context.Context, hup <-chan os.Signal, path string, loaded config.Config) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			if cfg, ok := a.reload(ctx, path, loaded); ok {
				loaded = cfg
			}
		}
	}
}

// reload loads path and applies it, reporting whether it did.
func (a *app) reload(ctx context.Context, path string, loaded config.Config) (config.Config, bool) {
	cfg, err := loadConfig(path)
	if err != nil {
		a.log.Error("config not reloaded; the running config is kept", "err", err)
		return loaded, false
	}
	a.poller.SetSources(cfg.Sanafeed())
	a.srv.SetLangs(servedLangs(cfg)) // a new source's feeds are served, a removed one's not
	a.cfg.Sources = cfg.Sources
	if !reflect.DeepEqual(cfg.Webhooks, loaded.Webhooks) {
		var eps []sanafeed.Endpoint
		for _, w := range cfg.Webhooks {
			eps = append(eps, w.Endpoint())
		}
		if err := a.db.SetWebhooks(ctx, eps); err != nil {
			a.log.Error("config reloaded but for its webhooks", "err", err)
		} else {
			a.setWebhookNames(eps)
			a.restartHooks(eps)
			a.cfg.Webhooks = cfg.Webhooks
		}
	}
	for _, k := range restartKeys(loaded, cfg) {
		a.log.Warn("config key changed; it takes effect after a restart", "key", k)
	}
	var langs []string
	for _, s := range cfg.Sources {
		langs = append(langs, s.Lang)
	}
	a.log.Info("config reloaded", "sources", langs, "webhooks", len(cfg.Webhooks))
	return cfg, true
}

// restartKeys returns the keys changed from old to cur that a reload does
// not apply.
func restartKeys(old, cur config.Config) []string {
	var keys []string
	for _, k := range []struct {
		key  string
		a, b any
	}{
		{"data_dir", old.DataDir, cur.DataDir}, {"listen", old.Listen, cur.Listen},
		{"public_url", old.PublicURL, cur.PublicURL}, {"poll", old.Poll, cur.Poll},
		{"feeds", old.Feeds, cur.Feeds}, {"stories", old.Stories, cur.Stories},
		{"websub", old.WebSub, cur.WebSub}, {"server", old.Server, cur.Server},
		{"metrics_listen", old.MetricsListen, cur.MetricsListen},
	} {
		if !reflect.DeepEqual(k.a, k.b) {
			keys = append(keys, k.key)
		}
	}
	return slices.Clip(keys)
}

// startHooks runs the webhook dispatcher under ctx until restartHooks or
// ctx's end.
func (a *app) startHooks(ctx context.Context) {
	a.hookMu.Lock()
	defer a.hookMu.Unlock()
	a.hookCtx = ctx
	a.runHooks()
}

// runHooks starts the dispatcher; hookMu is held.
func (a *app) runHooks() {
	ctx, stop := context.WithCancel(a.hookCtx)
	done := make(chan struct{})
	a.hookStop, a.hookDone = stop, done
	go func() {
		defer close(done)
		if err := a.hooks.Run(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("webhooks", "err", err)
		}
	}()
}

// restartHooks stops the dispatcher, gives it eps and starts it again;
// deliveries in flight finish first, the queue is kept in the store.
func (a *app) restartHooks(eps []sanafeed.Endpoint) {
	a.hookMu.Lock()
	defer a.hookMu.Unlock()
	if a.hookStop == nil {
		a.hooks.Endpoints = eps
		return
	}
	a.hookStop()
	<-a.hookDone
	a.hooks.Endpoints = eps
	a.runHooks()
}

// waitHooks waits for the dispatcher to stop (its context ended).
func (a *app) waitHooks() {
	a.hookMu.Lock()
	done := a.hookDone
	a.hookMu.Unlock()
	if done != nil {
		<-done
	}
}
