package kit_test

import (
	"net/http/httptest"
	"testing"

	"gongkai/internal/web/kit"
)

// TestClientBehindTrustedProxies: X-Forwarded-For names the visitor only
// when the connection comes from a configured proxy, and then the
// right-most entry that is not a proxy itself.
func TestClientBehindTrustedProxies(t *testing.T) {
	proxies, err := kit.ParseProxies("10.0.0.0/8, 192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		remote, xff, want string
	}{
		{"203.0.113.5:4000", "198.51.100.9", "203.0.113.5"},                   // not from a proxy: the header is ignored
		{"10.1.2.3:4000", "198.51.100.9", "198.51.100.9"},                     // from the balancer
		{"10.1.2.3:4000", "1.1.1.1, 198.51.100.9, 192.0.2.7", "198.51.100.9"}, // a forged left part and a second proxy
		{"10.1.2.3:4000", "junk, 198.51.100.9", "198.51.100.9"},
		{"10.1.2.3:4000", "", "10.1.2.3"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := kit.ClientAddr(kit.WithClient(r, proxies)); got != tc.want {
			t.Errorf("%s via %q: %s, want %s", tc.remote, tc.xff, got, tc.want)
		}
	}
	if got := kit.ClientAddr(kit.WithClient(httptest.NewRequest("GET", "/", nil), nil)); got != "192.0.2.1" {
		t.Errorf("no proxies configured: %s", got)
	}
	if _, err := kit.ParseProxies("10.0.0.0/99"); err == nil {
		t.Error("a bad prefix was accepted")
	}
}
