package linkcheck

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// link is one URL found on a page; page says it is a navigation link
// (a, area, iframe), which the crawl follows when it stays on the site.
type link struct {
	url  string
	page bool
}

// linkAttrs lists, per element, the attributes that hold a URL and whether
// following it leads to another page.
var linkAttrs = map[string][]struct {
	attr string
	page bool
}{
	"a":      {{"href", true}},
	"area":   {{"href", true}},
	"iframe": {{"src", true}},
	"img":    {{"src", false}},
	"link":   {{"href", false}},
	"script": {{"src", false}},
	"source": {{"src", false}},
	"video":  {{"src", false}, {"poster", false}},
	"audio":  {{"src", false}},
	"track":  {{"src", false}},
	"embed":  {{"src", false}},
}

// linkRelSkipped are <link rel> values that name an origin or a hint, not a resource.
var linkRelSkipped = map[string]bool{"preconnect": true, "dns-prefetch": true}

// extract returns the distinct http(s) links of an HTML page at base, in
// document order, without fragments. A <base href> changes the base.
func extract(base *url.URL, body []byte) []link {
	z := html.NewTokenizer(bytes.NewReader(body))
	seen := map[string]int{}
	var out []link
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		tag := string(name)
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			attrs[string(k)] = string(v)
			if !more {
				break
			}
		}
		if tag == "base" {
			if b, err := base.Parse(strings.TrimSpace(attrs["href"])); err == nil && attrs["href"] != "" {
				base = b
			}
			continue
		}
		if tag == "link" && skippedRel(attrs["rel"]) {
			continue
		}
		for _, a := range linkAttrs[tag] {
			raw, ok := attrs[a.attr]
			if !ok {
				continue
			}
			u := resolve(base, raw)
			if u == "" {
				continue
			}
			if i, dup := seen[u]; dup {
				out[i].page = out[i].page || a.page
				continue
			}
			seen[u] = len(out)
			out = append(out, link{url: u, page: a.page})
		}
	}
}

func skippedRel(rel string) bool {
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		if linkRelSkipped[r] {
			return true
		}
	}
	return false
}

// resolve makes raw absolute against base; "" for what is not an http(s) link
// (mailto:, tel:, javascript:, data:, a bare fragment, an unparsable value).
func resolve(base *url.URL, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "#") {
		return ""
	}
	u, err := base.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	u.RawFragment = ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}
