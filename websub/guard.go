package websub

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// errAddrNotAllowed is returned, wrapped, when a callback resolves to an
// address the hub does not call.
var errAddrNotAllowed = errors.New("websub: callback address not allowed")

// special are the ranges, besides those netip.Addr's predicates name,
// that are not the public internet or that reach it only through a
// translator the address does not show (read-only).
var special = [...]struct {
	p    netip.Prefix
	name string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "this network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "NAT64"},
	{netip.MustParsePrefix("100::/64"), "discard"},
	{netip.MustParsePrefix("2001::/32"), "Teredo"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
}

// addrKind returns what kind of non-public address a is ("loopback",
// "private", ...), or "" when a is a public unicast address.
func addrKind(a netip.Addr) string {
	a = a.Unmap()
	switch {
	case !a.IsValid():
		return "invalid"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast():
		return "link-local"
	case a.IsMulticast():
		return "multicast"
	}
	for _, s := range special {
		if s.p.Contains(a) {
			return s.name
		}
	}
	return ""
}

// checkAddr returns an error wrapping errAddrNotAllowed unless a is a
// public address or in one of allow.
func checkAddr(a netip.Addr, allow []netip.Prefix) error {
	a = a.WithZone("").Unmap()
	for _, p := range allow {
		if p.Contains(a) {
			return nil
		}
	}
	if kind := addrKind(a); kind != "" {
		return fmt.Errorf("%w: %s is %s", errAddrNotAllowed, a, kind)
	}
	return nil
}

// dialControl returns a net.Dialer Control function that refuses to
// connect to an address checkAddr refuses. It sees the address after name
// resolution, each time a connection is made, so a name that resolves to
// a public address at one time and to a private one at another (DNS
// rebinding) is checked on the address actually dialled.
func dialControl(allow []netip.Prefix) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %q: %w", errAddrNotAllowed, address, err)
		}
		return checkAddr(ap.Addr(), allow)
	}
}

// callbackClient returns the client the hub calls subscribers with when
// it is given none: it connects only to public addresses and those in
// allow, through no proxy (a proxy would connect in its stead, past the
// check), and follows no redirects.
func callbackClient(allow []netip.Prefix) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: dialControl(allow)}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = d.DialContext
	t.MaxResponseHeaderBytes = 64 << 10
	return &http.Client{Transport: t, CheckRedirect: noRedirects}
}

// noRedirects is an http.Client CheckRedirect that returns the redirect
// itself as the answer: a callback cannot send the hub elsewhere.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
