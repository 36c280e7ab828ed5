package store

import (
	"context"
	"fmt"

	"go.etcd.io/bbolt"
)

// RetryDeliveries makes every delivery to the endpoint id that is not
// delivered due now: those given up on (failed) are queued again, those
// waiting for their next attempt are moved to now. Deliveries of a
// disabled endpoint stay as they are (EnableEndpoint first). It returns
// how many it made due.
func (db *DB) RetryDeliveries(ctx context.Context, id string) (int, error) {
	now := db.now()
	n := 0
	err := db.update(ctx, func(tx *bbolt.Tx) error {
		e := new(endpoint)
		if err := getRecord(tx, webhooksBucket, []byte(id), e); err != nil {
			return err
		}
		if e.Disabled {
			return fmt.Errorf("endpoint %s is disabled (enable it first)", id)
		}
		idx := tx.Bucket(dueIndex)
		for _, k := range deliveryKeys(tx, id) {
			d := new(delivery)
			if err := getRecord(tx, outboxBucket, k, d); err != nil {
				return err
			}
			_, seq, _ := splitKey(string(k))
			switch d.State {
			case "":
				if !d.NextAttempt.After(now) {
					continue // due already
				}
				if err := idx.Delete(dueKey(id, d.NextAttempt, seq)); err != nil {
					return err
				}
			case stateFailed:
				d.State = ""
				e.Failed--
				e.Pending++
			default:
				continue
			}
			d.NextAttempt = now
			if err := idx.Put(dueKey(id, now, seq), nil); err != nil {
				return err
			}
			if err := putRecord(tx, outboxBucket, k, d); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return errNoChange
		}
		return putEndpoint(tx, e)
	})
	if err != nil {
		return 0, fmt.Errorf("store: retry webhook %s: %w", id, err)
	}
	return n, nil
}
