package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// openZip opens an Office container, refusing one with more than
// MaxEntries entries.
func openZip(data []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("extract: not a ZIP container: %w", err)
	}
	if len(zr.File) > MaxEntries {
		return nil, fmt.Errorf("extract: %d entries in the container: %w", len(zr.File), ErrTooLarge)
	}
	return zr, nil
}

// checkSizes refuses a container whose entries declare more than MaxEntry
// each or MaxUnzipped in all. archive/zip fails a read past an entry's
// declared size, so the declared sizes bound what any reader unzips.
func checkSizes(zr *zip.Reader) error {
	var sum uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > MaxEntry {
			return fmt.Errorf("extract: entry %q: %w", f.Name, ErrTooLarge)
		}
		if sum += f.UncompressedSize64; sum > MaxUnzipped {
			return fmt.Errorf("extract: entries in all: %w", ErrTooLarge)
		}
	}
	return nil
}

// limited reads at most n bytes and then fails with ErrTooLarge, so a
// reader never silently stops short.
type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k > 0 {
			return 0, ErrTooLarge
		}
		return l.r.Read(p[:0])
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}

// wordNS is the WordprocessingML namespace of document.xml's elements.
const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// docxText reads word/document.xml: each paragraph a line; in a table each
// row a line, its cells' text separated by spaces. Deleted text (w:delText)
// and field codes are not text; of alternative content only the first
// choice is read, so a text box is not read twice.
func docxText(data []byte) (string, error) {
	zr, err := openZip(data)
	if err != nil {
		return "", err
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			part = f
			break
		}
	}
	if part == nil {
		return "", errors.New("extract: no word/document.xml")
	}
	if part.UncompressedSize64 > MaxEntry {
		return "", fmt.Errorf("extract: document.xml: %w", ErrTooLarge)
	}
	rc, err := part.Open()
	if err != nil {
		return "", fmt.Errorf("extract: %w", err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(&limited{r: rc, n: MaxEntry})
	var out textBuf
	var inText bool
	var tables, fallback int
	for !out.full() {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("extract: document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Fallback" {
				fallback++
			}
			if fallback > 0 || t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				out.write("\t")
			case "br", "cr":
				out.write(lineEnd(tables))
			case "noBreakHyphen":
				out.write("-")
			case "tbl":
				tables++
			}
		case xml.EndElement:
			if t.Name.Local == "Fallback" && fallback > 0 {
				fallback--
			}
			if fallback > 0 || t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				out.write(lineEnd(tables))
			case "tc":
				out.write(" ")
			case "tr":
				out.write("\n")
			case "tbl":
				tables = max(tables-1, 0)
				out.write("\n")
			}
		case xml.CharData:
			if inText && fallback == 0 {
				out.write(string(t))
			}
		}
	}
	return out.String(), nil
}

// lineEnd ends a paragraph: a new line, or within a table's cell a space
// (the row ends the line).
func lineEnd(tables int) string {
	if tables > 0 {
		return " "
	}
	return "\n"
}

// xlsxText reads every sheet of a workbook in the workbook's order, one
// line per row, the cells' values separated by spaces: shared and inline
// strings as written, numbers as stored (a date is its serial number).
// It reads the parts with encoding/xml: excelize, which writes workbooks
// elsewhere, imports net/http.
func xlsxText(data []byte) (string, error) {
	zr, err := openZip(data)
	if err != nil {
		return "", err
	}
	if err := checkSizes(zr); err != nil {
		return "", err
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	if parts["xl/workbook.xml"] == nil {
		return "", errors.New("extract: no xl/workbook.xml")
	}
	shared, err := sharedStrings(parts["xl/sharedStrings.xml"])
	if err != nil {
		return "", err
	}
	sheets, err := sheetParts(parts)
	if err != nil {
		return "", err
	}
	var out textBuf
	for _, name := range sheets {
		if out.full() {
			break
		}
		if f := parts[name]; f != nil {
			if err := sheetText(f, shared, &out); err != nil {
				return "", err
			}
		}
	}
	return out.String(), nil
}

// xmlOf opens a part for token reading (within MaxEntry, which checkSizes
// has checked against the declared size).
func xmlOf(f *zip.File) (*xml.Decoder, io.Closer, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("extract: %s: %w", f.Name, err)
	}
	return xml.NewDecoder(&limited{r: rc, n: MaxEntry}), rc, nil
}

// each calls fn for every start element of a part, and end for every end
// element when end is not nil.
func each(f *zip.File, start func(*xml.Decoder, xml.StartElement) error, end func(xml.EndElement)) error {
	dec, c, err := xmlOf(f)
	if err != nil {
		return err
	}
	defer c.Close()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("extract: %s: %w", f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := start(dec, t); err != nil {
				return fmt.Errorf("extract: %s: %w", f.Name, err)
			}
		case xml.EndElement:
			if end != nil {
				end(t)
			}
		}
	}
}

// sheetParts lists the workbook's worksheets, in order, as part names.
func sheetParts(parts map[string]*zip.File) ([]string, error) {
	targets := map[string]string{}
	if rels := parts["xl/_rels/workbook.xml.rels"]; rels != nil {
		if err := each(rels, func(_ *xml.Decoder, e xml.StartElement) error {
			if e.Name.Local == "Relationship" {
				targets[attr(e, "Id")] = attr(e, "Target")
			}
			return nil
		}, nil); err != nil {
			return nil, err
		}
	}
	var sheets []string
	err := each(parts["xl/workbook.xml"], func(_ *xml.Decoder, e xml.StartElement) error {
		if e.Name.Local != "sheet" {
			return nil
		}
		target := targets[attr(e, "id")]
		if target == "" {
			return nil
		}
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join("xl", target)
		}
		sheets = append(sheets, target)
		return nil
	}, nil)
	return sheets, err
}

// attr is the value of an element's attribute by local name.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sharedStrings reads the workbook's string table (each item's text runs,
// without phonetic guides).
func sharedStrings(f *zip.File) ([]string, error) {
	if f == nil {
		return nil, nil
	}
	var out []string
	var cur strings.Builder
	phonetic := 0
	err := each(f, func(dec *xml.Decoder, e xml.StartElement) error {
		switch e.Name.Local {
		case "si":
			cur.Reset()
		case "rPh":
			phonetic++
		case "t":
			var t string
			if err := dec.DecodeElement(&t, &e); err != nil {
				return err
			}
			if phonetic == 0 {
				cur.WriteString(t)
			}
		}
		return nil
	}, func(e xml.EndElement) {
		switch e.Name.Local {
		case "si":
			out = append(out, cur.String())
		case "rPh":
			phonetic--
		}
	})
	return out, err
}

// sheetText writes a worksheet's rows.
func sheetText(f *zip.File, shared []string, out *textBuf) error {
	var cells []string
	var kind string
	var value strings.Builder
	return each(f, func(dec *xml.Decoder, e xml.StartElement) error {
		switch e.Name.Local {
		case "row":
			cells = cells[:0]
		case "c":
			kind = attr(e, "t")
			value.Reset()
		case "v", "t": // a value, or an inline string's text
			var t string
			if err := dec.DecodeElement(&t, &e); err != nil {
				return err
			}
			value.WriteString(t)
		}
		return nil
	}, func(e xml.EndElement) {
		switch e.Name.Local {
		case "c":
			v := value.String()
			if kind == "s" {
				if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 0 && i < len(shared) {
					v = shared[i]
				} else {
					v = ""
				}
			}
			if v != "" {
				cells = append(cells, v)
			}
		case "row":
			if !out.full() && len(cells) > 0 {
				out.write(strings.Join(cells, " "))
				out.write("\n")
			}
		}
	})
}
