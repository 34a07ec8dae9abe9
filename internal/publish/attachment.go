package publish

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
	"unicode"

	"gongkai/internal/errs"
)

// MaxAttachment is the largest attachment accepted (20 MB): enough for a
// scanned policy document, small enough for a town's machine.
const MaxAttachment = 20 << 20

// attachmentTypes are the accepted types, by extension, with their MIME type.
var attachmentTypes = map[string]string{
	".pdf":  "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
}

// DetectAttachment decides an attachment's type from its bytes and checks
// that the name claims the same type: an executable renamed to .pdf is
// refused, as is any type not on the list.
func DetectAttachment(name string, data []byte) (string, error) {
	const op = "publish.DetectAttachment"
	if len(data) == 0 {
		return "", errs.New(errs.Invalid, op, "empty_attachment", "附件为空。")
	}
	if len(data) > MaxAttachment {
		return "", errs.New(errs.Invalid, op, "attachment_too_large", "附件不能超过 20 MB。")
	}
	ext := strings.ToLower(path.Ext(name))
	want, ok := attachmentTypes[ext]
	if !ok {
		return "", errs.New(errs.Invalid, op, "attachment_type", "只接受 PDF、DOCX、XLSX 和 PNG/JPEG/GIF 图片附件。")
	}
	if got := sniff(data); got != want {
		return "", errs.New(errs.Invalid, op, "attachment_mismatch", "附件内容与其扩展名不符（例如改了扩展名的可执行文件），已拒绝。")
	}
	return want, nil
}

// sniff recognises the accepted formats by their signatures.
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return sniffOffice(b)
	}
	return ""
}

// sniffOffice tells a Word document from a workbook by the parts inside
// the ZIP container; any other ZIP is refused.
func sniffOffice(b []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return ""
	}
	var types, word, xl bool
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			types = true
		case strings.HasPrefix(f.Name, "word/"):
			word = true
		case strings.HasPrefix(f.Name, "xl/"):
			xl = true
		}
	}
	switch {
	case types && word && !xl:
		return attachmentTypes[".docx"]
	case types && xl && !word:
		return attachmentTypes[".xlsx"]
	}
	return ""
}

// CleanFileName keeps the last path element of an uploaded name, without
// control characters, at most 100 characters.
func CleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		ext := path.Ext(name)
		name = string(r[:100-len([]rune(ext))]) + ext
	}
	if name == "" || name == "." {
		name = "附件"
	}
	return name
}

// Attachment is a stored file of a document; its type was decided from the
// bytes by DetectAttachment when it arrived.
type Attachment struct {
	ID     int64
	DocID  int64
	Name   string
	MIME   string
	Size   int64
	SHA256 string
}
