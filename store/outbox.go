package store

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
	"github.com/sanafeed/sanafeed/link"
)

// The webhook outbox. PutArticles and SetClusters queue their events in
// their own transaction, one delivery per matching endpoint, so an event
// is on disk before any attempt to send it; a delivery leaves the outbox
// only when MarkDelivered records a 2xx. Deliveries given up on stay,
// marked failed, for inspection.

// matches reports whether the event typ about a passes e's filters.
func (e *endpoint) matches(typ string, a *sanafeed.Article) bool {
	switch {
	case len(e.Events) > 0 && !slices.Contains(e.Events, typ):
		return false
	case len(e.Langs) > 0 && !slices.Contains(e.Langs, a.Lang):
		return false
	}
	if len(e.Tags) > 0 && !slices.ContainsFunc(e.Tags, a.HasTag) {
		return false
	}
	if len(e.Match) == 0 {
		return true
	}
	if e.query == nil {
		q, err := link.CompileQuery(e.Match)
		if err != nil {
			return false // SetWebhooks refuses such a list; a record from elsewhere matches nothing
		}
		e.query = q
	}
	return e.query.MatchAny(a)
}

// endpoint is an endpoint's record in the webhooks bucket: its id, URL
// and counters, its filters and whether it gets new events.
type endpoint struct {
	sanafeed.EndpointStats
	Langs      []string `json:"langs,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	Events     []string `json:"events,omitempty"`
	Match      []string `json:"match,omitempty"`
	Configured bool     `json:"configured"` // named by the last SetWebhooks
	Order      int      `json:"order"`      // its place in that call

	query *link.Query // Match compiled, on first use
}

// States of a delivery; pending ones have none.
const (
	stateFailed   = "failed"   // given up after the last retry
	stateDisabled = "disabled" // its endpoint answered 410 Gone
)

// delivery is a record in the outbox bucket.
type delivery struct {
	MsgID       string          `json:"msg_id"`
	Type        string          `json:"type"`
	Article     string          `json:"article"` // key, for inspection
	Body        json.RawMessage `json:"body"`
	Enqueued    time.Time       `json:"enqueued"`
	NextAttempt time.Time       `json:"next_attempt"`
	Attempts    int             `json:"attempts,omitempty"`
	LastAttempt time.Time       `json:"last_attempt,omitzero"`
	LastStatus  int             `json:"last_status,omitempty"`
	LastError   string          `json:"last_error,omitempty"`
	State       string          `json:"state,omitempty"`
}

// outboxKey returns the outbox key of delivery seq to the endpoint ep.
func outboxKey(ep string, seq uint64) []byte { return fmt.Appendf(nil, "%s/%016x", ep, seq) }

// dueKey returns the due index key of delivery seq to ep, due at t.
func dueKey(ep string, t time.Time, seq uint64) []byte {
	return fmt.Appendf(nil, "%s/%016x/%016x", ep, dueNanos(t), seq)
}

// dueNanos returns t in Unix nanoseconds, clamped to sort as unsigned.
func dueNanos(t time.Time) uint64 { return uint64(max(t.UnixNano(), 0)) }

// splitKey returns the endpoint id and sequence number of an outbox key.
func splitKey(key string) (ep string, seq uint64, err error) {
	i := strings.LastIndexByte(key, '/')
	seq, err = strconv.ParseUint(key[i+1:], 16, 64)
	if i < 0 || err != nil {
		return "", 0, fmt.Errorf("bad delivery key %q: %w", key, sanafeed.ErrNotFound)
	}
	return key[:i], seq, nil
}

// encode returns v as JSON without escaping HTML.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// crockford is the ULID alphabet.
var crockford = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// newMsgID returns "msg_" and a ULID-like id: 48 bits of Unix
// milliseconds, 32 bits of the outbox sequence seq and 48 random bits, so
// ids sort by creation time, then by queue order.
func newMsgID(now time.Time, seq uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	binary.BigEndian.PutUint32(b[6:10], uint32(seq))
	rand.Read(b[10:])
	return "msg_" + crockford.EncodeToString(b[:])
}

// getRecord decodes the JSON record under key in the bucket name into v.
// It returns an error wrapping sanafeed.ErrNotFound if there is none.
func getRecord(tx *bbolt.Tx, name, key []byte, v any) error {
	buf := tx.Bucket(name).Get(key)
	if buf == nil {
		return fmt.Errorf("%s %s: %w", name, key, sanafeed.ErrNotFound)
	}
	if err := json.Unmarshal(buf, v); err != nil {
		return fmt.Errorf("decode %s %s: %w", name, key, err)
	}
	return nil
}

// putRecord stores v as JSON under key in the bucket name.
func putRecord(tx *bbolt.Tx, name, key []byte, v any) error {
	buf, err := encode(v)
	if err != nil {
		return err
	}
	return tx.Bucket(name).Put(key, buf)
}

// putEndpoint stores the endpoint record e.
func putEndpoint(tx *bbolt.Tx, e *endpoint) error {
	return putRecord(tx, webhooksBucket, []byte(e.ID), e)
}

// endpoints returns every stored endpoint record, in the order of the
// last SetWebhooks that configured them.
func endpoints(tx *bbolt.Tx) ([]*endpoint, error) {
	var out []*endpoint
	err := tx.Bucket(webhooksBucket).ForEach(func(k, v []byte) error {
		e := new(endpoint)
		out = append(out, e)
		return getRecord(tx, webhooksBucket, k, e)
	})
	slices.SortStableFunc(out, func(a, b *endpoint) int { return cmp.Compare(a.Order, b.Order) })
	return out, err
}

// An event is an article event to queue; a has its Translations.
type event struct {
	typ string
	a   *sanafeed.Article
}

// enqueue queues, inside tx, one delivery of each event to every
// configured, enabled endpoint whose filters it passes. An event has one
// message id and body for all its deliveries.
func enqueue(tx *bbolt.Tx, now time.Time, evs []event) error {
	if len(evs) == 0 {
		return nil
	}
	all, err := endpoints(tx)
	if err != nil {
		return err
	}
	eps := slices.DeleteFunc(all, func(e *endpoint) bool { return !e.Configured || e.Disabled })
	if len(eps) == 0 {
		return nil
	}
	queued := make([]bool, len(eps))
	for _, ev := range evs {
		var d *delivery
		for i, e := range eps {
			if !e.matches(ev.typ, ev.a) {
				continue
			}
			seq, err := tx.Bucket(outboxBucket).NextSequence()
			if err != nil {
				return err
			}
			if d == nil {
				body, err := encode(sanafeed.NewEvent(ev.typ, ev.a, now))
				if err != nil {
					return err
				}
				d = &delivery{MsgID: newMsgID(now, seq), Type: ev.typ, Article: ev.a.Key(),
					Body: body, Enqueued: now, NextAttempt: now}
			}
			if err := putRecord(tx, outboxBucket, outboxKey(e.ID, seq), d); err != nil {
				return err
			}
			if err := tx.Bucket(dueIndex).Put(dueKey(e.ID, now, seq), nil); err != nil {
				return err
			}
			e.Pending++
			queued[i] = true
		}
	}
	for i, e := range eps {
		if queued[i] {
			if err := putEndpoint(tx, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetWebhooks makes eps the endpoints that get new events, with their
// filters (their secrets are not stored); call it after Open and before
// storing articles. An empty ID is filled in. Endpoints not in eps stop
// getting events but keep their record and queued deliveries, which
// resume if they come back. Counters and a disabled mark survive.
func (db *DB) SetWebhooks(ctx context.Context, eps []sanafeed.Endpoint) error {
	seen := map[string]bool{}
	eps = slices.Clone(eps)
	for i := range eps {
		e := &eps[i]
		if e.URL == "" {
			return errors.New("store: set webhooks: url required")
		}
		if e.ID == "" {
			e.ID = sanafeed.WebhookID(e.URL)
		}
		if seen[e.ID] || e.ID != sanafeed.WebhookID(e.URL) {
			return fmt.Errorf("store: set webhooks: %s given twice or with id %q", e.URL, e.ID)
		}
		seen[e.ID] = true
		if len(e.Match) > 0 {
			if _, err := link.CompileQuery(e.Match); err != nil {
				return fmt.Errorf("store: set webhooks: %s: match: %w", e.Label(), err)
			}
		}
	}
	err := db.update(ctx, func(tx *bbolt.Tx) error {
		old, err := endpoints(tx)
		if err != nil {
			return err
		}
		for _, e := range old {
			if e.Configured && !seen[e.ID] {
				e.Configured = false
				if err := putEndpoint(tx, e); err != nil {
					return err
				}
			}
		}
		for i, ep := range eps {
			e := new(endpoint)
			if err := getRecord(tx, webhooksBucket, []byte(ep.ID), e); err != nil && !errors.Is(err, sanafeed.ErrNotFound) {
				return err
			}
			e.ID, e.URL, e.Langs, e.Tags, e.Events, e.Match = ep.ID, ep.URL, ep.Langs, ep.Tags, ep.Events, ep.Match
			e.Configured, e.Order = true, i
			if err := putEndpoint(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set webhooks: %w", err)
	}
	return nil
}

// DueDeliveries returns up to limit (0 or less: all) deliveries to the
// endpoint id that are due at now, in the order they were queued. It
// returns none for a disabled endpoint.
func (db *DB) DueDeliveries(ctx context.Context, id string, now time.Time, limit int) ([]sanafeed.Delivery, error) {
	var out []sanafeed.Delivery
	prefix := []byte(id + "/")
	until := fmt.Appendf(nil, "%s%016x/~", prefix, dueNanos(now)) // after every seq due at now
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		var seqs []uint64
		c := tx.Bucket(dueIndex).Cursor()
		for k, _ := c.Seek(prefix); hasPrefix(k, prefix) && bytes.Compare(k, until) <= 0; k, _ = c.Next() {
			if _, seq, err := splitKey(string(k)); err == nil {
				seqs = append(seqs, seq)
			}
		}
		slices.Sort(seqs)
		if limit > 0 && len(seqs) > limit {
			seqs = seqs[:limit]
		}
		for _, seq := range seqs {
			key, d := outboxKey(id, seq), new(delivery)
			if err := getRecord(tx, outboxBucket, key, d); err != nil {
				return err
			}
			out = append(out, sanafeed.Delivery{Key: string(key), Endpoint: id, MsgID: d.MsgID, Type: d.Type,
				Body: bytes.Clone(d.Body), Enqueued: d.Enqueued, Attempts: d.Attempts, NextAttempt: d.NextAttempt})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: due deliveries: %w", err)
	}
	return out, nil
}

// NextDue returns the earliest time after after at which a delivery to the
// endpoint id ("" for any configured, enabled endpoint) is due, or the zero
// time if none is queued.
func (db *DB) NextDue(ctx context.Context, id string, after time.Time) (time.Time, error) {
	var next uint64
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		ids := []string{id}
		if id == "" {
			eps, err := endpoints(tx)
			if err != nil {
				return err
			}
			ids = nil
			for _, e := range eps {
				if e.Configured && !e.Disabled {
					ids = append(ids, e.ID)
				}
			}
		}
		c := tx.Bucket(dueIndex).Cursor()
		for _, id := range ids {
			prefix := []byte(id + "/")
			k, _ := c.Seek(fmt.Appendf(nil, "%s%016x", prefix, dueNanos(after)+1))
			if !hasPrefix(k, prefix) || len(k) < len(prefix)+16 {
				continue
			}
			t, err := strconv.ParseUint(string(k[len(prefix):len(prefix)+16]), 16, 64)
			if err == nil && (next == 0 || t < next) {
				next = t
			}
		}
		return nil
	})
	if err != nil || next == 0 {
		return time.Time{}, err
	}
	return time.Unix(0, int64(next)).UTC(), nil
}

// deliveryTx runs fn on the delivery key and its endpoint in one write
// transaction and stores both. fn gets the delivery's due index key.
func (db *DB) deliveryTx(ctx context.Context, key string, fn func(tx *bbolt.Tx, d *delivery, e *endpoint, due []byte) error) error {
	ep, seq, err := splitKey(key)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *bbolt.Tx) error {
		d, e := new(delivery), new(endpoint)
		if err := getRecord(tx, outboxBucket, []byte(key), d); err != nil {
			return err
		}
		if err := getRecord(tx, webhooksBucket, []byte(ep), e); err != nil {
			return err
		}
		if err := fn(tx, d, e, dueKey(ep, d.NextAttempt, seq)); err != nil {
			return err
		}
		if err := putEndpoint(tx, e); err != nil {
			return err
		}
		if tx.Bucket(outboxBucket).Get([]byte(key)) == nil {
			return nil // deleted by fn
		}
		return putRecord(tx, outboxBucket, []byte(key), d)
	})
}

// MarkDelivered removes the delivery key from the outbox after its
// endpoint answered 2xx, counting it delivered. It returns an error
// wrapping sanafeed.ErrNotFound if the key is not queued.
func (db *DB) MarkDelivered(ctx context.Context, key string) error {
	now := db.now()
	err := db.deliveryTx(ctx, key, func(tx *bbolt.Tx, d *delivery, e *endpoint, due []byte) error {
		if d.State == stateFailed {
			e.Failed--
		} else {
			e.Pending--
		}
		e.Delivered++
		e.LastSuccess = now
		if err := tx.Bucket(dueIndex).Delete(due); err != nil {
			return err
		}
		return tx.Bucket(outboxBucket).Delete([]byte(key))
	})
	if err != nil {
		return fmt.Errorf("store: mark delivered: %w", err)
	}
	return nil
}

// MarkFailed records a failed attempt of the delivery key: the HTTP status
// (0 when there was no answer) and errText. The delivery is due again at
// next, or, if final, is given up: kept, marked failed and counted. A
// delivery whose endpoint was disabled meanwhile only records the attempt.
func (db *DB) MarkFailed(ctx context.Context, key string, status int, errText string, next time.Time, final bool) error {
	now := db.now()
	err := db.deliveryTx(ctx, key, func(tx *bbolt.Tx, d *delivery, e *endpoint, due []byte) error {
		d.Attempts++
		d.LastAttempt, d.LastStatus, d.LastError = now, status, errText
		e.LastErrorAt, e.LastStatus, e.LastError = now, status, errText
		if d.State != "" {
			return nil
		}
		idx := tx.Bucket(dueIndex)
		if err := idx.Delete(due); err != nil {
			return err
		}
		if final {
			d.State = stateFailed
			e.Pending--
			e.Failed++
			return nil
		}
		_, seq, _ := splitKey(key)
		d.NextAttempt = next.UTC()
		return idx.Put(dueKey(e.ID, d.NextAttempt, seq), nil)
	})
	if err != nil {
		return fmt.Errorf("store: mark failed: %w", err)
	}
	return nil
}

// DisableEndpoint marks the endpoint id disabled, as after a 410 Gone: it
// gets no new events, and its pending deliveries stay queued, marked
// disabled, and are not due until EnableEndpoint.
func (db *DB) DisableEndpoint(ctx context.Context, id string) error {
	return db.setDisabled(ctx, id, true)
}

// EnableEndpoint undoes DisableEndpoint: the endpoint gets new events and
// its deliveries marked disabled are due at once.
func (db *DB) EnableEndpoint(ctx context.Context, id string) error {
	return db.setDisabled(ctx, id, false)
}

func (db *DB) setDisabled(ctx context.Context, id string, disabled bool) error {
	now := db.now()
	from, to := "", stateDisabled
	if !disabled {
		from, to = to, from
	}
	err := db.update(ctx, func(tx *bbolt.Tx) error {
		e := new(endpoint)
		if err := getRecord(tx, webhooksBucket, []byte(id), e); err != nil {
			return err
		}
		if e.Disabled == disabled {
			return errNoChange
		}
		e.Disabled = disabled
		if err := putEndpoint(tx, e); err != nil {
			return err
		}
		idx := tx.Bucket(dueIndex)
		for _, k := range deliveryKeys(tx, id) {
			d := new(delivery)
			if err := getRecord(tx, outboxBucket, k, d); err != nil {
				return err
			}
			if d.State != from {
				continue
			}
			_, seq, _ := splitKey(string(k))
			if err := idx.Delete(dueKey(id, d.NextAttempt, seq)); err != nil {
				return err
			}
			if d.State = to; !disabled {
				d.NextAttempt = now
				if err := idx.Put(dueKey(id, now, seq), nil); err != nil {
					return err
				}
			}
			if err := putRecord(tx, outboxBucket, k, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set webhook %s disabled=%t: %w", id, disabled, err)
	}
	return nil
}

// deliveryKeys returns the outbox keys of the deliveries to the endpoint
// id, copied (the caller may write the bucket while going through them).
func deliveryKeys(tx *bbolt.Tx, id string) [][]byte {
	var keys [][]byte
	prefix := []byte(id + "/")
	c := tx.Bucket(outboxBucket).Cursor()
	for k, _ := c.Seek(prefix); hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	return keys
}

// WebhookStats returns the delivery counters of the configured endpoints,
// in the order SetWebhooks gave them. It reads no delivery, so it is cheap
// enough for every metrics scrape.
func (db *DB) WebhookStats(ctx context.Context) ([]sanafeed.EndpointStats, error) {
	var out []sanafeed.EndpointStats
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		eps, err := endpoints(tx)
		for _, e := range eps {
			if e.Configured {
				out = append(out, e.EndpointStats)
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: webhook stats: %w", err)
	}
	return out, nil
}
