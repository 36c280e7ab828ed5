// Package charset turns the bytes of a feed or a page, in any common
// charset, into UTF-8 text.
//
// The charset is taken from, in order: a byte order mark; the bytes
// themselves when they are valid UTF-8 (a single-byte text with non-ASCII
// letters practically never is, and servers often send a wrong default
// charset); the charset parameter of the HTTP Content-Type; the document's
// own declaration (an XML declaration's encoding, an HTML page's <meta>);
// else a guess from the edition's language and the bytes. A document
// declared UTF-8, and in no other charset, is never guessed to be in
// another: its invalid bytes are damage, not letters. Text that does not
// decode becomes U+FFFD; nothing fails.
//
// It is pure: bytes in, text out. Every function is safe for concurrent use.
package charset
