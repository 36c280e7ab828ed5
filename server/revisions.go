package server

import (
	"context"
	"fmt"
	"time"

	"github.com/sanafeed/sanafeed"
)

// revisionStyle is the CSS of a story page's revisions, in a <style> of
// its own that only a page showing revisions has (pagePolicy allows it
// by its hash), so that the other pages stay as they were.
const revisionStyle = `.revision{border-top:1px solid var(--line);padding:.7rem 0}
.revision h3{text-transform:none;letter-spacing:0}
.revision .title{font-weight:600}
ins{background:#d8f0df;text-decoration:none}
del{background:#f8dddd;color:var(--muted)}
`

// A storyRevision is one text of an article on its story page: the
// current one or a past one, with its diff from the text before it.
type storyRevision struct {
	Version int
	At      time.Time // when sanafeed stored the text
	URL     string    // the SANA post it was read from
	Current bool
	// Title and Body are the word-level diffs from the text before; the
	// oldest text kept has no diff: all of it is kept text.
	Title, Body []diffSeg
}

// revisionsOf returns the texts of a, newest first, each diffed against
// the one before it; none if a has no past revision.
func (s *Server) revisionsOf(ctx context.Context, a *sanafeed.Article) ([]storyRevision, error) {
	if a.Revisions == 0 {
		return nil, nil
	}
	revs, err := s.Store.Revisions(ctx, a.Key())
	if err != nil {
		return nil, fmt.Errorf("server: revisions of %s: %w", a.Key(), err)
	}
	if len(revs) == 0 {
		return nil, nil
	}
	texts := append(revs, sanafeed.Revision{Version: a.Version, At: a.Updated, URL: a.TextURL(), Title: a.Title, Content: a.Content})
	out := make([]storyRevision, 0, len(texts))
	var prevTitle, prevBody []word
	for i, r := range texts {
		title, body := splitWords([]string{r.Title}), splitWords(paragraphs(r.Content))
		sr := storyRevision{Version: r.Version, At: r.At, URL: r.URL, Current: i == len(texts)-1}
		if i == 0 {
			prevTitle, prevBody = title, body
		}
		sr.Title, sr.Body = trimBreak(wordDiff(prevTitle, title)), trimBreak(wordDiff(prevBody, body))
		prevTitle, prevBody = title, body
		out = append(out, sr)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// trimBreak drops the Break that ends the last paragraph of segs.
func trimBreak(segs []diffSeg) []diffSeg {
	if n := len(segs); n > 0 && segs[n-1].Break {
		return segs[:n-1]
	}
	return segs
}
