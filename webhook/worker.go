package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sanafeed/sanafeed"
)

// A worker sends one endpoint's deliveries. Its loop (run or drain) is
// the only goroutine that starts attempts; each attempt is a goroutine the
// loop waits for before it returns.
type worker struct {
	d     *Dispatcher
	http  *http.Client
	url   string   // where to send; may carry a token, so never logged
	id    string   // the store's endpoint id
	name  string   // what logs call the endpoint (sanafeed.Endpoint.Label)
	shown string   // url as logs show it (sanafeed.RedactURL)
	keys  [][]byte // signing keys, decoded
	wake  chan struct{}

	mu   sync.Mutex      // guards busy
	busy map[string]bool // delivery keys being attempted
	wg   sync.WaitGroup  // attempts in flight

	delivered, failed atomic.Int64 // attempts ended so, since the worker was made
}

// poke wakes the worker's loop without blocking.
func (w *worker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// run sends due deliveries until ctx ends, sleeping until poked or until
// the next delivery is due.
func (w *worker) run(ctx context.Context) {
	defer w.wg.Wait()
	for {
		wait := time.Duration(-1) // until poked
		if _, err := w.start(ctx, nil); err != nil {
			if ctx.Err() != nil {
				return
			}
			w.d.log().Error("webhook outbox unreadable", "webhook", w.name, "err", err)
			wait = storeRetry
		} else if next, err := w.d.Store.NextDue(ctx, w.id, w.d.now()); err != nil {
			if ctx.Err() != nil {
				return
			}
			w.d.log().Error("webhook outbox unreadable", "webhook", w.name, "err", err)
			wait = storeRetry
		} else if !next.IsZero() {
			wait = max(next.Sub(w.d.now()), time.Millisecond)
		}
		if !w.sleep(ctx, wait) {
			return
		}
	}
}

// sleep waits until poked, for wait if it is not negative, or until ctx
// ends; it reports whether ctx is still live.
func (w *worker) sleep(ctx context.Context, wait time.Duration) bool {
	var timer <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-w.wake:
	case <-timer:
	}
	return true
}

// drain tries each delivery due when it runs at most once, and returns
// when none is left to try and none is in flight, or when ctx ends.
func (w *worker) drain(ctx context.Context) {
	defer w.wg.Wait()
	tried := map[string]bool{}
	for {
		n, err := w.start(ctx, tried)
		if err != nil {
			if ctx.Err() == nil {
				w.d.log().Error("webhook outbox unreadable", "webhook", w.name, "err", err)
			}
			return
		}
		w.mu.Lock()
		busy := len(w.busy)
		w.mu.Unlock()
		if n == 0 && busy == 0 || !w.sleep(ctx, -1) {
			return
		}
	}
}

// start starts attempts of due deliveries, oldest first, that are neither
// in flight nor in tried (nil: no such limit), while fewer than
// MaxInFlight are in flight. It adds them to tried and returns how many
// it started.
func (w *worker) start(ctx context.Context, tried map[string]bool) (int, error) {
	// An attempt ending while DueDeliveries reads may leave its delivery
	// in the answer though it is no longer due: skip what was busy before.
	w.mu.Lock()
	wasBusy := maps.Clone(w.busy)
	w.mu.Unlock()
	inFlight := len(wasBusy)
	free := w.d.maxInFlight() - inFlight
	if free <= 0 {
		return 0, nil
	}
	due, err := w.d.Store.DueDeliveries(ctx, w.id, w.d.now(), inFlight+len(tried)+free)
	if err != nil {
		return 0, fmt.Errorf("webhook: %w", err)
	}
	n := 0
	for _, dl := range due {
		if n == free {
			break
		}
		w.mu.Lock()
		skip := wasBusy[dl.Key] || w.busy[dl.Key] || tried[dl.Key]
		if !skip {
			w.busy[dl.Key] = true
		}
		w.mu.Unlock()
		if skip {
			continue
		}
		if tried != nil {
			tried[dl.Key] = true
		}
		n++
		w.wg.Go(func() {
			w.attempt(ctx, dl)
			w.mu.Lock()
			delete(w.busy, dl.Key)
			w.mu.Unlock()
			w.poke()
		})
	}
	return n, nil
}

// attempt sends dl once and records the outcome in the store. If ctx
// ends before an answer, nothing is recorded: the delivery stays due.
func (w *worker) attempt(ctx context.Context, dl sanafeed.Delivery) {
	now := w.d.now()
	status, excerpt, err := w.post(ctx, dl, now)
	if err != nil && ctx.Err() != nil {
		return // abandoned, not failed: due again as it was
	}
	mctx := context.WithoutCancel(ctx) // what was sent is recorded
	log := w.d.log().With("webhook", w.name, "url", w.shown, "webhook_id", dl.MsgID, "type", dl.Type)
	if err == nil && status >= 200 && status < 300 {
		w.delivered.Add(1)
		if err := w.d.Store.MarkDelivered(mctx, dl.Key); err != nil {
			log.Error("webhook delivered but not recorded", "err", err)
		}
		log.Debug("webhook delivered", "status", status)
		return
	}
	w.failed.Add(1)
	errText := ""
	if err != nil {
		errText = w.errorText(err)
	} else {
		errText = strings.TrimSpace(fmt.Sprintf("%d %s: %s", status, http.StatusText(status), excerpt))
	}
	attempts := dl.Attempts + 1
	next := now.Add(w.d.backoff(attempts))
	final := next.Sub(dl.Enqueued) > w.d.maxAge()
	if status == http.StatusGone {
		final = false // kept pending, marked disabled
	}
	if err := w.d.Store.MarkFailed(mctx, dl.Key, status, errText, next, final); err != nil {
		log.Error("webhook failure not recorded", "err", err)
	}
	switch {
	case status == http.StatusGone:
		if err := w.d.Store.DisableEndpoint(mctx, w.id); err != nil {
			log.Error("webhook gone but not disabled", "err", err)
		}
		log.Warn("webhook gone: endpoint disabled", "status", status, "body", excerpt)
	case final:
		log.Error("webhook delivery given up", "status", status, "body", excerpt, "err", errText, "attempts", attempts)
	default:
		log.Warn("webhook delivery failed", "status", status, "body", excerpt, "err", errText,
			"attempts", attempts, "next_attempt", next)
	}
}

// post sends dl signed at now and returns the answer's status and the
// start of its body. A transport error or timeout gives status 0.
func (w *worker) post(ctx context.Context, dl sanafeed.Delivery, now time.Time) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, w.d.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(dl.Body))
	if err != nil {
		return 0, "", fmt.Errorf("webhook: %w", err)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sanafeed-webhook/0.1")
	req.Header.Set("webhook-id", dl.MsgID)
	req.Header.Set("webhook-timestamp", ts)
	req.Header.Set("webhook-signature", sign(w.keys, dl.MsgID, ts, dl.Body))
	resp, err := w.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponse)) // the status is the answer
	return resp.StatusCode, excerptOf(body), nil
}

// errorText returns err's message with the endpoint's URL, which the
// HTTP client quotes in its errors, shown as logs may show it.
func (w *worker) errorText(err error) string {
	return strings.ReplaceAll(sanafeed.RedactError(err), w.url, w.shown)
}

// excerptOf returns the first maxExcerpt bytes of b as valid UTF-8.
func excerptOf(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > maxExcerpt {
		b = b[:maxExcerpt]
	}
	return strings.ToValidUTF8(string(b), "")
}

// sign returns the webhook-signature header: "v1," and the base64
// HMAC-SHA256 of "id.timestamp.body" under each key, space-separated.
func sign(keys [][]byte, id, ts string, body []byte) string {
	sigs := make([]string, len(keys))
	for i, k := range keys {
		m := hmac.New(sha256.New, k)
		m.Write([]byte(id + "." + ts + "."))
		m.Write(body)
		sigs[i] = "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
	}
	return strings.Join(sigs, " ")
}

// decodeSecrets decodes "whsec_" secrets to keys. At least one is needed.
func decodeSecrets(secrets []string) ([][]byte, error) {
	var keys [][]byte
	for _, s := range secrets {
		k, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whsec_"))
		if err != nil || len(k) == 0 {
			return nil, errors.New("bad secret: want whsec_ and base64")
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, errors.New("no secret")
	}
	return keys, nil
}
