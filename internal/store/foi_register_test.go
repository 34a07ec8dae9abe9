package store_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/register"
	"gongkai/internal/secret"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// registerCases are the numbers of the register fixture's cases.
type registerCases struct {
	full, fee, withdrawn, december, old, open, unconfirmed string
}

// registerFixture records one case per kind of node, each on the days its
// steps happened (the store's clock moves with them), and returns their
// numbers. The communication log's note quotes the applicant's phone, as
// staff notes do.
func registerFixture(t *testing.T, s *store.Store) registerCases {
	t.Helper()
	var now time.Time
	s.Now = func() time.Time { return now }
	at := func(day string) { // 10:00 in China
		d := calendar.MustParse(day)
		now = time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, time.UTC)
	}
	at("2024-01-02")
	top := mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
	officer := mustUser(t, s, "foi.officer", top.ID, auth.FOIOfficer)
	head := mustUser(t, s, "foi.head", top.ID, auth.FOIOfficer, auth.FOIHead)
	create := func(day string, ch foi.Channel) string {
		t.Helper()
		at(day)
		received := calendar.MustParse(day)
		if ch.NeedsConfirmation() {
			received = calendar.Date{}
		}
		app, _, err := s.CreateApplication(ctx, "foi.officer", ch, received, applicant, request)
		if err != nil {
			t.Fatal(err)
		}
		return app.Number
	}
	add := func(number string, u *auth.User, e foi.Event) *foi.Application {
		t.Helper()
		at(e.On.String())
		app, err := s.AddFOIEvent(ctx, u, number, 0, e)
		if err != nil {
			t.Fatalf("%s %s: %v", number, e.Type, err)
		}
		return app
	}
	d := calendar.MustParse
	var c registerCases

	c.old = create("2024-05-06", foi.InPerson)
	add(c.old, head, foi.Event{Type: foi.Answer, On: d("2024-05-20"), Outcome: foi.Disclose})
	c.open = create("2024-12-02", foi.InPerson) // never answered: carried over

	c.full = create("2025-03-03", foi.InPerson)
	add(c.full, officer, foi.Event{Type: foi.RequestSupplement, On: d("2025-03-05"), ReplyBy: d("2025-03-20"), Reason: "请写明文件名称\n请写明年份"})
	add(c.full, officer, foi.Event{Type: foi.Contact, On: d("2025-03-06"), Kind: "phone", Note: "致电 13812345678 说明补正要求"})
	add(c.full, officer, foi.Event{Type: foi.SupplementReceived, On: d("2025-03-10")})
	add(c.full, officer, foi.Event{Type: foi.ConsultStart, On: d("2025-03-12"), Kind: "third_party", Party: "某物业公司"})
	add(c.full, officer, foi.Event{Type: foi.ConsultEnd, On: d("2025-03-20")})
	add(c.full, head, foi.Event{Type: foi.Extend, On: d("2025-03-25"), Reason: "需要调档核对"})
	drafted := add(c.full, officer, foi.Event{Type: foi.Draft, On: d("2025-04-10"), Outcome: foi.Partial, Reason: "涉及第三方商业秘密"})
	add(c.full, head, foi.Event{Type: foi.DraftApproved, On: d("2025-04-11"), Note: "同意"})
	add(c.full, head, foi.Event{Type: foi.Answer, On: d("2025-04-14"), Draft: drafted.Clock.DraftSeq})
	add(c.full, officer, foi.Event{Type: foi.Mail, On: d("2025-04-15"), Carrier: "EMS", TrackingNo: "EA123456789CN"})
	add(c.full, officer, foi.Event{Type: foi.Archive, On: d("2025-04-20"), Location: "2025-依申请-001"})
	at("2025-05-12")
	if err := s.AddFOIReview(ctx, "foi.head", c.full, foi.Review{Kind: "reconsideration", FiledOn: d("2025-05-10"), Result: "upheld", ClosedOn: d("2025-07-01")}); err != nil {
		t.Fatal(err)
	}

	c.fee = create("2025-06-02", foi.InPerson)
	add(c.fee, officer, foi.Event{Type: foi.FeeNotice, On: d("2025-06-05"), AmountYuan: 100})
	add(c.fee, officer, foi.Event{Type: foi.FeePaid, On: d("2025-06-10")})
	add(c.fee, head, foi.Event{Type: foi.Answer, On: d("2025-06-20"), Outcome: foi.Disclose})

	c.withdrawn = create("2025-08-01", foi.Online)
	add(c.withdrawn, officer, foi.Event{Type: foi.Confirm, On: d("2025-08-01")})
	add(c.withdrawn, officer, foi.Event{Type: foi.Withdraw, On: d("2025-08-05"), Note: "申请人书面撤回"})
	add(c.withdrawn, officer, foi.Event{Type: foi.Archive, On: d("2025-08-06"), Location: "2025-依申请-002"})

	c.december = create("2025-12-29", foi.InPerson)
	add(c.december, head, foi.Event{Type: foi.Answer, On: d("2026-01-06"), Outcome: foi.Disclose})

	c.unconfirmed = create("2026-01-05", foi.Online)
	at("2026-02-02")
	return c
}

func TestFOIRegister(t *testing.T) {
	for _, dl := range storetest.Dialects(t) {
		t.Run(string(dl), func(t *testing.T) {
			s := storetest.Open(t, dl)
			c := registerFixture(t, s)
			numbers := func(rows []foi.RegisterRow) string {
				var out []string
				for _, r := range rows {
					out = append(out, r.Number)
				}
				return strings.Join(out, " ")
			}
			// Which cases each year holds; pages of two cross boundaries.
			for year, want := range map[int][]string{
				2024: {c.old, c.open},
				2025: {c.open, c.full, c.fee, c.withdrawn, c.december},
				2026: {c.open, c.december, c.unconfirmed},
			} {
				rows, err := s.FOIRegister(ctx, year)
				if err != nil || numbers(rows) != strings.Join(want, " ") {
					t.Errorf("%d: %s (%v), want %s", year, numbers(rows), err, strings.Join(want, " "))
				}
				paged, err := store.FOIRegisterPaged(ctx, s, year, 2)
				if err != nil || numbers(paged) != strings.Join(want, " ") {
					t.Errorf("%d in pages of 2: %s (%v)", year, numbers(paged), err)
				}
				if n, err := s.FOIRegisterCount(ctx, year); err != nil || n != len(want) {
					t.Errorf("%d: count %d (%v), want %d", year, n, err, len(want))
				}
			}
			if _, err := s.FOIRegister(ctx, 1999); err == nil {
				t.Error("the register of 1999 was not refused")
			}

			rows, err := s.FOIRegister(ctx, 2025)
			if err != nil {
				t.Fatal(err)
			}
			by := map[string]foi.RegisterRow{}
			for _, r := range rows {
				by[r.Number] = r
			}
			d := calendar.MustParse
			full := by[c.full]
			dates := map[string][2]calendar.Date{
				"received (R restarts on the supplement)": {full.ReceivedOn, d("2025-03-10")},
				"supplement requested":                    {full.SupplementRequestedOn, d("2025-03-05")},
				"supplement reply by":                     {full.SupplementReplyBy, d("2025-03-20")},
				"supplement received":                     {full.SupplementReceivedOn, d("2025-03-10")},
				"extended":                                {full.ExtendedOn, d("2025-03-25")},
				"drafted":                                 {full.DraftedOn, d("2025-04-10")},
				"approved":                                {full.ApprovedOn, d("2025-04-11")},
				"signed":                                  {full.SignedOn, d("2025-04-14")},
				"answered":                                {full.AnsweredOn, d("2025-04-14")},
				"mailed":                                  {full.MailedOn, d("2025-04-15")},
				"archived":                                {full.ArchivedOn, d("2025-04-20")},
			}
			for what, p := range dates {
				if p[0] != p[1] {
					t.Errorf("full case, %s: %s, want %s", what, p[0], p[1])
				}
			}
			// A consulted third party is not named (it may be a person).
			if len(full.Consultations) != 1 || full.Consultations[0].Party != "" || full.Consultations[0].Kind != "third_party" || full.Consultations[0].StartedOn != d("2025-03-12") ||
				full.Consultations[0].EndedOn != d("2025-03-20") || full.Consultations[0].NoticeNo == "" {
				t.Errorf("consultations: %+v", full.Consultations)
			}
			if full.DraftedBy != "foi.officer" || full.ApprovedBy != "foi.head" || full.SignedBy != "foi.head" || full.Outcome != foi.Partial ||
				full.Status != foi.Answered || !full.Extended || full.Late || full.ExtensionReason != "需要调档核对" ||
				full.MailCarrier != "EMS" || full.MailTrackingNo != "EA123456789CN" || full.ArchiveLocation != "2025-依申请-001" ||
				full.Contacts != 1 || full.DeptCode != "jy" || full.DeptName != "菊园新区管委会" || full.ApplicantKind != "person" ||
				full.Description != request.Description || full.SupplementItems != "请写明文件名称\n请写明年份" {
				t.Errorf("full case: %+v", full)
			}
			// Every notice has its own 文书编号.
			seen := map[string]bool{}
			for _, no := range []string{full.SupplementNoticeNo, full.Consultations[0].NoticeNo, full.ExtensionNoticeNo, full.AnswerNoticeNo} {
				if no == "" || seen[no] {
					t.Errorf("notice numbers %q %q %q %q", full.SupplementNoticeNo, full.Consultations[0].NoticeNo, full.ExtensionNoticeNo, full.AnswerNoticeNo)
				}
				seen[no] = true
			}
			// The due date: 20 working days from R (2025-03-10), plus the
			// 6 working days of the consultation (03-13 … 03-20) and the
			// 20 of the extension: 46 working days, with 清明 (04-04) and
			// 劳动节 (05-01 … 05-05) off and Sunday 04-27 worked.
			if full.DueOn != d("2025-05-16") || full.PausedWorkdays != 6 {
				t.Errorf("due %s with %d paused days, want 2025-05-16 and 6", full.DueOn, full.PausedWorkdays)
			}
			if len(full.Reviews) != 1 || full.Reviews[0].Kind != "reconsideration" || full.Reviews[0].ClosedOn != d("2025-07-01") {
				t.Errorf("reviews: %+v", full.Reviews)
			}
			for _, e := range full.Events {
				if e.Note != "" {
					t.Errorf("event %d keeps its note %q", e.Seq, e.Note)
				}
			}
			fee := by[c.fee]
			if fee.FeeNoticeOn != d("2025-06-05") || fee.FeeAmountYuan != 100 || fee.FeePaidOn != d("2025-06-10") || fee.ReceivedOn != d("2025-06-10") ||
				fee.FeeNoticeNo == "" || !fee.DraftedOn.IsZero() || fee.SignedBy != "foi.head" {
				t.Errorf("fee case: %+v", fee)
			}
			w := by[c.withdrawn]
			if w.ConfirmedOn != d("2025-08-01") || w.ReceivedOn != d("2025-08-01") || w.WithdrawnOn != d("2025-08-05") || w.Status != foi.Withdrawn ||
				w.ArchivedOn != d("2025-08-06") || w.Channel != foi.Online {
				t.Errorf("withdrawn case: %+v", w)
			}
			if dec := by[c.december]; dec.ReceivedOn != d("2025-12-29") || dec.AnsweredOn != d("2026-01-06") {
				t.Errorf("december case: %+v", dec)
			}
			if open := by[c.open]; open.Status != foi.InProgress || open.ReceivedOn != d("2024-12-02") || open.DueOn.IsZero() {
				t.Errorf("open case: %+v", open)
			}

			// No personal data in either file, nor the masks.
			secrets := []string{applicant.Name, applicant.IDNumber, applicant.Phone, applicant.Email, applicant.Address, "平城路",
				secret.MaskName(applicant.Name), secret.MaskID(applicant.IDNumber), secret.MaskPhone(applicant.Phone)}
			h := register.Header{Year: 2025, Organ: "菊园新区管委会", GeneratedAt: s.Now()}
			for _, format := range []string{register.JSON, register.XLSX} {
				var buf bytes.Buffer
				wr, err := register.New(format, &buf, h)
				if err != nil {
					t.Fatal(err)
				}
				for i := range rows {
					if err := wr.Add(&rows[i]); err != nil {
						t.Fatal(err)
					}
				}
				if err := wr.Close(); err != nil {
					t.Fatal(err)
				}
				var text string
				if format == register.JSON {
					var doc struct {
						Year int
						Rows []map[string]any
					}
					if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc.Year != 2025 || len(doc.Rows) != len(rows) {
						t.Fatalf("JSON: %v %d rows\n%s", err, len(doc.Rows), buf.String())
					}
					text = buf.String()
				} else {
					text = xlsxText(t, buf.Bytes())
				}
				for _, p := range secrets {
					if strings.Contains(text, p) {
						t.Errorf("%s register holds %q", format, p)
					}
				}
				if strings.Contains(text, "某物业公司") {
					t.Errorf("%s register names the consulted third party", format)
				}
				for _, want := range []string{c.full, "EA123456789CN", full.AnswerNoticeNo, "foi.head"} {
					if !strings.Contains(text, want) {
						t.Errorf("%s register lacks %q", format, want)
					}
				}
			}
		})
	}
}

// xlsxText is every cell of every sheet of a workbook, one a line.
func xlsxText(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, cell := range row {
				b.WriteString(cell + "\n")
			}
		}
	}
	return b.String()
}
