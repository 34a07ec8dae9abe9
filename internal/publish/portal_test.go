package publish_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

// codeOf is the stable code of err ("" for nil).
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	code, _ := errs.Public(err)
	return code
}

func TestDetectMedia(t *testing.T) {
	id3 := append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 32)...)
	frame := append([]byte{0xFF, 0xFB, 0x90, 0x64}, make([]byte, 64)...) // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz
	m4a := []byte("\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00M4A isom\x00\x00\x00\x08free")
	mp4 := []byte("\x00\x00\x00\x1cftypisom\x00\x00\x02\x00isomiso2avc1mp41\x00\x00\x00\x08free")
	webm := []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02")
	mkv := []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska")
	for _, c := range []struct {
		name string
		data []byte
		want string // MIME, or the error code
	}{
		{"讲解.mp3", id3, "audio/mpeg"},
		{"讲解.mp3", frame, "audio/mpeg"},
		{"讲解.m4a", m4a, "audio/mp4"},
		{"解读.mp4", mp4, "video/mp4"},
		{"解读.webm", webm, "video/webm"},
		{"解读.MP4", mp4, "video/mp4"},
		{"解读.webm", mkv, "attachment_mismatch"}, // Matroska is not WebM
		{"解读.mp4", m4a, "attachment_mismatch"},  // audio named as video
		{"讲解.m4a", mp4, "attachment_mismatch"},  // video named as audio
		{"讲解.mp3", []byte("MZ\x90\x00"), "attachment_mismatch"},
		{"解读.mp4", webm, "attachment_mismatch"},
		{"解读.avi", []byte("RIFF\x00\x00\x00\x00AVI "), "attachment_type"},
		{"讲解.mp3", []byte{0xFF, 0xFB, 0xF0, 0x64}, "attachment_mismatch"}, // bitrate index 15 is reserved
	} {
		got, err := publish.DetectAttachment(c.name, c.data)
		if err != nil {
			got = codeOf(err)
		}
		if got != c.want {
			t.Errorf("DetectAttachment(%s, % x…) = %q, want %q", c.name, c.data[:min(8, len(c.data))], got, c.want)
		}
	}
	// The media limit holds audio and video, not images or documents.
	_, err := publish.DetectAttachmentWithin("解读.webm", append(webm, make([]byte, 100)...), 100)
	if codeOf(err) != "media_too_large" || !strings.Contains(err.Error(), "音视频文件不能超过") {
		t.Errorf("over the media limit: %v", err)
	}
	if _, err := publish.DetectAttachmentWithin("文件.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 200)...), 100); err != nil {
		t.Errorf("a PDF held to the media limit: %v", err)
	}
}

func TestStatusOn(t *testing.T) {
	d := calendar.MustParse
	today := d("2026-03-02")
	for _, c := range []struct {
		v          publish.Validity
		notInForce bool
		effective  string
		want       publish.Status
		label      string
	}{
		{publish.Valid, false, "", publish.StatusValid, "有效"},
		{publish.Valid, false, "2026-03-02", publish.StatusValid, "有效"}, // in force from today
		{publish.Valid, false, "2026-03-03", publish.StatusNotYet, "尚未施行"},
		{publish.Repealed, false, "2026-08-01", publish.StatusRepealed, "废止"}, // repealed before it took effect
		{publish.Valid, true, "2026-08-01", publish.StatusNotInForce, "不再有效"},
		{publish.Expired, false, "", publish.StatusExpired, "失效"},
	} {
		var eff calendar.Date
		if c.effective != "" {
			eff = d(c.effective)
		}
		got := publish.StatusOn(c.v, c.notInForce, eff, today)
		if got != c.want || got.Label() != c.label {
			t.Errorf("StatusOn(%s, %v, %s) = %s %s, want %s %s", c.v, c.notInForce, c.effective, got, got.Label(), c.want, c.label)
		}
	}
}

func TestImageAltAndTranscript(t *testing.T) {
	c := publish.Content{Title: "图解", Attribute: publish.Active, Genre: publish.GenreInterpretation, Interprets: 1,
		InterpretForm: publish.FormGraphic, Body: `<p>说明</p><img src="/files/1/a.png" alt="">`}
	if err := c.Validate(); codeOf(err) != "image_alt_required" || errs.FieldOf(err) != "body" {
		t.Errorf("image without alt: %v", err)
	}
	c.Body = `<p>说明</p><img src="/files/1/a.png" alt="补助标准柱状图">`
	if err := c.Validate(); err != nil {
		t.Errorf("image with alt: %v", err)
	}
	m := publish.Content{Title: "音频解读", OrganIDs: []int64{1}, WrittenOn: calendar.MustParse("2026-01-01"), Theme: "02.01",
		Genre: publish.GenreInterpretation, Interprets: 1, InterpretForm: publish.FormMedia, Attribute: publish.Active, ColumnIDs: []int64{1},
		Body: "<p>&nbsp;</p>"}
	if err := m.ValidateForSubmit(); codeOf(err) != "transcript_required" {
		t.Errorf("media without transcript: %v", err)
	}
	m.Body = "<p>主持人：……</p>"
	if err := m.ValidateForSubmit(); err != nil {
		t.Errorf("media with transcript: %v", err)
	}
	// The files its form needs.
	img := &publish.Attachment{MIME: "image/png"}
	audio := &publish.Attachment{MIME: "audio/mpeg"}
	if err := publish.CheckInterpretationFiles(&m, []*publish.Attachment{img}); codeOf(err) != "media_file_required" {
		t.Errorf("media with an image only: %v", err)
	}
	if err := publish.CheckInterpretationFiles(&m, []*publish.Attachment{audio}); err != nil {
		t.Errorf("media with audio: %v", err)
	}
	if err := publish.CheckInterpretationFiles(&c, []*publish.Attachment{audio}); codeOf(err) != "graphic_image_required" {
		t.Errorf("图解 without an image: %v", err)
	}
	if g := (&publish.Content{Genre: publish.GenreInterpretation, InterpretForm: publish.FormGraphic}).ListingGenre(); g != publish.GenreGraphic {
		t.Errorf("a 图解 is listed as %q", g)
	}
}

func TestOwnImages(t *testing.T) {
	atts := []*publish.Attachment{{ID: 7, Name: "图 1.png", MIME: "image/png"}, {ID: 8, Name: "表.pdf", MIME: "application/pdf"}}
	own := publish.OwnImages(atts)
	for src, want := range map[string]string{
		"/files/7/图 1.png": "/files/7/%E5%9B%BE%201.png", "/files/7": "/files/7/%E5%9B%BE%201.png", "图 1.png": "/files/7/%E5%9B%BE%201.png",
		"/files/8/表.pdf": "", "/files/9/x.png": "", "表.pdf": "", "/files/x/图 1.png": "",
	} {
		got, ok := own(src)
		if got != want || ok != (want != "") {
			t.Errorf("own(%q) = %q %v, want %q", src, got, ok, want)
		}
	}
}
