package charset

import (
	"strings"
	"unicode/utf8"

	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// DecodeXML returns body, a feed or other XML document, as UTF-8 text. The
// charset comes from a byte order mark, the bytes when they are valid
// UTF-8, the charset parameter of contentType, the XML declaration's
// encoding, else a guess for the edition lang (see the package doc). A
// body declared UTF-8 (and no other charset) that is not valid is damaged
// UTF-8, never guessed to be in a legacy charset: an ASCII text with a
// few broken bytes would pass for windows-1252, its damage hidden.
//
// Invalid UTF-8 left over is replaced by U+FFFD; invalid is the offset in
// text of the first replacement, -1 when there is none. The XML
// declaration is left as it is, naming the charset the body was in.
func DecodeXML(body []byte, contentType, lang string) (text string, invalid int) {
	return decode(body, lang, contentTypeCharset(contentType), xmlDeclEncoding(body))
}

// DecodeHTML returns an HTML page's body as UTF-8, as DecodeXML does for a
// feed but with the charset of a <meta charset> or <meta http-equiv> in
// the first 1024 bytes in place of the XML declaration's: a body already
// valid UTF-8 is returned as it is. What does not decode becomes U+FFFD;
// so do the invalid bytes of a page declared UTF-8.
// The page's own charset declaration is left in place (HTML parsers read
// UTF-8 bytes as they are given).
func DecodeHTML(body []byte, contentType, lang string) []byte {
	if utf8.Valid(body) {
		return body
	}
	text, _ := decode(body, lang, contentTypeCharset(contentType), htmlMetaCharset(body))
	return []byte(text)
}

// decode returns body as UTF-8 text, its charset named by the first known
// of labels or else guessed, and the offset of the first U+FFFD put in
// for invalid UTF-8, or -1 (see DecodeXML).
func decode(body []byte, lang string, labels ...string) (string, int) {
	if enc, n := bomEncoding(body); enc != nil {
		return decodeWith(enc, body[n:])
	}
	if utf8.Valid(body) {
		return string(body), -1
	}
	declaredUTF8 := false
	for _, label := range labels {
		if label == "" {
			continue
		}
		enc, name := htmlcharset.Lookup(label)
		if name == "utf-8" {
			declaredUTF8 = true
		}
		if enc == nil || name == "utf-8" {
			continue // unknown, or UTF-8 the body is not
		}
		return decodeWith(enc, body)
	}
	if declaredUTF8 || mostlyUTF8(body) {
		return replaceInvalid(string(body))
	}
	return decodeWith(guessEncoding(body, lang), body)
}

// decodeWith decodes b with enc, replacing what does not decode.
func decodeWith(enc encoding.Encoding, b []byte) (string, int) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return replaceInvalid(string(b))
	}
	return replaceInvalid(string(out))
}

// replaceInvalid replaces invalid UTF-8 in s with U+FFFD and returns the
// offset of the first replacement, or -1 when s is valid.
func replaceInvalid(s string) (string, int) {
	if utf8.ValidString(s) {
		return s, -1
	}
	off := 0
	for off < len(s) {
		r, n := utf8.DecodeRuneInString(s[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	return strings.ToValidUTF8(s, "\uFFFD"), off
}
