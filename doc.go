// Package sanafeed holds the domain types of sanafeed: the six SANA editions,
// sources, articles, tags, translation links, fetch state, fetched responses
// and parsed feeds, with the pure rules that give every SANA article one
// stable identity.
//
// It imports the standard library only and does no I/O.
package sanafeed
