package publish

import (
	"regexp"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Column codes the portal gives a place of their own: the 政府信息公开年报
// column behind the section page's 年报 card, and the 机构职能 column,
// whose page also shows each organ's 负责人, 电话 and 地址 (条例第二十条).
// A district that renames these columns keeps the codes.
const (
	ColumnAnnualReports = "ndbg"
	ColumnOrgans        = "jgzn"
)

// Status is what a listed document's 有效性 reads on a given day.
type Status string

// The statuses a page, a list or the API shows.
const (
	StatusValid      Status = "valid"        // 有效
	StatusExpired    Status = "expired"      // 失效
	StatusRepealed   Status = "repealed"     // 废止
	StatusAmended    Status = "amended"      // 已修订
	StatusNotInForce Status = "not_in_force" // 不再有效 (withdrawn as such)
	StatusNotYet     Status = "not_yet"      // 尚未施行: valid, 实施日期 still ahead
)

// Label is the Chinese name.
func (s Status) Label() string {
	return map[Status]string{StatusValid: "有效", StatusExpired: "失效", StatusRepealed: "废止", StatusAmended: "已修订",
		StatusNotInForce: "不再有效", StatusNotYet: "尚未施行"}[s]
}

// StatusOn is a document's status on day today: withdrawn as 不再有效, its
// recorded validity, and for a valid document whose 实施日期 is after
// today 尚未施行 — a 规范性文件 is not 有效 before it takes effect.
func StatusOn(v Validity, notInForce bool, effective, today calendar.Date) Status {
	switch {
	case notInForce:
		return StatusNotInForce
	case v == Valid && !effective.IsZero() && effective.After(today):
		return StatusNotYet
	}
	return Status(v)
}

var (
	imgTag   = regexp.MustCompile(`<img\b[^>]*>`)
	altAttr  = regexp.MustCompile(`\balt="([^"]*)"`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
	entities = strings.NewReplacer("&nbsp;", "", "&#160;", "")
)

// checkImageAlts refuses a body with an image that has no alt text: a
// 图解 is read aloud by screen readers from it (the body is sanitised, so
// every image is written as <img src="…" alt="…">).
func checkImageAlts(body string) error {
	for _, tag := range imgTag.FindAllString(body, -1) {
		m := altAttr.FindStringSubmatch(tag)
		if m == nil || strings.TrimSpace(m[1]) == "" {
			return errs.New(errs.Invalid, "publish.Content.Validate", "image_alt_required",
				"正文中的每张图片都须填写替代文字（alt 属性），说明图片的内容，供视障读者的读屏软件朗读。")
		}
	}
	return nil
}

// bodyText is the body's text without markup, trimmed.
func bodyText(body string) string {
	return strings.TrimSpace(entities.Replace(anyTag.ReplaceAllString(body, "")))
}

// CheckInterpretationFiles checks a 解读's files against its form before it
// is submitted or imported: a 图解 shows at least one image, an 音视频解读
// carries at least one audio or video file. (Its 文字实录 is the body,
// required by ValidateForSubmit.)
func CheckInterpretationFiles(c *Content, atts []*Attachment) error {
	const op = "publish.CheckInterpretationFiles"
	if c.Genre != GenreInterpretation {
		return nil
	}
	has := func(kind func(string) bool) bool {
		for _, a := range atts {
			if kind(a.MIME) {
				return true
			}
		}
		return false
	}
	switch c.InterpretForm {
	case FormGraphic:
		if !has(IsImage) {
			return errs.New(errs.Invalid, op, "graphic_image_required", "图解须上传至少一张图片（PNG、JPEG 或 GIF）。")
		}
	case FormMedia:
		if !has(IsAudio) && !has(IsVideo) {
			return errs.New(errs.Invalid, op, "media_file_required", "音视频解读须上传音频（MP3、M4A）或视频（MP4、WebM）文件。")
		}
	}
	return nil
}
