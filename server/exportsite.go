package server

import (
	"context"
)

// exportSite emits, through emit (Export's), the documents a static copy
// needs besides the feeds, the default OPML and the index page: the
// site's icon.
func (s *Server) exportSite(ctx context.Context, emit func(path string, k docKey) error) error {
	return emit(faviconPath, docKey{kind: kindFavicon})
}
