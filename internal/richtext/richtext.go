// Package richtext owns the one HTML policy for text written by staff:
// document bodies pasted from Word keep their structure (paragraphs,
// headings, lists, tables, emphasis, links) and lose everything else
// (scripts, styles, event handlers, fonts, classes). Text is sanitised when
// it is saved, so what the portal renders is already safe.
//
// Images are the one exception to "structure only": a body may show the
// document's own image attachments inline (a 图解). Which sources those
// are is the caller's to say (Images); every other source — another
// document's file, an external address, data: or javascript: — is dropped
// with its <img>.
package richtext

import (
	stdhtml "html"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "sub", "sup",
		"ol", "ul", "li", "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr",
		"figure", "figcaption")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[0-9]{1,2}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("href").OnElements("a")
	// An image keeps its source only as a path or a bare file name; what
	// it may point at is decided after the policy (resolveImages).
	p.AllowAttrs("src").Matching(imgSrc).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
})

// imgSrc is the shape of an image source the policy lets through to
// resolveImages: no scheme, no host, no query.
var imgSrc = regexp.MustCompile(`^[^:?#\\]+$`)

// wordJunk matches what Word leaves in pasted HTML that survives as text:
// conditional comments and empty Office paragraphs.
var wordJunk = regexp.MustCompile(`(?s)<!--\[if.*?<!\[endif\]-->|<o:p>\s*</o:p>`)

// Images resolves the source of an <img> in a body (percent-decoded) to
// the URL of one of the document's own image attachments; ok false drops
// the image.
type Images func(src string) (url string, ok bool)

// Sanitize returns html reduced to the allowed structure, without images
// (text that belongs to no document has no attachments to show). Text
// without any markup (what a plain text box receives when staff paste
// from Word) keeps its paragraphs: each line becomes one.
func Sanitize(html string) string { return SanitizeBody(html, nil) }

// SanitizeBody is Sanitize for a document's body: an <img> stays when own
// resolves its source (to the canonical URL it is rewritten to), with its
// alt text; any other image is dropped.
func SanitizeBody(html string, own Images) string {
	if !strings.Contains(html, "<") {
		html = paragraphs(html)
	}
	html = wordJunk.ReplaceAllString(html, "")
	out := policy().Sanitize(html)
	out = ResolveImages(out, own)
	out = strings.ReplaceAll(out, "<p></p>", "")
	return strings.TrimSpace(out)
}

// ResolveImages rewrites every <img> of sanitised html through own: the
// source becomes the URL own gives, or the image is dropped (all of them
// when own is nil). Pages call it again when they render a stored body,
// so an attachment removed since, or a kiosk's own file URLs, are
// accounted for.
func ResolveImages(body string, own Images) string {
	if !strings.Contains(body, "<img") {
		return body
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw())
		tok := z.Token()
		if tok.Data != "img" {
			b.WriteString(raw)
			continue
		}
		var src, alt string
		for _, a := range tok.Attr {
			switch a.Key {
			case "src":
				src = a.Val
			case "alt":
				alt = a.Val
			}
		}
		if own == nil || src == "" {
			continue
		}
		// The policy writes paths percent-encoded; own sees them as typed.
		if d, err := url.PathUnescape(src); err == nil {
			src = d
		}
		u, ok := own(src)
		if !ok {
			continue
		}
		b.WriteString(`<img src="` + stdhtml.EscapeString(u) + `" alt="` + stdhtml.EscapeString(strings.TrimSpace(alt)) + `">`)
	}
	return b.String()
}

// ImageAlts returns the alt text of each <img> in html, in order ("" for
// an image without one).
func ImageAlts(body string) []string {
	var out []string
	if !strings.Contains(body, "<img") {
		return nil
	}
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data != "img" {
			continue
		}
		alt := ""
		for _, a := range tok.Attr {
			if a.Key == "alt" {
				alt = strings.TrimSpace(a.Val)
			}
		}
		out = append(out, alt)
	}
}

// paragraphs wraps each non-empty line of plain text in <p>, escaping it.
func paragraphs(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>" + stdhtml.EscapeString(line) + "</p>")
		}
	}
	return b.String()
}
