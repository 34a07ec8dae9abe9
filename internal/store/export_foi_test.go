package store

import (
	"context"
	"encoding/json"
	"fmt"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
)

// FillFOIForTest writes n in-person applications received over the ten
// years before today, in one transaction (for benchmarks): as in a
// district's history, most are answered; the open ones are those of the
// last 45 days (one in 7 in consultation, one in 50 an online application
// awaiting confirmation) and one in 300 of the older ones, left overdue.
// They are spread over depts and the unassigned. Rows and events are
// inserted directly; the listing columns come from refreshFOIListing.
func FillFOIForTest(ctx context.Context, s *Store, n int, today calendar.Date, depts []int64) error {
	err := s.update(ctx, "store.FillFOIForTest", func(tx *Tx) error {
		cal, err := calendarFrom(tx)
		if err != nil {
			return err
		}
		var base int64
		if err := tx.queryRow("SELECT COALESCE(MAX(id), 0) FROM foi_applications").Scan(&base); err != nil {
			return err
		}
		b := s.Secrets
		for i := range n {
			back := (n - 1 - i) * 3650 / n
			recv := today.AddDays(-back)
			ch := foi.InPerson
			var events []foi.Event
			switch {
			case back > 45 && i%300 != 0:
				events = []foi.Event{{Type: foi.Answer, On: recv.AddDays(10), Outcome: foi.Disclose}}
			case back <= 45 && i%50 == 1:
				ch, recv = foi.Online, calendar.Date{}
			case i%7 == 0 && back >= 1:
				events = []foi.Event{{Type: foi.ConsultStart, On: recv.AddDays(1), Kind: "third_party", Party: "某公司"}}
			}
			var dept any
			if len(depts) > 0 && i%(len(depts)+1) != 0 {
				dept = depts[i%(len(depts)+1)-1]
			}
			number := fmt.Sprintf("BENCH-%07d", base+int64(i)+1)
			at := micros(tx.now)
			id, err := tx.insert(`INSERT INTO foi_applications (number, code_hash, channel, received_on, dept_id, applicant_kind, org_category,
				name_sealed, name_mask, id_type, id_number_sealed, id_number_mask, phone_sealed, phone_mask, email_sealed, address_sealed,
				description, purpose, format, delivery, version, created_by, created_at, updated_at, id_number_mac)
				VALUES (?, '', ?, ?, ?, 'person', '', ?, '王*', '居民身份证', ?, '3101**********1234', ?, '139****1111', '', '', ?, '', 'paper', 'pickup', 1, 'bench', ?, ?, '')`,
				number, string(ch), recv.String(), dept, b.Seal("王芳"), b.Seal("310101199001011234"), b.Seal("13900001111"),
				"菊园新区道路养护计划第"+fmt.Sprint(i)+"号", at, at)
			if err != nil {
				return err
			}
			app := &foi.Application{ID: id, Number: number, Channel: ch, ReceivedOn: recv}
			for seq, e := range events {
				detail, _ := json.Marshal(e)
				if _, err := tx.exec("INSERT INTO foi_events (app_id, seq, type, on_date, detail, actor, created_at) VALUES (?, ?, ?, ?, ?, 'bench', ?)",
					id, seq+1, string(e.Type), e.On.String(), string(detail), at); err != nil {
					return err
				}
				app.Events = append(app.Events, foi.RecordedEvent{Event: e, Seq: seq + 1})
			}
			if err := tx.refreshFOIListing(app, cal); err != nil {
				return fmt.Errorf("case %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The statistics production has: PostgreSQL's autovacuum analyzes the
	// table (and sets the visibility map); gongkai never runs ANALYZE on
	// SQLite, whose planner then picks these queries' indexes by their
	// shape (with sqlite_stat1 it prefers skip-scans over the low-cardinality
	// status column and sorts).
	if s.dialect != Postgres {
		return nil
	}
	_, err = s.write.ExecContext(ctx, "VACUUM ANALYZE")
	return err
}
