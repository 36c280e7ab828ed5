package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/sanafeed/sanafeed"
)

// The WebSub subscriptions of the built-in hub, one record per topic and
// callback (the pair that names a subscription in WebSub).

// subscriptionsBucket holds topic 0 callback → JSON subscription.
var subscriptionsBucket = []byte("websub_subscriptions")

// subscription is a sanafeed.Subscription as stored: the lease in whole
// seconds. The JSON keys are the file format; do not change them.
type subscription struct {
	Topic    string    `json:"topic"`
	Callback string    `json:"callback"`
	Secret   string    `json:"secret,omitempty"`
	Lease    int64     `json:"lease"` // seconds
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"`
	Sent     string    `json:"sent,omitempty"`
}

// subscriptionRecord returns the record of s.
func subscriptionRecord(s sanafeed.Subscription) subscription {
	return subscription{Topic: s.Topic, Callback: s.Callback, Secret: s.Secret, Lease: int64(s.Lease / time.Second),
		Created: s.Created, Expires: s.Expires, Sent: s.Sent}
}

// decodeSubscription decodes the record v stored under k.
func decodeSubscription(k, v []byte) (sanafeed.Subscription, error) {
	var r subscription
	if err := json.Unmarshal(v, &r); err != nil {
		return sanafeed.Subscription{}, fmt.Errorf("decode %q: %w", k, err)
	}
	return sanafeed.Subscription{Topic: r.Topic, Callback: r.Callback, Secret: r.Secret,
		Lease: time.Duration(r.Lease) * time.Second, Created: r.Created, Expires: r.Expires, Sent: r.Sent}, nil
}

// subscriptionKey returns the key of the subscription of callback to topic.
func subscriptionKey(topic, callback string) ([]byte, error) {
	if topic == "" || callback == "" || strings.ContainsRune(topic, 0) || strings.ContainsRune(callback, 0) {
		return nil, fmt.Errorf("bad subscription %q → %q", topic, callback)
	}
	return join([]byte(topic), sep, []byte(callback)), nil
}

// PutSubscription stores s, replacing any subscription of s.Callback to
// s.Topic (a renewal keeps the first Created time).
func (db *DB) PutSubscription(ctx context.Context, s sanafeed.Subscription) error {
	k, err := subscriptionKey(s.Topic, s.Callback)
	if err != nil {
		return fmt.Errorf("store: put subscription: %w", err)
	}
	err = db.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(subscriptionsBucket)
		if v := b.Get(k); v != nil {
			if old, err := decodeSubscription(k, v); err == nil && !old.Created.IsZero() {
				s.Created = old.Created
			}
		}
		buf, err := json.Marshal(subscriptionRecord(s))
		if err != nil {
			return err
		}
		return b.Put(k, buf)
	})
	if err != nil {
		return fmt.Errorf("store: put subscription %s → %s: %w", s.Topic, s.Callback, err)
	}
	return nil
}

// DeleteSubscription removes the subscription of callback to topic. It
// returns an error wrapping sanafeed.ErrNotFound if there is none.
func (db *DB) DeleteSubscription(ctx context.Context, topic, callback string) error {
	k, err := subscriptionKey(topic, callback)
	if err != nil {
		return fmt.Errorf("store: delete subscription: %w", err)
	}
	err = db.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(subscriptionsBucket)
		if b.Get(k) == nil {
			return sanafeed.ErrNotFound
		}
		return b.Delete(k)
	})
	if err != nil {
		return fmt.Errorf("store: delete subscription %s → %s: %w", topic, callback, err)
	}
	return nil
}

// Subscriptions returns the subscriptions to topic, or to every topic when
// topic is "", ordered by topic then callback. Expired ones are included:
// see DeleteExpiredSubscriptions.
func (db *DB) Subscriptions(ctx context.Context, topic string) ([]sanafeed.Subscription, error) {
	var out []sanafeed.Subscription
	var prefix []byte
	if topic != "" {
		prefix = join([]byte(topic), sep)
	}
	err := db.view(ctx, func(tx *bbolt.Tx) error {
		c := tx.Bucket(subscriptionsBucket).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			s, err := decodeSubscription(k, v)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	return out, nil
}

// SetSubscriptionSent records that the topic content with hash sent was
// delivered to callback. It does nothing when the subscription is gone
// (unsubscribed or expired meanwhile) and leaves its other fields alone,
// so a renewal that raced the delivery keeps its lease and secret.
func (db *DB) SetSubscriptionSent(ctx context.Context, topic, callback, sent string) error {
	k, err := subscriptionKey(topic, callback)
	if err != nil {
		return fmt.Errorf("store: subscription sent: %w", err)
	}
	err = db.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(subscriptionsBucket)
		v := b.Get(k)
		if v == nil {
			return errNoChange
		}
		s, err := decodeSubscription(k, v)
		if err != nil {
			return err
		}
		if s.Sent == sent {
			return errNoChange
		}
		s.Sent = sent
		buf, err := json.Marshal(subscriptionRecord(s))
		if err != nil {
			return err
		}
		return b.Put(k, buf)
	})
	if err != nil {
		return fmt.Errorf("store: subscription sent %s → %s: %w", topic, callback, err)
	}
	return nil
}

// DeleteExpiredSubscriptions removes the subscriptions whose lease ended
// at or before now and returns them.
func (db *DB) DeleteExpiredSubscriptions(ctx context.Context, now time.Time) ([]sanafeed.Subscription, error) {
	var gone []sanafeed.Subscription
	err := db.update(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(subscriptionsBucket)
		var keys [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			s, err := decodeSubscription(k, v)
			if err != nil {
				return err
			}
			if !s.Expires.After(now) {
				gone = append(gone, s)
				keys = append(keys, slices.Clone(k))
			}
		}
		if len(keys) == 0 {
			return errNoChange
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: delete expired subscriptions: %w", err)
	}
	return gone, nil
}
