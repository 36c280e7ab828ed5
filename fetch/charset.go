package fetch

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// toUTF8 returns body as UTF-8 text. The charset comes from, in order: a
// byte order mark; the body itself when it is valid UTF-8 (a single-byte
// text with non-ASCII letters is practically never valid UTF-8, and servers
// often send a wrong default charset); the charset parameter of
// contentType; the XML declaration's encoding; else a guess from lang and
// the bytes (windows-1256 for Arabic, windows-1254 for Turkish,
// windows-1252 otherwise). A body declared UTF-8 that is not valid is
// taken for damaged UTF-8 rather than a legacy charset when it has valid
// multi-byte sequences too (see damagedUTF8). Invalid UTF-8 left over is
// replaced by U+FFFD and reported as a fault.
func toUTF8(body []byte, contentType, lang string) (string, []fault) {
	return decodeText(body, lang, contentTypeCharset(contentType), xmlDeclEncoding(body))
}

// DecodeHTML returns an HTML page's body as UTF-8, as toUTF8 does for a
// feed but with the charset of a <meta charset> or <meta http-equiv> in
// the first 1024 bytes in place of the XML declaration's: a body already
// valid UTF-8 is returned as it is. What does not decode becomes U+FFFD.
// The page's own charset declaration is left in place (HTML parsers read
// UTF-8 bytes as they are given).
func DecodeHTML(body []byte, contentType, lang string) []byte {
	if utf8.Valid(body) {
		return body
	}
	text, _ := decodeText(body, lang, contentTypeCharset(contentType), htmlMetaCharset(body))
	return []byte(text)
}

// decodeText returns body as UTF-8 text, its charset named by the first
// known of labels or else guessed (see toUTF8).
func decodeText(body []byte, lang string, labels ...string) (string, []fault) {
	if enc, n := bomEncoding(body); enc != nil {
		return decodeWith(enc, body[n:])
	}
	if isASCII(body) {
		return string(body), nil
	}
	if utf8.Valid(body) {
		return string(body), nil
	}
	declaredUTF8 := false
	for _, label := range labels {
		if label == "" {
			continue
		}
		enc, name := charset.Lookup(label)
		if name == "utf-8" {
			declaredUTF8 = true
		}
		if enc == nil || name == "utf-8" {
			continue // unknown, or UTF-8 the body is not
		}
		return decodeWith(enc, body)
	}
	if mostlyUTF8(body) || declaredUTF8 && damagedUTF8(body) {
		return repairUTF8(string(body))
	}
	return decodeWith(guessEncoding(body, lang), body)
}

// bomEncoding returns the encoding a byte order mark (or, for UTF-16, the
// zero bytes around "<?") announces, and the length of the mark.
func bomEncoding(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 0
	case bytes.HasPrefix(b, []byte{0, '<', 0, '?'}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 0
	}
	return nil, 0
}

// decodeWith decodes b with enc, replacing what does not decode.
func decodeWith(enc encoding.Encoding, b []byte) (string, []fault) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return repairUTF8(string(b))
	}
	return repairUTF8(string(out))
}

// repairUTF8 replaces invalid UTF-8 in s with U+FFFD.
func repairUTF8(s string) (string, []fault) {
	if utf8.ValidString(s) {
		return s, nil
	}
	off := 0
	for off < len(s) {
		r, n := utf8.DecodeRuneInString(s[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	return strings.ToValidUTF8(s, "\uFFFD"), []fault{{off: off, msg: "invalid UTF-8"}}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// mostlyUTF8 reports whether b's non-ASCII bytes mostly form valid UTF-8
// sequences: UTF-8 damaged here and there, not a legacy charset.
func mostlyUTF8(b []byte) bool {
	good, bad := utf8Counts(b)
	return good > 2*bad
}

// utf8Counts returns how many valid multi-byte sequences and how many
// invalid bytes b holds.
func utf8Counts(b []byte) (good, bad int) {
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			good++
		}
		i += n
	}
	return good, bad
}

// damagedUTF8 reports whether b, declared UTF-8 but not valid, is UTF-8
// with bytes broken here and there rather than a legacy charset: it has
// valid multi-byte sequences and at most twenty invalid bytes for each. A
// legacy text has next to none (a windows-1256 Arabic page: a few, for
// thousands of invalid bytes), while text damaged in transit or by a
// plugin cutting strings keeps most of its own.
func damagedUTF8(b []byte) bool {
	good, bad := utf8Counts(b)
	return good > 0 && bad <= 20*good
}

// guessEncoding picks a legacy single-byte charset for b.
func guessEncoding(b []byte, lang string) encoding.Encoding {
	switch lang {
	case "ar":
		return charmap.Windows1256
	case "tr":
		return charmap.Windows1254
	case "en", "fr", "es", "ku":
		return charmap.Windows1252
	}
	// windows-1256 keeps French letters where windows-1252 has them
	// (é, è, à, ç...) and puts Arabic letters at 0xC1-0xDF, where
	// windows-1252 has capital accented letters, rare in Latin text.
	high, upper := 0, 0
	for _, c := range b {
		if c >= 0x80 {
			high++
			if c >= 0xC1 && c <= 0xDF {
				upper++
			}
		}
	}
	if upper*3 > high {
		return charmap.Windows1256
	}
	return charmap.Windows1252
}

// htmlMetaCharset returns the charset an HTML page declares in a meta
// element within its first 1024 bytes (<meta charset="…"> or
// <meta http-equiv="Content-Type" content="…; charset=…">), or "".
func htmlMetaCharset(b []byte) string {
	head := bytes.ToLower(b[:min(len(b), 1024)])
	for {
		i := bytes.Index(head, []byte("<meta"))
		if i < 0 {
			return ""
		}
		head = head[i+len("<meta"):]
		end := bytes.IndexByte(head, '>')
		if end < 0 {
			return ""
		}
		tag := head[:end]
		if j := bytes.Index(tag, []byte("charset=")); j >= 0 {
			v := bytes.TrimLeft(tag[j+len("charset="):], `"' `)
			k := bytes.IndexAny(v, "\"'; /\t\r\n")
			if k < 0 {
				k = len(v)
			}
			if k > 0 {
				return string(v[:k])
			}
		}
	}
}

// contentTypeCharset returns the charset parameter of a Content-Type.
func contentTypeCharset(ct string) string {
	if ct == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(ct); err == nil {
		return strings.TrimSpace(params["charset"])
	}
	i := strings.Index(strings.ToLower(ct), "charset=")
	if i < 0 {
		return ""
	}
	v, _, _ := strings.Cut(ct[i+len("charset="):], ";")
	return strings.Trim(strings.TrimSpace(v), `"'`)
}

// xmlDeclEncoding returns the encoding named by the XML declaration, which
// may follow junk, or "".
func xmlDeclEncoding(b []byte) string {
	i := bytes.Index(b, []byte("<?xml"))
	if i < 0 {
		return ""
	}
	decl := b[i:]
	if end := bytes.Index(decl, []byte("?>")); end >= 0 && end < 512 {
		decl = decl[:end]
	} else {
		return ""
	}
	j := bytes.Index(decl, []byte("encoding"))
	if j < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[j+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	end := bytes.IndexByte(rest[1:], q)
	if end < 0 {
		return ""
	}
	return string(rest[1 : 1+end])
}
