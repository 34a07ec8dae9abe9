package notice

import (
	"embed"
	"fmt"
	"strings"
	"text/template"

	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// The wording of every notice lives in texts/*.tmpl (see texts/README.md);
// this file renders it.
//
//go:embed texts/*.tmpl
var textFS embed.FS

var texts = template.Must(template.New("notice").Option("missingkey=error").Funcs(template.FuncMap{
	"cn":  cnNumber,
	"inc": func(i int) int { return i + 1 },
}).ParseFS(textFS, "texts/*.tmpl"))

// textData is what the texts are rendered from. Dates are written as
// official documents print them (2025年12月1日); the officer's texts are
// single lines without the final 。.
type textData struct {
	Number       string
	ReceivedOn   string // the first receipt (a consultation: the receipt as it then stood)
	SupplementOn string // the supplemented application came ("" if none, and on the 补正 notice itself)
	Description  string
	Format       string // the request's codes: paper | electronic
	Delivery     string // post | email | pickup | onsite
	Outcome      foi.Outcome
	Reason       string   // answer: the specific reasons; extension: why
	Articles     string   // 不予公开: the articles of the ground, e.g. 第十四条
	Items        []string // 补正: the items
	Released     bool     // the answer has the released information attached
	ReviewFirst  bool     // the remedy is administrative review before a suit
	Office       foi.Office

	On        string // the day of the event the notice issues
	ReplyBy   string // 补正, consultation and other_no_supplement: the reply-by date
	AskedOn   string // other_no_supplement: the day the 补正 was asked
	DueBefore string // extension: the due date before it
	DueOn     string // extension: the due date after it
	Days      int    // extension, consultation, fee: the number of working days
	FeeOn     string // the fee notice's day
	PayBy     string
	Amount    int
	// FeeRestarts: the answer period runs anew from payment (109号), rather
	// than pausing while the fee is outstanding.
	FeeRestarts bool
}

// execute renders the text named name: each non-empty line is one
// paragraph.
func execute(name string, data *textData) ([]string, error) {
	var b strings.Builder
	if err := texts.ExecuteTemplate(&b, name, data); err != nil {
		return nil, errs.New(errs.Internal, "notice.text", "notice_text_failed", "告知书文本生成失败。").WithErr(fmt.Errorf("%s: %w", name, err))
	}
	var out []string
	for _, line := range strings.Split(b.String(), "\n") {
		if line = strings.Trim(line, " \t\r"); line != "" {
			out = append(out, line)
		}
	}
	return out, nil
}

// one renders a text that is a single line (a title).
func one(name string, data *textData) (string, error) {
	lines, err := execute(name, data)
	if err != nil {
		return "", err
	}
	return strings.Join(lines, ""), nil
}

// oneLine joins the lines of an entered text with sep and drops the final
// punctuation, so a template can put it inside a sentence.
func oneLine(s, sep string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(strings.TrimSpace(l), "。；;，,"); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, sep)
}
