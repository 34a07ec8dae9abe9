package publish

import (
	"archive/zip"
	"bytes"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"gongkai/internal/errs"
)

// MaxAttachment is the largest attachment accepted (20 MB): enough for a
// scanned policy document, small enough for a town's machine. It is also
// the ceiling of the media limit, since the back office reads an upload
// within it.
const MaxAttachment = 20 << 20

// DefaultMediaLimit is the largest audio or video file accepted unless the
// deployment sets another (serve --media-limit): 20 MB, about ten minutes
// of speech at 256 kbit/s or two minutes of small 720p video.
const DefaultMediaLimit = MaxAttachment

// attachmentTypes are the accepted types, by extension, with their MIME type.
var attachmentTypes = map[string]string{
	".pdf":  "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".mp3":  "audio/mpeg",
	".m4a":  "audio/mp4",
	".mp4":  "video/mp4",
	".webm": "video/webm",
}

// IsImage, IsAudio and IsVideo tell an attachment's kind by its (sniffed) type.
func IsImage(mime string) bool { return strings.HasPrefix(mime, "image/") }

// IsAudio reports an audio attachment.
func IsAudio(mime string) bool { return strings.HasPrefix(mime, "audio/") }

// IsVideo reports a video attachment.
func IsVideo(mime string) bool { return strings.HasPrefix(mime, "video/") }

// DetectAttachment decides an attachment's type from its bytes and checks
// that the name claims the same type: an executable renamed to .pdf is
// refused, as is any type not on the list.
func DetectAttachment(name string, data []byte) (string, error) {
	return DetectAttachmentWithin(name, data, DefaultMediaLimit)
}

// DetectAttachmentWithin is DetectAttachment with audio and video held to
// mediaLimit bytes (0: DefaultMediaLimit; never above MaxAttachment).
func DetectAttachmentWithin(name string, data []byte, mediaLimit int64) (string, error) {
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
		return "", errs.New(errs.Invalid, op, "attachment_type", "只接受 PDF、DOCX、XLSX、PNG/JPEG/GIF 图片、MP3/M4A 音频和 MP4/WebM 视频附件。")
	}
	if got := sniff(data); got != want {
		return "", errs.New(errs.Invalid, op, "attachment_mismatch", "附件内容与其扩展名不符（例如改了扩展名的可执行文件），已拒绝。")
	}
	if mediaLimit <= 0 || mediaLimit > MaxAttachment {
		mediaLimit = DefaultMediaLimit
	}
	if (IsAudio(want) || IsVideo(want)) && int64(len(data)) > mediaLimit {
		return "", errs.Newf(errs.Invalid, op, "media_too_large", "音视频文件不能超过 %s。", sizeLabel(mediaLimit))
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
	case bytes.HasPrefix(b, []byte("ID3")) || mpegFrame(b):
		return "audio/mpeg"
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return sniffISO(b)
	case bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		// An EBML header naming the webm document type (Matroska is not accepted).
		if head := b[:min(len(b), 64)]; bytes.Contains(head, []byte{0x42, 0x82, 0x84, 'w', 'e', 'b', 'm'}) {
			return "video/webm"
		}
	}
	return ""
}

// mpegFrame recognises an MPEG audio Layer III frame header (an MP3
// without an ID3 tag): the 11-bit sync, a valid version, layer III, and a
// bitrate and sample rate that are not reserved.
func mpegFrame(b []byte) bool {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return false
	}
	version, layer := b[1]>>3&3, b[1]>>1&3
	bitrate, rate := b[2]>>4, b[2]>>2&3
	return version != 1 && layer == 1 && bitrate != 0 && bitrate != 15 && rate != 3
}

// sniffISO tells M4A audio from MP4 video by the brands of the ISO base
// media file's ftyp box.
func sniffISO(b []byte) string {
	size := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	if size < 16 || size > len(b) || size > 4096 {
		size = min(len(b), 64)
	}
	audio, video := false, false
	for i := 8; i+4 <= size; i += 4 {
		if i == 12 {
			continue // minor version
		}
		switch string(b[i : i+4]) {
		case "M4A ", "M4B ":
			audio = true
		case "isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash":
			video = true
		}
	}
	switch {
	case audio:
		return "audio/mp4"
	case video:
		return "video/mp4"
	}
	return ""
}

// sizeLabel writes a byte count in MB for messages.
func sizeLabel(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
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

// AttachmentPath is the portal's path of an attachment, /files/{id}/{name}:
// what a body's <img> points at once saved.
func AttachmentPath(a *Attachment) string {
	return "/files/" + strconv.FormatInt(a.ID, 10) + "/" + url.PathEscape(a.Name)
}

// OwnImages resolves an image source written in a body to one of atts (a
// revision's own attachments), images only: its path /files/{id}/{name}
// or /files/{id}, or its file name exactly as uploaded. The answer is the
// attachment's AttachmentPath; anything else — another document's file
// above all — is not resolved, so the sanitiser drops it.
func OwnImages(atts []*Attachment) func(src string) (string, bool) {
	return func(src string) (string, bool) {
		a := FindImage(atts, src)
		if a == nil {
			return "", false
		}
		return AttachmentPath(a), true
	}
}

// FindImage is the image attachment of atts that src names (see OwnImages), or nil.
func FindImage(atts []*Attachment, src string) *Attachment {
	src = strings.TrimSpace(src)
	var id int64 = -1
	if rest, ok := strings.CutPrefix(src, "/files/"); ok {
		n, _, _ := strings.Cut(rest, "/")
		if v, err := strconv.ParseInt(n, 10, 64); err == nil {
			id = v
		}
	}
	for _, a := range atts {
		if !IsImage(a.MIME) {
			continue
		}
		if a.ID == id || (id == -1 && src == a.Name) {
			return a
		}
	}
	return nil
}
