package extract

import (
	"bytes"
	"fmt"
	"io"

	"github.com/ledongthuc/pdf"
)

// pdfText reads the text a PDF's pages show, page by page. A scanned PDF
// (images only) has none. Before a page is interpreted, the streams it
// will decompress — its contents and its fonts' character maps — are read
// once through the parser's decoders against a budget of MaxPDFStreams
// bytes for the whole file, so a compressed bomb is refused rather than
// expanded. The page tree is walked here, with bounds (the parser's own
// walk follows a cyclic tree for ever), and the text operators are read
// here too, decoding through each font's ToUnicode map where it has one
// (cmap.go: the parser's own map reading gets ranges wider than 256 codes
// wrong, which is how fpdf and others map CJK fonts).
func pdfText(data []byte) (string, error) {
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("extract: PDF: %w", err)
	}
	budget := int64(MaxPDFStreams)
	decoders := map[string]func(string) string{}
	var out textBuf
	for _, p := range pdfPages(r.Trailer().Key("Root").Key("Pages")) {
		if out.full() {
			break
		}
		fonts := map[string]func(string) string{}
		for _, name := range p.Fonts() {
			f := p.Font(name)
			toUnicode := f.V.Key("ToUnicode")
			key := name + "\x00" + f.BaseFont() + "\x00" + toUnicode.Key("Length").String()
			if dec, ok := decoders[key]; ok {
				fonts[name] = dec
				continue
			}
			var dec func(string) string
			if toUnicode.Kind() == pdf.Stream {
				data, err := readStream(toUnicode, &budget)
				if err != nil {
					return "", err
				}
				if m := readCMap(data); m != nil {
					dec = m.decode
				}
			}
			if dec == nil {
				dec = f.Encoder().Decode
			}
			decoders[key], fonts[name] = dec, dec
		}
		contents := p.V.Key("Contents")
		if contents.Kind() == pdf.Array {
			for i := 0; i < contents.Len(); i++ {
				if err := drain(contents.Index(i), &budget); err != nil {
					return "", err
				}
			}
		} else if err := drain(contents, &budget); err != nil {
			return "", err
		}
		if contents.Kind() == pdf.Stream || contents.Kind() == pdf.Array {
			pageText(contents, fonts, &out)
		}
		out.write("\n")
	}
	return out.String(), nil
}

// pageText interprets a page's content stream for its text: each text
// object (BT) and each new line (T*, ', ") starts a line; strings shown by
// Tj, TJ, ' and " are decoded by the current font. It panics on a broken
// stream, as the parser does.
func pageText(contents pdf.Value, fonts map[string]func(string) string, out *textBuf) {
	dec := func(s string) string { return s }
	show := func(v pdf.Value) {
		if v.Kind() == pdf.String {
			out.write(dec(v.RawString()))
		}
	}
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if out.full() {
			return
		}
		switch op {
		case "BT", "T*":
			out.write("\n")
		case "Tf":
			if len(args) == 2 {
				if d, ok := fonts[args[0].Name()]; ok {
					dec = d
				} else {
					dec = func(s string) string { return s }
				}
			}
		case "Tj":
			if len(args) == 1 {
				show(args[0])
			}
		case "'", "\"":
			out.write("\n")
			if len(args) > 0 {
				show(args[len(args)-1])
			}
		case "TJ":
			if len(args) == 1 && args[0].Kind() == pdf.Array {
				for i := 0; i < args[0].Len(); i++ {
					show(args[0].Index(i))
				}
			}
		}
	})
}

// drain decompresses a stream to nowhere, charging its size to budget.
func drain(v pdf.Value, budget *int64) error {
	if v.Kind() != pdf.Stream {
		return nil
	}
	return copyStream(io.Discard, v, budget)
}

// readStream decompresses a stream into memory, charging its size to
// budget.
func readStream(v pdf.Value, budget *int64) ([]byte, error) {
	var b bytes.Buffer
	err := copyStream(&b, v, budget)
	return b.Bytes(), err
}

func copyStream(w io.Writer, v pdf.Value, budget *int64) error {
	rc := v.Reader()
	defer rc.Close()
	n, err := io.Copy(w, io.LimitReader(rc, *budget+1))
	if *budget -= n; *budget < 0 {
		return fmt.Errorf("extract: PDF streams: %w", ErrTooLarge)
	}
	if err != nil {
		return fmt.Errorf("extract: PDF stream: %w", err)
	}
	return nil
}

// pdfPages lists the pages of a page tree in order, at most MaxPDFPages,
// visiting at most four times as many nodes no deeper than 64 levels (a
// cyclic or malformed tree ends there).
func pdfPages(root pdf.Value) []pdf.Page {
	var pages []pdf.Page
	visits := 0
	stop := func() bool { return len(pages) >= MaxPDFPages || visits >= 4*MaxPDFPages }
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		if stop() || depth > 64 || v.Kind() != pdf.Dict {
			return
		}
		visits++
		if kids := v.Key("Kids"); kids.Kind() == pdf.Array {
			for i := 0; i < kids.Len() && !stop(); i++ {
				walk(kids.Index(i), depth+1)
			}
			return
		}
		if v.Key("Type").Name() == "Page" || v.Key("Contents").Kind() != pdf.Null {
			pages = append(pages, pdf.Page{V: v})
		}
	}
	walk(root, 0)
	return pages
}
