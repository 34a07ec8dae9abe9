package store_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestFOIOrgApplicant: an organisation's 法定代表人 and 联系人 are sealed at
// rest like the applicant's name, masked in what staff lists read, and
// opened in full (and audited) by FOIApplicant.
func TestFOIOrgApplicant(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) { testFOIOrgApplicant(t, storetest.Open(t, d)) })
	}
}

func testFOIOrgApplicant(t *testing.T, s *store.Store) {
	org := foi.Applicant{Kind: "org", Name: "上海某某科技有限公司", OrgCategory: "business", IDType: "统一社会信用代码",
		IDNumber: "91310114MA1GT35K5B", LegalRep: "王建国", Contact: "欧阳小红", Phone: "021-59990000", Email: "office@example.com"}
	app, _, err := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, org, request)
	if err != nil {
		t.Fatal(err)
	}
	var row string
	if err := rawDB(t, s).QueryRow(rebindFor(s, `SELECT legal_rep_sealed || '|' || contact_sealed || '|' || legal_rep_mask || '|' || contact_mask
		FROM foi_applications WHERE number = ?`), app.Number).Scan(&row); err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"王建国", "欧阳小红", "建国", "小红"} {
		if strings.Contains(row, clear) {
			t.Fatalf("%q stored in clear: %s", clear, row)
		}
	}
	if !strings.HasSuffix(row, "|王**|欧***") {
		t.Fatalf("masks: %s", row)
	}
	got, err := s.FOIApplicationByNumber(ctx, app.Number)
	if err != nil || got.Applicant.LegalRep != "王**" || got.Applicant.Contact != "欧***" {
		t.Fatalf("masked read: %+v %v", got.Applicant, err)
	}
	list, err := s.FOIApplications(ctx, store.FOIFilter{})
	if err != nil || len(list) != 1 || list[0].Applicant.Contact != "欧***" {
		t.Fatalf("list: %v", err)
	}
	full, err := s.FOIApplicant(ctx, "foi.officer", app.Number)
	if err != nil || full.LegalRep != "王建国" || full.Contact != "欧阳小红" || full.IDNumber != org.IDNumber {
		t.Fatalf("open: %+v %v", full, err)
	}

	// Every problem at once, each with its field, through the store too.
	bad := org
	bad.LegalRep, bad.Contact, bad.IDNumber = "", "", "91310114MA1GT35K5C"
	_, _, err = s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, bad, foi.Request{Format: "paper", Delivery: "pickup"})
	var fields []string
	for _, e := range errs.All(err) {
		fields = append(fields, e.Field)
	}
	if want := "id_number legal_rep contact description"; strings.Join(fields, " ") != want || !errs.Is(err, errs.Invalid) {
		t.Fatalf("refused fields %v (%v), want %s", fields, err, want)
	}
}
