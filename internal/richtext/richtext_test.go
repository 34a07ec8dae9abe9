package richtext_test

import (
	"strings"
	"testing"

	"gongkai/internal/richtext"
)

func TestSanitize(t *testing.T) {
	cases := []struct{ in, want string }{
		{`<p>正文</p>`, `<p>正文</p>`},
		{`<p onclick="x()">正文<script>alert(1)</script></p>`, `<p>正文</p>`},
		{`<p class=MsoNormal style="font-family:宋体"><span lang=EN-US>2024</span>年<o:p></o:p></p>`, `<p>2024年</p>`},
		{`<!--[if gte mso 9]><xml>junk</xml><![endif]--><h2>一、总体要求</h2>`, `<h2>一、总体要求</h2>`},
		{`<a href="javascript:alert(1)">链接</a>`, `链接`},
		{`<a href="https://www.jiading.gov.cn/">嘉定</a>`, `<a href="https://www.jiading.gov.cn/" rel="nofollow">嘉定</a>`},
		{`<table><tr><td colspan="2" style="x">甲</td></tr></table>`, `<table><tr><td colspan="2">甲</td></tr></table>`},
		{`<img src=x onerror=alert(1)>`, ``},
		{`<iframe src="https://evil"></iframe><p>留下</p>`, `<p>留下</p>`},
		{"第一段内容。\n\n第二段内容。\r\n第三段 & 附言。", `<p>第一段内容。</p><p>第二段内容。</p><p>第三段 &amp; 附言。</p>`},
	}
	for _, c := range cases {
		if got := richtext.Sanitize(c.in); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := richtext.Sanitize(`<p>&lt;script&gt;</p>`); strings.Contains(got, "<script>") {
		t.Errorf("escaped text became markup: %q", got)
	}
}
