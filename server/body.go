package server

import (
	"net/http"
	"time"
)

// maxBody bounds a request body where one is taken (the WebSub hub's
// subscription form); a larger one is refused with 413.
const maxBody = 64 << 10

// guardBodies wraps h so that no request body is waited for where none is
// wanted: a request carrying one (a Content-Length above 0, or chunked)
// to any route but takesBody's is refused at once with 413 and its
// connection closed, the body unread; one that takesBody accepts is
// capped at maxBody. How long a wanted body may take to arrive is the
// http.Server's ReadTimeout (cmd/sanafeed sets it from server.read_timeout).
func guardBodies(h http.Handler, takesBody func(r *http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.ContentLength == 0: // no body (-1: chunked, length unknown)
		case !takesBody(r):
			refuseBody(w, "this resource takes no request body")
			return
		case r.ContentLength > maxBody:
			refuseBody(w, "request body too large (at most 64 KiB)")
			return
		default:
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		h.ServeHTTP(w, r)
	})
}

// refuseBody answers 413 with msg and closes the connection without
// reading the request body. net/http would otherwise read up to 256 KiB
// of an unread body after the answer, to reuse the connection: a body
// dripped a byte at a time would hold the connection for as long as the
// client likes. A read deadline in the past makes that read fail at once.
func refuseBody(w http.ResponseWriter, msg string) {
	w.Header().Set("Connection", "close")
	http.NewResponseController(w).SetReadDeadline(time.Unix(1, 0)) // unsupported in tests' recorders: nothing to stop there
	textError(w, http.StatusRequestEntityTooLarge, msg)
}
