package charset

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

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

// guessEncoding picks a legacy single-byte charset for b, a text of the
// edition lang ("" when unknown).
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
