// Package extract reads the plain text of a document's attachments so that
// site-wide search can find what they say: Word documents (DOCX), workbooks
// (XLSX), PDFs that carry text, and plain text files.
//
// Attachments come from staff uploads and bulk imports, so every reader is
// bounded: the entries of a ZIP container and the bytes decompressed from
// each, the streams a PDF's pages decompress, and the text returned. A
// file that breaks a bound, or that a parser cannot read, is an error; a
// type without text (an image) is "" with no error.
package extract

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds of one extraction.
const (
	// MaxText is the most text returned for one file (1 MiB); longer text
	// is cut at a character boundary.
	MaxText = 1 << 20
	// MaxEntry is the most bytes decompressed from one ZIP entry (20 MiB).
	MaxEntry = 20 << 20
	// MaxUnzipped is the most bytes a workbook's entries may declare in all.
	MaxUnzipped = 64 << 20
	// MaxEntries is the most entries a ZIP container may hold.
	MaxEntries = 2000
	// MaxPDFStreams is the most bytes the streams a PDF's text needs may
	// decompress to in all (page contents and fonts' character maps).
	MaxPDFStreams = 64 << 20
	// MaxPDFPages is the most pages read from one PDF.
	MaxPDFPages = 5000
)

// ErrTooLarge reports a file that would decompress past a bound.
var ErrTooLarge = errors.New("extract: file decompresses past the limit")

// MIME types of the formats read, as publish.DetectAttachment gives them.
const (
	mimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimePDF  = "application/pdf"
)

// Text returns the plain text of a file, one line per paragraph (DOCX),
// row (XLSX, the cells separated by spaces) or text line (PDF, plain text).
// The type is the MIME type when it names one of the formats read, else the
// name's extension. Runs of white space become one space, empty lines are
// dropped, invalid UTF-8 and control characters are removed, and the result
// is at most MaxText bytes.
func Text(name, mime string, data []byte) (text string, err error) {
	// The parsers (the PDF reader above all) panic on some malformed
	// input; a file that breaks a parser is an error, never a crash.
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("extract: unreadable %s file: %v", kind(name, mime), r)
		}
	}()
	var raw string
	switch kind(name, mime) {
	case ".docx":
		raw, err = docxText(data)
	case ".xlsx":
		raw, err = xlsxText(data)
	case ".pdf":
		raw, err = pdfText(data)
	case ".txt", ".csv":
		s := string(data)
		raw = s[:cut(s, rawLimit)]
	default:
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return clean(raw), nil
}

func kind(name, mime string) string {
	switch strings.ToLower(strings.TrimSpace(strings.Split(mime, ";")[0])) {
	case mimeDOCX:
		return ".docx"
	case mimeXLSX:
		return ".xlsx"
	case mimePDF:
		return ".pdf"
	case "text/plain":
		return ".txt"
	case "text/csv":
		return ".csv"
	}
	return strings.ToLower(path.Ext(name))
}

// clean normalises extracted text: valid UTF-8 only, control characters
// as spaces, white space collapsed within each line, no empty lines, at
// most MaxText bytes.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.TrimPrefix(s, "\uFEFF")
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		if b.Len() >= MaxText {
			break
		}
		words := strings.FieldsFunc(line, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError || r == '\uFEFF'
		})
		if len(words) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(words, " "))
	}
	out := b.String()
	return out[:cut(out, MaxText)]
}

// cut is the largest length up to n at which s may be cut without
// splitting a character (of valid UTF-8; clean drops what is invalid).
func cut(s string, n int) int {
	if len(s) <= n {
		return len(s)
	}
	for i := 0; i < utf8.UTFMax-1 && n > 0 && !utf8.RuneStart(s[n]); i++ {
		n--
	}
	return n
}

// textBuf collects text up to a bound (twice MaxText before cleaning, which
// only shortens it), so a reader can stop once it is full.
type textBuf struct {
	b strings.Builder
}

const rawLimit = 2 * MaxText

func (t *textBuf) write(s string) {
	if room := rawLimit - t.b.Len(); room > 0 {
		t.b.WriteString(s[:cut(s, room)])
	}
}

func (t *textBuf) full() bool { return t.b.Len() >= rawLimit }

func (t *textBuf) String() string { return t.b.String() }
