package sanafeed

import "time"

// WebSub (https://www.w3.org/TR/websub/): the subscriptions of sanafeed's
// built-in hub (package websub verifies them, package store keeps them),
// the topics it distributes (package server renders them) and its numbers.

// A Subscription is one verified WebSub subscription of a callback to a
// topic; the topic and the callback together name it.
type Subscription struct {
	Topic    string        // the feed URL subscribed to, canonical: the feed's own URL, whatever alias the subscriber gave
	Callback string        // where content is POSTed
	Secret   string        // hub.secret, for X-Hub-Signature; "" means deliveries are not signed
	Lease    time.Duration // as granted, in whole seconds
	Created  time.Time     // when first verified
	Expires  time.Time     // when the lease ends
	// Sent is the hash of the topic content last delivered to (or current
	// when verifying) this subscriber; content distribution skips a
	// subscriber whose Sent matches the topic's current content.
	Sent string
}

// A Topic is one served feed as WebSub distributes it, as rendered now.
type Topic struct {
	URL         string // canonical: as the feed's own rel="self" link
	Body        []byte // the feed document, shared: do not modify
	ContentType string
	Hash        string // of Body: equal hashes mean equal bodies
}

// HubStats are the built-in hub's numbers, for /metrics.
type HubStats struct {
	Subscriptions int    // active: verified and not expired
	Topics        int    // distinct topics among them
	Verifying     int    // subscription requests waiting for verification of intent
	Delivered     uint64 // content distributions answered 2xx since start
	Failed        uint64 // content distributions given up after the last retry since start
}
