package kit

import "testing"

// TestLocalPath keeps redirect targets on this site: anything a browser
// could read as another host, or that carries control characters, becomes "/".
func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/admin/":                  "/admin/",
		"/admin/docs?status=draft": "/admin/docs?status=draft",
		"/policies#top":            "/policies#top",
		"/elder%E7%89%88":          "/elder%E7%89%88",
		"":                         "/",
		"admin":                    "/",
		"//evil.example":           "/",
		"/\\evil.example":          "/",
		"/\t/evil.example":         "/",
		"/%09/evil.example":        "/",
		"/%5Cevil.example":         "/",
		"\\\\evil.example":         "/",
		"/x\\y":                    "/",
		"/\x00":                    "/",
		"/a\r\nSet-Cookie: x=1":    "/",
		"/%0d%0aSet-Cookie:x":      "/",
		"https://evil.example/":    "/",
		"/ /evil.example":          "/",
		"/\u2028":                  "/",
		"/\x7f":                    "/",
		"/%2F/evil.example":        "/",
	} {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}
