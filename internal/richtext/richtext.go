// Package richtext owns the one HTML policy for text written by staff:
// document bodies pasted from Word keep their structure (paragraphs,
// headings, lists, tables, emphasis, links) and lose everything else
// (scripts, styles, event handlers, fonts, classes). Text is sanitised when
// it is saved, so what the portal renders is already safe.
package richtext

import (
	stdhtml "html"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "sub", "sup",
		"ol", "ul", "li", "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[0-9]{1,2}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
})

// wordJunk matches what Word leaves in pasted HTML that survives as text:
// conditional comments and empty Office paragraphs.
var wordJunk = regexp.MustCompile(`(?s)<!--\[if.*?<!\[endif\]-->|<o:p>\s*</o:p>`)

// Sanitize returns html reduced to the allowed structure. Text without
// any markup (what a plain text box receives when staff paste from Word)
// keeps its paragraphs: each line becomes one.
func Sanitize(html string) string {
	if !strings.Contains(html, "<") {
		html = paragraphs(html)
	}
	html = wordJunk.ReplaceAllString(html, "")
	out := policy().Sanitize(html)
	out = strings.ReplaceAll(out, "<p></p>", "")
	return strings.TrimSpace(out)
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
