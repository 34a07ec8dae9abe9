package store_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestHotlineSuite runs the 12345 import's store tests on each dialect.
func TestHotlineSuite(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Run("ImportListCount", func(t *testing.T) { testHotlineImport(t, storetest.Open(t, d)) })
		})
	}
}

func testHotlineImport(t *testing.T, s *store.Store) {
	sqfw := mustDept(t, s, "jy-sqfw", "社区事务受理服务中心", "", 0)
	jjfz := mustDept(t, s, "jy-jjfz", "经济发展办公室", "", 0)
	day := calendar.MustParse
	orders := []interact.HotlineOrder{
		{Row: 2, Number: "GD001", Date: day("2026-02-03"), Category: "噪声扰民", DeptID: sqfw.ID, Content: "张先生来电，电话13812345678，反映夜间施工", Reply: "已协调"},
		{Row: 3, Number: "GD002", Date: day("2026-02-20"), Category: "噪声扰民", DeptID: sqfw.ID, Content: "广场舞音响过大"},
		{Row: 4, Date: day("2026-03-01"), Category: "营商环境", DeptID: jjfz.ID, Content: "咨询补贴政策", Reply: "已答复"},
	}
	n, err := s.ImportHotline(ctx, "supervisor", orders)
	if err != nil || n != 3 {
		t.Fatalf("import: %d %v", n, err)
	}
	// Content and reply are sealed at rest.
	var raw string
	if err := rawDB(t, s).QueryRow("SELECT content_sealed || reply_sealed FROM hotline_orders WHERE number = 'GD001'").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "13812345678") || strings.Contains(raw, "已协调") {
		t.Fatal("work-order content stored in clear")
	}
	list, total, err := s.HotlineOrders(ctx, interact.HotlineFilter{From: day("2026-02-01"), To: day("2026-02-28"), Category: "噪声扰民"})
	if err != nil || total != 2 || list[0].Number != "GD002" || list[1].Content != orders[0].Content || list[1].DeptName != "社区事务受理服务中心" {
		t.Fatalf("February's noise orders: %+v %d %v", list, total, err)
	}
	if _, total, _ = s.HotlineOrders(ctx, interact.HotlineFilter{DeptID: jjfz.ID}); total != 1 {
		t.Fatalf("by department: %d", total)
	}
	counts, err := s.HotlineCounts(ctx, day("2026-02-01"), day("2026-03-31"))
	if len(counts) == 2 && counts[0].Category != "噪声扰民" { // the engine's collation orders the categories
		counts[0], counts[1] = counts[1], counts[0]
	}
	if err != nil || len(counts) != 2 || counts[0] != (interact.HotlineCount{Category: "噪声扰民", DeptID: sqfw.ID, DeptName: "社区事务受理服务中心", N: 2}) ||
		counts[1].Category != "营商环境" || counts[1].N != 1 {
		t.Fatalf("counts: %+v %v", counts, err)
	}
	if counts, _ = s.HotlineCounts(ctx, day("2026-03-01"), day("2026-03-31")); len(counts) != 1 || counts[0].N != 1 {
		t.Fatalf("March: %+v", counts)
	}

	// A 工单号 already stored refuses the whole import.
	again := []interact.HotlineOrder{
		{Row: 2, Number: "GD003", Date: day("2026-03-01"), Category: "其他", DeptID: sqfw.ID, Content: "新工单"},
		{Row: 3, Number: "GD001", Date: day("2026-03-01"), Category: "其他", DeptID: sqfw.ID, Content: "重复工单"},
	}
	_, err = s.ImportHotline(ctx, "supervisor", again)
	wantCode(t, err, errs.Conflict, "duplicate_order")
	if _, msg := errs.Public(err); !strings.Contains(msg, "第 3 行") || !strings.Contains(msg, "GD001") {
		t.Fatalf("message: %s", msg)
	}
	if _, total, _ = s.HotlineOrders(ctx, interact.HotlineFilter{}); total != 3 {
		t.Fatalf("a refused import stored orders: %d", total)
	}
	if ex, err := s.HotlineNumbersExist(ctx, []string{"GD001", "GD003"}); err != nil || !ex["GD001"] || ex["GD003"] {
		t.Fatalf("exist: %v %v", ex, err)
	}
	if cats, _ := s.HotlineCategories(ctx); strings.Join(cats, "|") != "噪声扰民|营商环境" && strings.Join(cats, "|") != "营商环境|噪声扰民" {
		t.Fatalf("categories: %v", cats)
	}
	// One event per import, with the count and the period only.
	evs, _ := s.AuditEvents(ctx, store.AuditFilter{Action: "hotline."})
	if len(evs) != 1 || evs[0].Detail["orders"] != "3" || evs[0].Detail["from"] != "2026-02-03" || evs[0].Detail["to"] != "2026-03-01" {
		t.Fatalf("trail: %+v", evs)
	}
	for _, v := range evs[0].Detail {
		if strings.Contains(v, "施工") || strings.Contains(v, "138") {
			t.Fatalf("content in the trail: %v", evs[0].Detail)
		}
	}
}
