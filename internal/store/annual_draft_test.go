package store_test

import (
	"context"
	"sync"
	"testing"

	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestAnnualDraftOnce: two 生成年报稿件 at once make one document; the
// other is refused as a conflict and leaves no second document behind.
func TestAnnualDraftOnce(t *testing.T) {
	for _, dl := range storetest.Dialects(t) {
		t.Run(string(dl), func(t *testing.T) {
			s := storetest.Open(t, dl)
			w := newWorld(t, s)
			ctx := context.Background()
			const title = "菊园新区管委会2025年政府信息公开工作年度报告"
			c := w.content(title, "baogao")
			start := make(chan struct{})
			errsOf := make([]error, 2)
			var wg sync.WaitGroup
			for i := range errsOf {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, _, errsOf[i] = s.SaveAnnualDraft(ctx, w.editor, 2025, "", c)
				}()
			}
			close(start)
			wg.Wait()
			ok := 0
			for _, err := range errsOf {
				switch {
				case err == nil:
					ok++
				case errs.KindOf(err) != errs.Conflict:
					t.Errorf("the other click: %v", err)
				}
			}
			made, err := s.StaffDocuments(ctx, store.StaffFilter{Query: title})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := s.AnnualDocument(ctx, 2025, "")
			if ok == 0 || len(made) != 1 || err != nil || doc == nil || doc.ID != made[0].Doc.ID {
				t.Fatalf("%d succeeded, %d documents made, the report's document %v %v", ok, len(made), doc, err)
			}
		})
	}
}
