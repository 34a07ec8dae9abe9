package store

import (
	"context"
	"fmt"

	"gongkai/internal/calendar"
	"gongkai/internal/interact"
)

// FillLettersForTest writes n letters received over the three years up to
// today, in one transaction, for benchmarks: most replied, a third of
// those published, the last few weeks' open (some overdue), and one in
// five hundred unanswered for more than three months.
func FillLettersForTest(ctx context.Context, s *Store, n int, today calendar.Date, depts []int64) error {
	err := s.update(ctx, "store.FillLettersForTest", func(tx *Tx) error {
		cal, err := calendarFrom(tx)
		if err != nil {
			return err
		}
		var base int64
		if err := tx.queryRow("SELECT COALESCE(MAX(id), 0) FROM letters").Scan(&base); err != nil {
			return err
		}
		b := s.Secrets
		name, phone := b.Seal("李明"), b.Seal("13900001111")
		for i := range n {
			back := (n - 1 - i) * 1095 / n
			recv := today.AddDays(-back)
			dept := depts[i%len(depts)]
			simple := i%4 == 0
			due := interact.DueOn(cal, recv, simple)
			status, dueOn, replied, repliedAt, published := interact.Replied, "", due.String(), micros(tx.now)-int64(back)*86_400_000_000, i%3 == 0
			switch {
			case back <= 20 || i%500 == 7:
				status, dueOn, replied, repliedAt, published = interact.Handling, due.String(), "", 0, false
			}
			pubText := func(s string) string {
				if published {
					return s
				}
				return ""
			}
			subject := fmt.Sprintf("关于菊园新区第%d号小区加装电梯的咨询", i)
			content, reply := "请问加装电梯需要哪些材料？", "您好，请携带业主意见征询表到社区事务受理服务中心办理。"
			if status != interact.Replied {
				reply = ""
			}
			if _, err := tx.exec(`INSERT INTO letters (number, code_hash, kind, target, dept_id, name_sealed, name_mask, phone_sealed, phone_mask,
				subject, content, publish_ok, status, simple, received_on, due_on, reply, reply_dept_id, reply_by, replied_on, replied_at,
				published, public_subject, public_content, public_reply, version, created_at, updated_at)
				VALUES (?, '', 'consult', '', ?, ?, '李*', ?, '139****1111', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
				fmt.Sprintf("BENCH-%07d", base+int64(i)+1), dept, name, phone, subject, content, i%2 == 0 || published, string(status), simple,
				recv.String(), dueOn, reply, dept, replied, repliedAt, published, pubText(subject), pubText(content), pubText(reply),
				micros(tx.now), micros(tx.now)); err != nil {
				return err
			}
		}
		_, err = tx.exec("UPDATE letter_counts SET n = (SELECT COUNT(*) FROM letters WHERE published = ?) WHERE name = 'published'", true)
		return err
	})
	if err != nil || s.dialect != Postgres {
		return err
	}
	// What production has: autovacuum's statistics and visibility map (as
	// FillFOIForTest).
	_, err = s.write.ExecContext(ctx, "VACUUM ANALYZE letters")
	return err
}
