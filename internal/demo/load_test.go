package demo_test

import (
	"context"
	"testing"

	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestLoad loads the whole demo into a real store on each dialect, the way
// `gongkai serve --demo` does, and checks what the public can see.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			loaded, err := demo.Load(ctx, s)
			if err != nil || !loaded {
				t.Fatalf("load: %v %v", loaded, err)
			}
			again, err := demo.Load(ctx, s)
			if err != nil || again {
				t.Fatalf("second load changed data: %v %v", again, err)
			}
			seed, _, err := s.PublicDocument(ctx, "00001434-9/2024-00000030", 0)
			if err != nil || seed.Rev.Content.Title != "2024年菊园新区政务公开工作要点" || seed.Rev.PublishedOn.String() != "2024-04-19" || seed.ThemeName != "政务公告" {
				t.Fatalf("seed document: %+v %v", seed, err)
			}
			docs, total, err := s.PublicDocuments(ctx, store.PublicFilter{Size: 100})
			if err != nil || total < 50 {
				t.Fatalf("public documents: %d %v", total, err)
			}
			seen := map[string]bool{}
			for _, p := range docs {
				if seen[p.Doc.IndexNumber] || p.Doc.IndexNumber == "" {
					t.Fatalf("index number %q repeated or empty", p.Doc.IndexNumber)
				}
				seen[p.Doc.IndexNumber] = true
				// List rows carry list fields only; the document itself says
				// whether it may be public.
				full, _, err := s.PublicDocument(ctx, p.Doc.IndexNumber, 0)
				if err != nil {
					t.Fatalf("listed %s: %v", p.Doc.IndexNumber, err)
				}
				if c := full.Rev.Content; c.Attribute != publish.Active || len(c.PointIDs) > 0 || c.Audience != "" {
					t.Fatalf("non-public document listed: %s", c.Title)
				}
			}
			repealed, _, _ := s.PublicDocuments(ctx, store.PublicFilter{Validity: publish.Repealed})
			if len(repealed) == 0 {
				t.Error("no repealed document")
			}
			pt, err := s.PointByCode(ctx, "dzp-yx")
			if err != nil {
				t.Fatal(err)
			}
			kiosk, _, _ := s.PublicDocuments(ctx, store.PublicFilter{PointID: pt.ID})
			if len(kiosk) != 1 {
				t.Errorf("kiosk of dzp-yx lists %d documents", len(kiosk))
			}
			if res, err := s.VerifyAudit(ctx); err != nil || !res.OK() {
				t.Fatalf("audit chain after the demo load: %+v %v", res, err)
			}
		})
	}
}
