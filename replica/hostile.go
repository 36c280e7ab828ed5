package replica

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// A FaultKind is one way the site can fail to answer properly.
type FaultKind int

// The faults a Site can be told to produce with SetFault. Those that spoil
// a document (InvalidUTF8, Win1256, Win1256Undeclared, Truncated, Drip,
// CloseMidBody) start from the answer the site would have given.
const (
	FaultNone              FaultKind = iota // no fault: SetFault with it removes a fault
	Fault500                                // 500 Internal Server Error
	Fault503                                // 503 Service Unavailable, with Retry-After when Fault.RetryAfter is set
	Fault429                                // 429 Too Many Requests, with Retry-After when Fault.RetryAfter is set
	FaultStall                              // accept the request and never answer
	FaultDrip                               // send the headers, then the body one byte every Fault.Every (1s)
	FaultCloseMidBody                       // promise the whole body, send half, close the connection
	FaultHuge                               // a 200 whose body is Fault.Size bytes (50 MB)
	FaultRedirectLoop                       // 302 to the same path, forever
	FaultInvalidUTF8                        // the document with invalid UTF-8 sequences in its text
	FaultWin1256                            // the document in windows-1256, declared in the header and the document
	FaultWin1256Undeclared                  // the document in windows-1256, declared nowhere
	FaultEntityBomb                         // an XML entity bomb (billion laughs) where a feed should be
	FaultTruncated                          // the first half of the document, as a complete response
	FaultHTML                               // an HTML maintenance page where a feed or article should be
	FaultEmpty                              // a 200 with an empty body
	faultKinds                              // the number of kinds
)

var faultNames = [...]string{"none", "500", "503", "429", "stall", "drip", "close-mid-body", "huge",
	"redirect-loop", "invalid-utf8", "windows-1256", "windows-1256-undeclared", "entity-bomb",
	"truncated", "html", "empty"}

// String returns the kind's name, e.g. "stall" or "429".
func (k FaultKind) String() string {
	if k >= 0 && k < faultKinds {
		return faultNames[k]
	}
	return "fault(" + strconv.Itoa(int(k)) + ")"
}

// FaultKinds returns every kind but FaultNone, in order.
func FaultKinds() []FaultKind {
	ks := make([]FaultKind, 0, faultKinds-1)
	for k := FaultNone + 1; k < faultKinds; k++ {
		ks = append(ks, k)
	}
	return ks
}

// A Fault is what a Site does instead of answering properly.
type Fault struct {
	Kind FaultKind
	// RetryAfter is sent as Retry-After (whole seconds, rounded up) with
	// Fault503 and Fault429; 0 sends none.
	RetryAfter time.Duration
	// Size is the body length of FaultHuge; 0 means 50 MB.
	Size int64
	// Every is the gap between two bytes of FaultDrip; 0 means 1s.
	Every time.Duration
	// Times is how many answers the fault spoils before it clears itself;
	// 0 means until ClearFaults or Heal.
	Times int
}

const defaultHugeSize = 50 << 20

// A faultSet is the hostile mode of a Site: the faults set and the
// answers hanging on them.
type faultSet struct {
	mu      sync.Mutex    // guards the fields below
	rules   []*faultRule  // in the order set
	release chan struct{} // closed by Heal: stalled and dripping answers end
	spoiled int           // answers spoiled so far
	hanging int           // stalled or dripping answers in progress
	// hung, when set (by tests, before any request), is called with
	// hanging each time it changes, under mu: a signal to wait on.
	hung func(hanging int)
}

// A faultRule is a fault set for an edition and a path prefix.
type faultRule struct {
	lang, prefix string
	f            Fault
	left         int // answers left to spoil; -1 = no limit
}

// SetFault makes the site answer every request whose path starts with
// pathPrefix (an absolute path such as "/fr/feed/" or "/" ) with f. lang
// narrows it to one edition ("ar" matches the Arabic paths, not those of
// /en/ and the others); "" matches every path of the host, /robots.txt and
// the uploads included, which belong to no edition. Where several faults
// match, the longest prefix wins, then the latest set. A Fault of kind
// FaultNone removes the fault set for lang and pathPrefix. The faults are
// deterministic: the same requests get the same answers.
func (s *Site) SetFault(lang, pathPrefix string, f Fault) {
	fs := &s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = removeRule(fs.rules, lang, pathPrefix)
	if f.Kind == FaultNone {
		return
	}
	left := f.Times
	if left <= 0 {
		left = -1
	}
	fs.rules = append(fs.rules, &faultRule{lang: lang, prefix: pathPrefix, f: f, left: left})
}

func removeRule(rules []*faultRule, lang, prefix string) []*faultRule {
	out := rules[:0]
	for _, r := range rules {
		if r.lang != lang || r.prefix != prefix {
			out = append(out, r)
		}
	}
	return out
}

// ClearFaults removes every fault. Answers already stalled or dripping
// carry on until their client goes away; Heal ends them too.
func (s *Site) ClearFaults() {
	fs := &s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = nil
}

// Heal removes every fault and ends the answers stalled or dripping on
// one, by closing their connections.
func (s *Site) Heal() {
	fs := &s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = nil
	if fs.release != nil {
		close(fs.release)
		fs.release = nil
	}
}

// Spoiled returns how many answers the faults have spoiled since creation.
func (s *Site) Spoiled() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.spoiled
}

// Hanging returns how many stalled or dripping answers are in progress.
func (s *Site) Hanging() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.hanging
}

// take returns the fault for a request to path in the edition lang ("" for
// none), counting it as used, and the channel Heal closes.
func (fs *faultSet) take(lang, path string) (Fault, <-chan struct{}, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var best *faultRule
	for _, r := range fs.rules {
		if (r.lang == "" || r.lang == lang) && strings.HasPrefix(path, r.prefix) &&
			(best == nil || len(r.prefix) >= len(best.prefix)) {
			best = r
		}
	}
	if best == nil {
		return Fault{}, nil, false
	}
	if best.left > 0 {
		best.left--
		if best.left == 0 {
			fs.rules = removeRule(fs.rules, best.lang, best.prefix)
		}
	}
	fs.spoiled++
	if fs.release == nil {
		fs.release = make(chan struct{})
	}
	return best.f, fs.release, true
}

// hang counts an answer that stalls or drips while it runs.
func (fs *faultSet) hang(d int) {
	fs.mu.Lock()
	fs.hanging += d
	if fs.hung != nil {
		fs.hung(fs.hanging)
	}
	fs.mu.Unlock()
}

// langOf returns the edition path p belongs to, or "" for the host's own
// paths (robots.txt, uploads, /rss).
func (s *Site) langOf(p string) string {
	if p == "/robots.txt" || p == "/rss" || p == "/rss/" || strings.HasPrefix(p, "/wp-content/") {
		return ""
	}
	for lang, es := range s.eds { // the map is only read after New
		if root := es.ed.root(); lang != "ar" && (p == root || strings.HasPrefix(p, root+"/")) {
			return lang
		}
	}
	return "ar"
}

// hostile answers r with the fault set for it, if any, and reports
// whether it did.
func (s *Site) hostile(w http.ResponseWriter, r *http.Request) bool {
	f, release, ok := s.faults.take(s.langOf(r.URL.Path), r.URL.Path)
	if !ok {
		return false
	}
	switch f.Kind {
	case FaultStall:
		s.record(r, 0)
		s.faults.hang(1)
		defer s.faults.hang(-1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
		panic(http.ErrAbortHandler) // close the connection without a word
	case FaultDrip:
		s.drip(w, r, f, release)
		return true
	case FaultCloseMidBody:
		resp := s.handle(r)
		s.record(r, resp.status)
		if resp.status != http.StatusOK {
			writeResponse(w, r, resp) // only documents are cut
			return true
		}
		body := resp.body
		w.Header().Set("Content-Type", resp.ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(resp.status)
		w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	case FaultHuge:
		s.huge(w, r, f)
		return true
	}
	resp := s.spoil(r, f)
	resp = settle(r, resp)
	s.record(r, resp.status)
	writeResponse(w, r, resp)
	return true
}

// spoil returns the answer to r under the faults that answer in one piece.
func (s *Site) spoil(r *http.Request, f Fault) response {
	plain := func(code int, hdr ...string) response {
		return response{status: code, ctype: "text/html; charset=UTF-8", header: hdr,
			body: fmt.Appendf(nil, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head><body><h1>%s</h1></body></html>\n",
				code, http.StatusText(code), http.StatusText(code))}
	}
	var retry []string
	if f.RetryAfter > 0 {
		secs := (f.RetryAfter + time.Second - 1) / time.Second
		retry = []string{"Retry-After", strconv.FormatInt(int64(secs), 10)}
	}
	switch f.Kind {
	case Fault500:
		return plain(http.StatusInternalServerError)
	case Fault503:
		return plain(http.StatusServiceUnavailable, retry...)
	case Fault429:
		return plain(http.StatusTooManyRequests, retry...)
	case FaultRedirectLoop:
		target := r.URL.Path + "?loop=1"
		if r.URL.Query().Get("loop") != "" {
			target = r.URL.Path
		}
		return response{status: http.StatusFound, location: target}
	case FaultEntityBomb:
		return response{status: http.StatusOK, ctype: "application/rss+xml; charset=UTF-8", body: entityBomb()}
	case FaultHTML:
		return response{status: http.StatusOK, ctype: "text/html; charset=UTF-8", body: []byte(maintenancePage)}
	}
	resp := s.handle(r)
	resp.lastMod = time.Time{} // a spoiled answer is not cached
	switch f.Kind {
	case FaultInvalidUTF8:
		resp.body = invalidUTF8(resp.body)
	case FaultWin1256, FaultWin1256Undeclared:
		resp.body, resp.ctype = win1256(resp.body, resp.ctype, f.Kind == FaultWin1256)
	case FaultTruncated:
		resp.body = resp.body[:len(resp.body)/2]
	case FaultEmpty:
		resp.body = nil
		if resp.ctype == "" {
			resp.ctype = "text/html; charset=UTF-8"
		}
	}
	return resp
}

// drip sends the answer to r one byte every f.Every, until it is all sent,
// the client goes away or Heal is called.
func (s *Site) drip(w http.ResponseWriter, r *http.Request, f Fault, release <-chan struct{}) {
	resp := s.handle(r)
	s.record(r, resp.status)
	if resp.status != http.StatusOK {
		writeResponse(w, r, resp) // only documents drip
		return
	}
	s.faults.hang(1)
	defer s.faults.hang(-1)
	every := f.Every
	if every <= 0 {
		every = time.Second
	}
	w.Header().Set("Content-Type", resp.ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	fl, _ := w.(http.Flusher)
	t := time.NewTicker(every)
	defer t.Stop()
	for i := range resp.body {
		if _, err := w.Write(resp.body[i : i+1]); err != nil {
			return
		}
		if fl != nil {
			fl.Flush()
		}
		select {
		case <-r.Context().Done():
			return
		case <-release:
			panic(http.ErrAbortHandler)
		case <-t.C:
		}
	}
}

// huge sends a 200 of f.Size bytes: the start of the proper answer, then
// padding, written as it goes so that the site itself holds little.
func (s *Site) huge(w http.ResponseWriter, r *http.Request, f Fault) {
	resp := s.handle(r)
	s.record(r, http.StatusOK)
	size := f.Size
	if size <= 0 {
		size = defaultHugeSize
	}
	ctype := resp.ctype
	if ctype == "" {
		ctype = "text/html; charset=UTF-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	head := resp.body[:min(len(resp.body), 1024, int(size))]
	if _, err := w.Write(head); err != nil {
		return
	}
	pad := bytes.Repeat([]byte("<!-- padding padding padding padding padding padding padding -->\n"), 512)
	for left := size - int64(len(head)); left > 0; {
		n := min(int64(len(pad)), left)
		if _, err := w.Write(pad[:n]); err != nil || r.Context().Err() != nil {
			return
		}
		left -= n
	}
}

// maintenancePage is what a misconfigured cache or a maintenance mode
// serves in place of anything.
const maintenancePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Under maintenance</title></head>
<body><h1>Site under maintenance</h1><p>We will be back soon.</p></body></html>
`

// entityBomb returns an RSS document whose title expands to 10^9 bytes
// when its entities are expanded (billion laughs).
func entityBomb() []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 \"lol\">\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "<!ENTITY lol%d \"%s\">\n", i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>\n" +
		"<item><title>&lol9;</title><link>&lol9;</link><description>&lol9;</description></item>\n" +
		"</channel></rss>\n")
	return []byte(b.String())
}

// invalidUTF8 returns body with invalid UTF-8 sequences at the end of
// every title and paragraph and inside every CDATA section.
func invalidUTF8(body []byte) []byte {
	r := strings.NewReplacer(
		"</title>", "\xc3\x28\xff</title>",
		"</p>", "\xe2\x82\xfe</p>",
		"<![CDATA[", "<![CDATA[\x80\xbf",
		"</h1>", "\xf0\x28\x8c\x28</h1>",
	)
	return []byte(r.Replace(string(body)))
}

// win1256 returns body, UTF-8, re-encoded in windows-1256 (what it cannot
// encode, such as Arabic-Indic digits, as numeric character references,
// the way a windows-1256 WordPress would store it) and its content type,
// the charset declared in both when declare is set, nowhere otherwise.
func win1256(body []byte, ctype string, declare bool) ([]byte, string) {
	out := make([]byte, 0, len(body))
	for _, r := range string(body) {
		if b, ok := charmap.Windows1256.EncodeRune(r); ok {
			out = append(out, b)
		} else {
			out = fmt.Appendf(out, "&#%d;", r)
		}
	}
	if i := strings.Index(strings.ToLower(ctype), "; charset="); i >= 0 {
		ctype = ctype[:i]
	}
	var r *strings.Replacer
	if declare {
		ctype += "; charset=windows-1256"
		r = strings.NewReplacer(`encoding="UTF-8"`, `encoding="windows-1256"`,
			`<meta charset="UTF-8">`, `<meta charset="windows-1256">`)
	} else {
		r = strings.NewReplacer(` encoding="UTF-8"`, "", `<meta charset="UTF-8">`, "")
	}
	return []byte(r.Replace(string(out))), ctype
}
