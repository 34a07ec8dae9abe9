package richtext_test

import (
	"strings"
	"testing"

	"gongkai/internal/richtext"
)

// own accepts the document's attachments 7 (图1.png) and 9, by path or name.
func own(src string) (string, bool) {
	switch src {
	case "/files/7/图1.png", "/files/7", "图1.png":
		return "/files/7/%E5%9B%BE1.png", true
	case "/files/9/b.jpg":
		return "/files/9/b.jpg", true
	}
	return "", false
}

func TestSanitizeBodyImages(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"own by path", `<p>前</p><img src="/files/7/图1.png" alt="补助标准柱状图">`, `<p>前</p><img src="/files/7/%E5%9B%BE1.png" alt="补助标准柱状图">`},
		{"own by name", `<img src="图1.png" alt="图">`, `<img src="/files/7/%E5%9B%BE1.png" alt="图">`},
		{"own, no alt", `<img src="/files/9/b.jpg">`, `<img src="/files/9/b.jpg" alt="">`},
		{"another document's file", `<p>甲</p><img src="/files/8/secret.png" alt="x">`, `<p>甲</p>`},
		{"external", `<img src="https://evil.example/t.png" alt="x">`, ``},
		{"protocol-relative", `<img src="//evil.example/t.png" alt="x">`, ``},
		{"data", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">`, ``},
		{"javascript", `<img src="javascript:alert(1)" alt="x">`, ``},
		{"handlers dropped", `<img src="/files/7" alt="a" onerror="alert(1)" style="x" width="9">`, `<img src="/files/7/%E5%9B%BE1.png" alt="a">`},
		{"query", `<img src="/files/7/图1.png?x=1" alt="a">`, ``},
		{"no src", `<img alt="a">`, ``},
		{"alt escaped", `<img src="/files/9/b.jpg" alt='"><script>x</script>'>`, `<img src="/files/9/b.jpg" alt="&#34;&gt;&lt;script&gt;x&lt;/script&gt;">`},
	}
	for _, c := range cases {
		if got := richtext.SanitizeBody(c.in, own); got != c.want {
			t.Errorf("%s: SanitizeBody(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
	// Without a document, no image survives.
	if got := richtext.Sanitize(`<p>甲</p><img src="/files/7/图1.png" alt="a">`); got != `<p>甲</p>` {
		t.Errorf("Sanitize kept an image: %q", got)
	}
}

func TestResolveImages(t *testing.T) {
	body := `<h2>一</h2><p>说明 &amp; 图：</p><img src="/files/7/%E5%9B%BE1.png" alt="图一"><img src="/files/9/b.jpg" alt="图二">`
	kiosk := func(src string) (string, bool) {
		if src == "/files/7/图1.png" {
			return "/points/p1/files/7/x.png?key=k&x=1", true
		}
		return "", false
	}
	got := richtext.ResolveImages(body, kiosk)
	want := `<h2>一</h2><p>说明 &amp; 图：</p><img src="/points/p1/files/7/x.png?key=k&amp;x=1" alt="图一">`
	if got != want {
		t.Errorf("ResolveImages = %q, want %q", got, want)
	}
	if alts := richtext.ImageAlts(`<img src="a" alt=" 甲 "><p>x</p><img src="b">`); strings.Join(alts, "|") != "甲|" {
		t.Errorf("ImageAlts = %q", alts)
	}
}
