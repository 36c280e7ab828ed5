// Package xmlrepair makes text that is meant to be XML, and often is not,
// safe to parse. Repair rewrites it as well-formed XML in one pass, in time
// linear in its length, recording every fault it fixes (duplicated
// attributes, bare ampersands, HTML entities, control characters, invalid
// UTF-8, mismatched tags, truncation...). ReadProlog reads what precedes the
// root element, so that a caller can tell a feed from an HTML page and
// refuse entity declarations before a parser expands them.
//
// It knows feeds in one respect: an RSS item or Atom entry left open at the
// end of a truncated document is cut off rather than closed. It is pure and
// safe for concurrent use.
package xmlrepair
