package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// do sends one GET for u with hdr, following redirects. Every hop waits for
// its host's turn, and, when checkRobots is set, is checked against the
// host's robots.txt first. The body of a 2xx answer is read (decompressed)
// up to limit bytes: beyond that do fails with ErrTooLarge, or, with
// truncate set, keeps the first limit bytes. Other bodies are drained a
// little and dropped. do returns the final response, its body closed,
// whenever one arrived, even with an error.
func (c *Client) do(ctx context.Context, u *url.URL, hdr http.Header, checkRobots bool, limit int64, truncate bool) (*http.Response, []byte, error) {
	if checkRobots {
		if err := c.checkRobots(ctx, u); err != nil {
			return nil, nil, err
		}
	}
	held, err := c.acquire(ctx, hostKey(u))
	if err != nil {
		return nil, nil, err
	}
	defer func() { c.release(held) }()

	sctx, stall := context.WithCancelCause(ctx)
	defer stall(nil)
	rctx, cancel := context.WithTimeout(sctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header = hdr.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("User-Agent", c.userAgent())
	hc := *c.httpClient() // a copy, to wrap its redirect policy
	hc.CheckRedirect = c.politeRedirects(hc.CheckRedirect, checkRobots, &held)
	headerIn := func() bool { return true }
	if fb := c.firstByte(); fb < c.timeout() { // else the request's timeout decides alone
		headerIn = time.AfterFunc(fb, func() { stall(&StallError{After: fb}) }).Stop
	}
	resp, err := hc.Do(req)
	headerIn()
	if err != nil {
		if se, ok := context.Cause(sctx).(*StallError); ok && ctx.Err() == nil {
			return resp, nil, se
		}
		// resp is set when CheckRedirect refused a redirect; its body is
		// closed already.
		return resp, nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	if d := hostPause(resp, c.now()); d > 0 {
		c.pause(hostKey(resp.Request.URL), d)
	}
	if !succeeded(resp) {
		io.CopyN(io.Discard, resp.Body, 64<<10) // let the connection be reused
		return resp, nil, nil
	}
	body, err := readBody(resp, limit, truncate)
	return resp, body, err
}

// politeRedirects returns a redirect policy that applies userCheck (nil
// means: at most maxRedirects redirects), then ends the turn *held of the
// host redirected from, checks the next URL against robots.txt when
// checkRobots is set, and waits for the next host's turn, which it leaves
// in *held for do to release.
func (c *Client) politeRedirects(userCheck func(*http.Request, []*http.Request) error, checkRobots bool, held **hostState) func(*http.Request, []*http.Request) error {
	return func(next *http.Request, via []*http.Request) error {
		if userCheck != nil {
			if err := userCheck(next, via); err != nil {
				return err
			}
		} else if err := checkRedirect(next, via); err != nil {
			return err
		}
		c.release(*held)
		*held = nil
		if checkRobots {
			if err := c.checkRobots(next.Context(), next.URL); err != nil {
				return err
			}
		}
		h, err := c.acquire(next.Context(), hostKey(next.URL))
		*held = h
		return err
	}
}

// checkRedirect refuses a redirect back to a URL already visited, naming
// the loop, and more than maxRedirects redirects.
func checkRedirect(next *http.Request, via []*http.Request) error {
	for i, r := range via {
		if r.URL.String() == next.URL.String() {
			hops := make([]string, 0, len(via)-i+1)
			for _, v := range via[i:] {
				hops = append(hops, v.URL.RequestURI())
			}
			return fmt.Errorf("%w: %s → %s", ErrRedirectLoop, strings.Join(hops, " → "), next.URL.RequestURI())
		}
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	return nil
}

// unwrapURLError drops net/http's *url.Error wrapper, whose message repeats
// the method and URL that the caller names anyway. The cause stays
// reachable through errors.Is.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// readBody reads resp's body, gunzipping it if it is gzip, with limit
// applied to both the bytes on the wire and the decompressed bytes.
func readBody(resp *http.Response, limit int64, truncate bool) ([]byte, error) {
	var r io.Reader = &capReader{r: resp.Body, left: limit}
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	if !resp.Uncompressed && (enc == "gzip" || enc == "x-gzip") {
		br := newPeekReader(r)
		if br.isGzip() {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("read body: gzip: %w", err)
			}
			defer zr.Close()
			r = &capReader{r: zr, left: limit}
		} else {
			r = br // labelled gzip but not gzip: take it as it is
		}
	}
	body, err := io.ReadAll(r)
	if errors.Is(err, ErrTooLarge) {
		if truncate {
			return body[:min(int64(len(body)), limit)], nil
		}
		return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return body, nil
}

// A capReader passes at most left+1 bytes through and then fails with
// ErrTooLarge: reading one byte more than allowed tells a body of exactly
// the cap from a longer one.
type capReader struct {
	r    io.Reader
	left int64 // bytes still allowed
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}

// peekReader lets readBody look at the first bytes of a stream.
type peekReader struct {
	head []byte
	r    io.Reader
}

func newPeekReader(r io.Reader) *peekReader {
	head := make([]byte, 2)
	n, _ := io.ReadFull(r, head)
	return &peekReader{head: head[:n], r: r}
}

// isGzip reports whether the stream starts with gzip's magic number.
func (p *peekReader) isGzip() bool { return bytes.HasPrefix(p.head, []byte{0x1f, 0x8b}) }

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	return p.r.Read(b)
}
