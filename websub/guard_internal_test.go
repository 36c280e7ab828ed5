package websub

import (
	"errors"
	"net/netip"
	"testing"
)

func TestDialControl(t *testing.T) {
	allow := []netip.Prefix{netip.MustParsePrefix("10.1.2.0/24"), netip.MustParsePrefix("fd00:1::/64")}
	tests := []struct {
		addr string
		ok   bool
	}{
		{"93.184.215.14:443", true},
		{"[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:80", true},
		{"127.0.0.1:8080", false},
		{"127.1.2.3:80", false},
		{"[::1]:80", false},
		{"[::ffff:127.0.0.1]:80", false}, // IPv4-mapped loopback
		{"169.254.169.254:80", false},    // cloud metadata, link-local
		{"[fe80::1%eth0]:80", false},
		{"10.0.0.1:80", false},
		{"172.16.5.4:80", false},
		{"192.168.1.1:80", false},
		{"[fd12:3456::1]:80", false}, // unique local
		{"[fc00::1]:80", false},
		{"224.0.0.1:80", false},
		{"[ff02::1]:80", false},
		{"0.0.0.0:80", false},
		{"[::]:80", false},
		{"100.64.0.1:80", false},
		{"255.255.255.255:80", false},
		{"[64:ff9b::7f00:1]:80", false}, // NAT64 of 127.0.0.1
		{"[2002:7f00:1::1]:80", false},  // 6to4 of 127.0.0.1
		{"10.1.2.7:80", true},           // allowed
		{"[::ffff:10.1.2.7]:80", true},  // allowed, IPv4-mapped
		{"10.1.3.7:80", false},          // next to the allowed network
		{"[fd00:1::5]:443", true},       // allowed
		{"localhost:80", false},         // not an address: never dialled by name
	}
	control := dialControl(allow)
	for _, tt := range tests {
		err := control("tcp", tt.addr, nil)
		if tt.ok && err != nil {
			t.Errorf("%s: %v, want allowed", tt.addr, err)
		}
		if !tt.ok && !errors.Is(err, errAddrNotAllowed) {
			t.Errorf("%s: err = %v, want errAddrNotAllowed", tt.addr, err)
		}
	}
}
