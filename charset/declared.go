package charset

import (
	"bytes"
	"mime"
	"strings"
)

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
