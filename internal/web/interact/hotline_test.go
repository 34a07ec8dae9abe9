package interact_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// hlUpload posts the import form with one file and the fields.
func hlUpload(c *webtest.Client, name string, data []byte, fields url.Values) webtest.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.CSRF)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.E.TS.URL+"/admin/hotline", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

// hlXLSX is a workbook whose first sheet holds rows.
func hlXLSX(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func hlCount(t *testing.T, e *webtest.Env) int {
	t.Helper()
	_, total, err := e.St.HotlineOrders(ctx, interact.HotlineFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

var hlHeader = []string{"工单号", "日期", "类别", "部门", "内容", "答复"}

// hotlineVisitPages renders the hotline pages for TestEveryPageRenders.
func hotlineVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	sup := e.Login("supervisor")
	check(sup, "/admin/hotline", 200, "admin_hotline")
	r := hlUpload(sup, "bad.csv", []byte("日期,类别,部门,内容,答复\n2026-13-01,噪声,jy-sqfw,施工,\n"), nil)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "工单文件检查结果") {
		t.Fatalf("check page: %d", r.Status)
	}
	rendered["admin_hotline_check"] = true
}

// TestHotlineImport: a good XLSX and a good CSV import and say how many;
// a file with bad rows lists each (row, column, problem) and imports
// nothing until the user confirms with the same file, which then imports
// the good rows only; a changed file is checked again; a repeated 工单号,
// an oversized file and another type are refused.
func TestHotlineImport(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		sup := e.Login("supervisor")
		sup.Get("/admin/hotline")
		good := hlXLSX(t, [][]string{hlHeader,
			{"GD001", "2026-02-03", "噪声扰民", "社区事务受理服务中心", "来电人反映夜间施工，电话13812345678", "已协调施工单位"},
			{"GD002", "2026-02-04", "营商环境", "jy-jjfz", "咨询补贴", ""}})
		r := hlUpload(sup, "二月工单.xlsx", good, nil)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/hotline?imported=2" {
			t.Fatalf("good xlsx: %d %s %s", r.Status, r.Header.Get("Location"), webtest.Alert(r.Body))
		}
		page := sup.Get(r.Header.Get("Location"))
		if !strings.Contains(page.Body, "已导入 2 条工单。") || !strings.Contains(page.Body, "GD001") {
			t.Fatalf("after import: %s", webtest.Alert(page.Body))
		}
		csvFile := "\ufeff日期,类别,部门,内容,答复\n2026-02-10,噪声扰民,jy-sqfw,\"广场舞\n音响过大\",已劝导\n2026-02-11,市容环境,jy-sqfw,垃圾清运,\n"
		if r := hlUpload(sup, "orders.csv", []byte(csvFile), nil); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/hotline?imported=2" {
			t.Fatalf("good csv: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if n := hlCount(t, e); n != 4 {
			t.Fatalf("stored %d orders", n)
		}
		// The list filters by month, department and category; the counts sum per category and department.
		list := sup.Get("/admin/hotline?month=2026-02&category=" + url.QueryEscape("噪声扰民") + "&from=2026-02-01&to=2026-02-28")
		if list.Status != 200 || !strings.Contains(list.Body, "共 2 条") || strings.Contains(list.Body, "咨询补贴") ||
			!strings.Contains(list.Body, "2026-02-01 至 2026-02-28 共 4 件") {
			t.Fatalf("list: %d %s", list.Status, list.Body)
		}
		webtest.AccessibleHTML(t, "hotline page", list.Body)

		// Bad rows: a table of each, nothing imported.
		bad := hlXLSX(t, [][]string{hlHeader,
			{"GD010", "2026-02-20", "交通", "jy-jjfz", "占道经营", ""},
			{"GD001", "2026-02-21", "交通", "jy-jjfz", "重复的工单号", ""},
			{"GD011", "2026/02/21", "", "不存在的部门", "内容", ""},
			{"GD012", "2026-02-22", "交通", "jy-jjfz", "另一条好工单", ""}})
		r = hlUpload(sup, "三月.xlsx", bad, nil)
		if r.Status != http.StatusBadRequest || hlCount(t, e) != 4 {
			t.Fatalf("bad rows: %d, %d stored", r.Status, hlCount(t, e))
		}
		for _, want := range []string{"有 2 行有问题", "本次未导入任何工单", "第 3 行", "工单号“GD001”已导入过", "第 4 行",
			"日期“2026/02/21”无效", "类别为空", "没有名称或编码为“不存在的部门”的部门", "导入没有问题的 2 行"} {
			if !strings.Contains(r.Body, want) {
				t.Fatalf("the check page does not say %q: %s", want, webtest.Alert(r.Body))
			}
		}
		digest := between(r.Body, `name="sha256" value="`, `"`)
		// Confirming with a changed file checks that file instead.
		changed := hlXLSX(t, [][]string{hlHeader, {"GD013", "2026-02-20", "交通", "jy-jjfz", "占道经营", ""}, {"", "", "交通", "jy-jjfz", "缺日期", ""}})
		r = hlUpload(sup, "三月.xlsx", changed, url.Values{"skip_bad": {"1"}, "sha256": {digest}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "与检查过的文件不同") || hlCount(t, e) != 4 {
			t.Fatalf("a changed file: %d %s", r.Status, webtest.Alert(r.Body))
		}
		// Without the tick nothing is imported either.
		if r := hlUpload(sup, "三月.xlsx", bad, url.Values{"sha256": {digest}}); r.Status != http.StatusBadRequest || hlCount(t, e) != 4 {
			t.Fatalf("unconfirmed: %d", r.Status)
		}
		r = hlUpload(sup, "三月.xlsx", bad, url.Values{"skip_bad": {"1"}, "sha256": {digest}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/hotline?imported=2&skipped=2" {
			t.Fatalf("confirmed: %d %s %s", r.Status, r.Header.Get("Location"), webtest.Alert(r.Body))
		}
		orders, _, _ := e.St.HotlineOrders(ctx, interact.HotlineFilter{Category: "交通"})
		if len(orders) != 2 || orders[0].Number != "GD012" || orders[1].Number != "GD010" {
			t.Fatalf("imported: %+v", orders)
		}

		// Size, type and encoding.
		if r := hlUpload(sup, "big.csv", bytes.Repeat([]byte("a"), interact.MaxHotlineFile+1), nil); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "文件不能超过 5 MB") {
			t.Fatalf("oversize: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := hlUpload(sup, "orders.pdf", []byte("%PDF-1.7"), nil); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "只能导入 Excel 工作簿") {
			t.Fatalf("a PDF: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := hlUpload(sup, "fake.xlsx", []byte("not a zip"), nil); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "只能导入 Excel 工作簿") {
			t.Fatalf("a fake xlsx: %d", r.Status)
		}
		gbk := []byte("\xc8\xd5\xc6\xda,\xc0\xe0\xb1\xf0\n") // 日期,类别 in GBK
		if r := hlUpload(sup, "gbk.csv", gbk, nil); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "UTF-8") {
			t.Fatalf("a GBK csv: %d", r.Status)
		}
		if n := hlCount(t, e); n != 6 {
			t.Fatalf("refused files stored orders: %d", n)
		}
		// Staff only: a replier may not import, the portal never shows orders.
		if r := e.Login("replier").Get("/admin/hotline"); r.Status != http.StatusForbidden {
			t.Fatalf("a replier: %d", r.Status)
		}
		if r := e.Client().Get("/hudong"); strings.Contains(r.Body, "13812345678") {
			t.Fatal("a work order on the portal")
		}
		evs, _ := e.St.AuditEvents(ctx, store.AuditFilter{Action: "hotline.import"})
		if len(evs) != 3 {
			t.Fatalf("imports audited: %d", len(evs))
		}
	})
}
