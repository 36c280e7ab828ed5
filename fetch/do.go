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
)

// rawResult is one HTTP exchange as do saw it.
type rawResult struct {
	url    string      // final URL
	status int         // final status
	header http.Header // final header
	body   []byte      // 2xx body, decompressed
}

// do sends one GET for u with hdr, following redirects. Every hop waits for
// its host's turn, and, when checkRobots is set, is checked against the
// host's robots.txt first. The body of a 2xx answer is read (decompressed)
// up to limit bytes: beyond that do fails with ErrTooLarge, or, with
// truncate set, keeps the first limit bytes. Other bodies are drained a
// little and dropped. The result is non-nil whenever a response arrived.
func (c *Client) do(ctx context.Context, u *url.URL, hdr http.Header, checkRobots bool, limit int64, truncate bool) (*rawResult, error) {
	if checkRobots {
		if err := c.checkRobots(ctx, u); err != nil {
			return nil, err
		}
	}
	held, err := c.acquire(ctx, hostKey(u))
	if err != nil {
		return nil, err
	}
	defer func() { c.release(held) }()

	rctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header = hdr.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("User-Agent", c.userAgent())

	hc := *c.httpClient() // a copy, to wrap its redirect policy
	userCheck := hc.CheckRedirect
	hc.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		if userCheck != nil {
			if err := userCheck(next, via); err != nil {
				return err
			}
		} else if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		c.release(held)
		held = nil
		if checkRobots {
			if err := c.checkRobots(next.Context(), next.URL); err != nil {
				return err
			}
		}
		h, err := c.acquire(next.Context(), hostKey(next.URL))
		held = h
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		if resp != nil { // a redirect refused by CheckRedirect: body already closed
			return &rawResult{url: resp.Request.URL.String(), status: resp.StatusCode, header: resp.Header}, unwrapURLError(err)
		}
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	res := &rawResult{url: resp.Request.URL.String(), status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		if d := parseRetryAfter(resp.Header.Get("Retry-After"), c.now()); d > 0 {
			c.pause(hostKey(resp.Request.URL), d)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.CopyN(io.Discard, resp.Body, 64<<10) // let the connection be reused
		return res, nil
	}
	res.body, err = readBody(resp, limit, truncate)
	if err != nil {
		return res, err
	}
	return res, nil
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
