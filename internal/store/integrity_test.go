package store_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/foi"
	"gongkai/internal/store/storetest"
)

// TestIntegrityFindsTornWrites: on the demo with requests and events,
// CheckIntegrity finds nothing; each tampering that leaves a part of one
// transaction's rows without the rest (what a torn commit would leave) is
// then reported.
func TestIntegrityFindsTornWrites(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			s.Now = storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)).Now
			if _, err := demo.Load(ctx, s); err != nil {
				t.Fatal(err)
			}
			officer, err := s.UserByUsername(ctx, "foi")
			if err != nil {
				t.Fatal(err)
			}
			var numbers []string
			for range 3 {
				app, _, err := s.CreateApplication(ctx, "anonymous", foi.Online, calendar.Date{}, applicant, request)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.AddFOIEvent(ctx, officer, app.Number, app.Version, foi.Event{Type: foi.Confirm, On: calendar.MustParse("2026-03-02")}); err != nil {
					t.Fatal(err)
				}
				numbers = append(numbers, app.Number)
			}
			if err := s.AssignFOI(ctx, "foi", numbers[2], officer.DeptID, ""); err != nil {
				t.Fatal(err)
			}
			diffs, err := s.CheckIntegrity(ctx)
			if err != nil || len(diffs) > 0 {
				t.Fatalf("sound store: %v %v", diffs, err)
			}
			var docID int64
			db := rawDB(t, s)
			if err := db.QueryRow("SELECT MIN(doc_id) FROM public_docs WHERE portal = TRUE").Scan(&docID); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name string
				sql  []string
				want string
			}{
				{"event without its audit event", []string{"DELETE FROM foi_events WHERE seq = 1 AND app_id = (SELECT id FROM foi_applications WHERE number = '" + numbers[0] + "')"},
					"foi " + numbers[0] + ": 0 events, 1 foi.event audit events"},
				{"listing columns without their event", []string{"UPDATE foi_applications SET status = 'awaiting_confirmation', due_on = '' WHERE number = '" + numbers[1] + "'"},
					"foi " + numbers[1] + ": listing columns \"awaiting_confirmation|\", its events give \"in_progress|"},
				{"version bump without its event", []string{"UPDATE foi_applications SET version = version + 1 WHERE number = '" + numbers[1] + "'"},
					"foi " + numbers[1] + ": version 3, want 2"},
				{"request without foi.create", []string{`INSERT INTO foi_applications (number, code_hash, channel, received_on, applicant_kind, org_category,
					name_sealed, name_mask, id_type, id_number_sealed, id_number_mask, phone_sealed, phone_mask, email_sealed, address_sealed,
					description, purpose, format, delivery, version, created_by, created_at, updated_at, id_number_mac)
					SELECT 'YSQ2026-99999', code_hash, channel, received_on, applicant_kind, org_category,
					name_sealed, name_mask, id_type, id_number_sealed, id_number_mask, phone_sealed, phone_mask, email_sealed, address_sealed,
					description, purpose, format, delivery, 1, created_by, created_at, updated_at, id_number_mac FROM foi_applications WHERE number = '` + numbers[2] + "'"},
					"foi YSQ2026-99999: 0 foi.create audit events, want 1"},
				{"sequence ahead of its requests", []string{"UPDATE foi_sequences SET last = last + 2"},
					"foi sequence 2026 is at 5, but 4 requests of that year exist"},
				{"document without its creation event", []string{"INSERT INTO documents (dept_id, validity, version, created_at, updated_at) SELECT dept_id, 'valid', 1, 1, 1 FROM documents WHERE id = " + itoa(docID)},
					"creation audit events, want 1"},
				{"published document missing from the listing", []string{
					"DELETE FROM public_doc_columns WHERE doc_id = " + itoa(docID), "DELETE FROM public_doc_catalog WHERE doc_id = " + itoa(docID),
					"DELETE FROM public_doc_organs WHERE doc_id = " + itoa(docID), "DELETE FROM public_docs WHERE doc_id = " + itoa(docID)},
					"portal rows: projection lacks " + itoa(docID) + "|"},
				{"kept count of published letters off", []string{"UPDATE letter_counts SET n = n + 1 WHERE name = 'published'"},
					"letter_counts: published "}, // one more than the letters published
			} {
				for _, q := range tc.sql {
					if _, err := db.Exec(q); err != nil {
						t.Fatalf("%s: %s: %v", tc.name, q, err)
					}
				}
				diffs, err := s.CheckIntegrity(ctx)
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, d := range diffs {
					found = found || strings.Contains(d, tc.want)
				}
				if !found {
					t.Errorf("%s: not reported (want %q) in %q", tc.name, tc.want, diffs)
				}
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
