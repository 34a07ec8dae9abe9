package notice

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// DefaultFont is the TTF of Debian's fonts-arphic-gbsn00lp (AR PL SungtiL
// GB). fpdf loads only TrueType files (not TTC or OTF, so not the Noto CJK
// fonts), and DroidSansFallback, the other Debian TTF, has no glyphs for
// ASCII digits: dates and numbers would vanish from the notice.
const DefaultFont = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"

// The page follows GB/T 9704 (党政机关公文格式) loosely: A4, margins of
// 37 mm (top), 28 mm (left), 26 mm (right) and 35 mm (bottom), a body of
// 16 pt (三号) on about 28 lines, a 22 pt (二号) title.
const (
	marginTop, marginLeft, marginRight, marginBottom = 37.0, 28.0, 26.0, 35.0
	titleSize, refSize, bodySize, footSize           = 22.0, 14.0, 16.0, 12.0
	lineHeight                                       = 8.0 // mm: 225 mm / 28 lines
	indent                                           = "\u3000\u3000"
)

var fontCache sync.Map // path → []byte

// LoadFont reads the TrueType font at path ("" for DefaultFont) as PDF
// renders it, once per path, with the same Chinese errors for a missing
// or unusable file; other PDFs of the platform (the annual report) use it.
func LoadFont(path string) ([]byte, error) { return loadFont(path) }

func loadFont(path string) ([]byte, error) {
	if path == "" {
		path = DefaultFont
	}
	if b, ok := fontCache.Load(path); ok {
		return b.([]byte), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		e := errs.New(errs.Unavailable, "notice.PDF", "pdf_font_missing", "未安装 fonts-arphic-gbsn00lp 字体，无法生成 PDF。")
		if !errors.Is(err, fs.ErrNotExist) {
			e = errs.New(errs.Unavailable, "notice.PDF", "pdf_font_unreadable", "无法读取 PDF 字体文件，无法生成 PDF。")
		}
		return nil, e.WithErr(fmt.Errorf("%s: %w", path, err))
	}
	// fpdf reads TrueType only and, given anything else, prints to
	// standard output instead of failing; so check the signature here.
	if len(b) < 4 || !bytes.Equal(b[:4], []byte{0, 1, 0, 0}) && string(b[:4]) != "true" {
		return nil, errs.New(errs.Unavailable, "notice.PDF", "pdf_font_invalid", "PDF 字体文件无法使用（须为 TrueType 格式的 .ttf 文件）。").
			WithErr(fmt.Errorf("%s: not a TrueType font", path))
	}
	fontCache.Store(path, b)
	return b, nil
}

// PDF renders a notice as an A4 PDF with the TrueType font at fontPath
// ("" for DefaultFont): the title centred, the paragraphs wrapped with the
// Chinese line-breaking rules (no closing punctuation at the start of a
// line, no opening one at its end, digits and Latin words kept whole), the
// organ and the date on the right, and 第 n 页 共 m 页 at the foot of each page.
// A missing font is an unavailable error with a Chinese message.
func PDF(n *Notice, fontPath string) ([]byte, error) {
	font, err := loadFont(fontPath)
	if err != nil {
		return nil, err
	}
	// The page count is known only after layout; fpdf's page-count alias
	// would print digits the font subset may lack, so lay out twice when
	// the notice runs over one page.
	out, pages, err := render(n, font, 1)
	if err == nil && pages > 1 {
		out, _, err = render(n, font, pages)
	}
	return out, err
}

func render(n *Notice, font []byte, total int) ([]byte, int, error) {
	const op = "notice.PDF"
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.AddUTF8FontFromBytes("song", "", font)
	if pdf.SetFont("song", "", bodySize); pdf.Error() != nil {
		err := pdf.Error()
		return nil, 0, errs.New(errs.Unavailable, op, "pdf_font_invalid", "PDF 字体文件无法使用（须为 TrueType 格式）。").WithErr(err)
	}
	stamp := time.Date(n.Date.Year, n.Date.Month, n.Date.Day, 12, 0, 0, 0, calendar.Zone)
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetTitle(n.Title, true)
	pdf.SetAuthor(n.Organ, true)
	pdf.SetSubject("申请编号："+n.Number, true)
	pdf.SetCreator("gongkai", true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-marginBottom + 10)
		pdf.SetFont("song", "", footSize)
		pdf.CellFormat(0, lineHeight, fmt.Sprintf("第 %d 页 共 %d 页", pdf.PageNo(), max(total, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	width -= marginLeft + marginRight

	lines := func(size, height float64, align, text string) {
		pdf.SetFont("song", "", size)
		for _, l := range wrap(pdf.GetStringWidth, text, width) {
			pdf.CellFormat(width, height, l, "", 1, align, false, 0, "")
		}
	}
	lines(titleSize, 12, "C", n.Title)
	if n.NoticeNo != "" {
		lines(bodySize, lineHeight, "C", n.NoticeNo)
	}
	lines(refSize, lineHeight, "C", "（申请编号："+n.Number+"）")
	pdf.Ln(lineHeight / 2)
	lines(bodySize, lineHeight, "L", n.To+"：")
	for _, p := range n.Paragraphs {
		lines(bodySize, lineHeight, "L", indent+p)
	}
	// The attachments, a line apart from the body: 附件：1. name, the
	// next names (and a name's continuation lines) under the first.
	if len(n.Attachments) > 0 {
		pdf.Ln(lineHeight)
		pdf.SetFont("song", "", bodySize)
		hang := pdf.GetStringWidth(indent + "附件：")
		for i, a := range n.Attachments {
			for j, l := range wrap(pdf.GetStringWidth, fmt.Sprintf("%d. %s", i+1, a), width-hang) {
				label := ""
				if i == 0 && j == 0 {
					label = indent + "附件："
				}
				pdf.CellFormat(hang, lineHeight, label, "", 0, "L", false, 0, "")
				pdf.CellFormat(width-hang, lineHeight, l, "", 1, "L", false, 0, "")
			}
		}
	}
	// The signature: organ over date, right-aligned, two characters in
	// from the margin; kept together on one page.
	pdf.Ln(lineHeight)
	_, pageH := pdf.GetPageSize()
	if pdf.GetY()+2*lineHeight > pageH-marginBottom {
		pdf.AddPage()
	}
	pdf.SetFont("song", "", bodySize)
	pad := 2 * pdf.GetStringWidth("\u3000")
	for _, l := range []string{n.Organ, n.DateText()} {
		pdf.CellFormat(width-pad, lineHeight, l, "", 1, "R", false, 0, "")
	}
	// The office's contact (附注) and, for a posted notice, the address.
	if len(n.Contact) > 0 {
		pdf.Ln(lineHeight)
		for _, l := range n.Contact {
			lines(footSize, 6, "L", l)
		}
	}
	if n.Address != "" {
		pdf.Ln(lineHeight / 2)
		lines(footSize, 6, "L", "送达地址："+n.Address)
	}
	if err := pdf.Error(); err != nil {
		return nil, 0, errs.New(errs.Internal, op, "pdf_failed", "生成 PDF 失败。").WithErr(err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, 0, errs.New(errs.Internal, op, "pdf_failed", "生成 PDF 失败。").WithErr(err)
	}
	return buf.Bytes(), pdf.PageNo(), nil
}

// noStart may not begin a line (closing punctuation); noEnd may not end
// one (opening punctuation).
const (
	noStart = "，。、；：？！）》」』”’〉】〕…—%,.;:?!)]"
	noEnd   = "（《「『“‘〈【〔([" + "　"
)

func in(set string, r rune) bool {
	for _, c := range set {
		if c == r {
			return true
		}
	}
	return false
}

// wordRune is part of a run kept whole on a line: Latin letters, digits
// and the signs inside numbers and codes (YSQ2025-00001, 3.5, 100%).
func wordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' || r == '.' || r == '_' || r == '/' || r == '@')
}

// tokens splits text into the units a line may break between: each Han
// character or sign alone, each Latin or digit run whole.
func tokens(text string) []string {
	var out []string
	rs := []rune(text)
	for i := 0; i < len(rs); {
		j := i + 1
		if wordRune(rs[i]) {
			for j < len(rs) && wordRune(rs[j]) {
				j++
			}
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

// wrap breaks text into lines no wider than width (measured by measure),
// except that closing punctuation hangs at the end of a full line rather
// than start the next, and opening punctuation moves down with the word it
// opens. A run wider than a whole line is cut by characters.
func wrap(measure func(string) float64, text string, width float64) []string {
	var lines []string
	cur := ""
	for _, t := range tokens(text) {
		if cur == "" || measure(cur+t) <= width {
			cur += t
			continue
		}
		r, _ := utf8.DecodeRuneInString(t)
		if in(noStart, r) {
			cur += t // hanging punctuation
			continue
		}
		carry := ""
		if last, size := utf8.DecodeLastRuneInString(cur); in(noEnd, last) && size < len(cur) {
			cur, carry = cur[:len(cur)-size], string(last)
		}
		lines = append(lines, cur)
		cur = carry + t
		// A run longer than a line is cut where it must be.
		for measure(cur) > width && utf8.RuneCountInString(cur) > 1 {
			rs := []rune(cur)
			k := len(rs) - 1
			for k > 1 && measure(string(rs[:k])) > width {
				k--
			}
			lines = append(lines, string(rs[:k]))
			cur = string(rs[k:])
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}
