package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestSchemaMatchesResponses calls every API route that can be called
// safely on the demo (every GET, and the FOI application, its events and
// reviews with valid bodies), with good and bad input and without
// credentials, and checks each real answer against the response openapi.json
// documents for its status: the status must be documented, the body must
// match the schema, and an object may carry no property the schema does not
// name (so the description stays complete).
func TestSchemaMatchesResponses(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	_, _, raw := e.RawAPI("GET", "/api/v1/openapi.json", "", "")
	spec := openAPI{}
	if err := json.Unmarshal(raw, &spec.doc); err != nil {
		t.Fatal(err)
	}
	admin, security, auditor, officer, editor := e.Token("admin"), e.Token("security"), e.Token("auditor"), e.Token("foi"), e.Token("editor")
	doc := publishWithAttachment(t, e)
	interp := firstPublicDocument(t, e, "genre=jiedu")
	repealed := firstPublicDocument(t, e, "validity=repealed")
	today := e.Clock.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")

	called := map[string]bool{}
	call := func(op, path, token, body string, want int) map[string]any {
		t.Helper()
		method, tmpl, _ := strings.Cut(op, " ")
		called[op] = true
		status, header, b := e.RawAPI(method, path, token, body)
		if status != want {
			t.Errorf("%s %s: %d, want %d: %s", method, path, status, want, b)
		}
		for _, p := range spec.check(method, tmpl, status, header.Get("Content-Type"), b) {
			t.Errorf("%s %s → %d: %s", method, path, status, p)
		}
		var out map[string]any
		_ = json.Unmarshal(b, &out)
		return out
	}

	const (
		day      = "GET /api/v1/calendar/days/{date}"
		add      = "GET /api/v1/calendar/add"
		count    = "GET /api/v1/calendar/count"
		docs     = "GET /api/v1/public/documents"
		docOne   = "GET /api/v1/public/documents/{index...}"
		apply    = "POST /api/v1/foi/applications"
		track    = "GET /api/v1/foi/track"
		foiCase  = "GET /api/v1/foi/applications/{number}"
		events   = "POST /api/v1/foi/applications/{number}/events"
		reviews  = "POST /api/v1/foi/applications/{number}/reviews"
		auditLog = "GET /api/v1/audit/events"
	)
	call("GET /api/v1/openapi.json", "/api/v1/openapi.json", "", "", 200)
	call(day, "/api/v1/calendar/days/2024-10-01", "", "", 200)
	call(day, "/api/v1/calendar/days/2024-02-30", "", "", 400)
	call(add, "/api/v1/calendar/add?from=2024-09-27&n=20", "", "", 200)
	call(add, "/api/v1/calendar/add?from=2024-09-27", "", "", 400)
	call(count, "/api/v1/calendar/count?from=2024-09-01&to=2024-10-31", "", "", 200)
	call(count, "/api/v1/calendar/count?from=2024-9-1&to=2024-10-31", "", "", 400)
	call(docs, "/api/v1/public/documents", "", "", 200)
	call(docs, "/api/v1/public/documents?genre=jiedu&size=5&page=2", "", "", 200)
	call(docs, "/api/v1/public/documents?year=abc", "", "", 400)
	for _, index := range []string{doc.IndexNumber, interp, repealed} {
		call(docOne, "/api/v1/public/documents/"+index, "", "", 200)
	}
	call(docOne, "/api/v1/public/documents/no/such-document", "", "", 404)

	call("GET /api/v1/me", "/api/v1/me", admin, "", 200)
	call("GET /api/v1/me", "/api/v1/me", "", "", 401)
	call("GET /api/v1/tokens", "/api/v1/tokens", admin, "", 200)
	call("GET /api/v1/departments", "/api/v1/departments", admin, "", 200)
	call("GET /api/v1/departments", "/api/v1/departments", "", "", 401)
	call("GET /api/v1/users", "/api/v1/users", admin, "", 200)
	call("GET /api/v1/users", "/api/v1/users", editor, "", 403)
	call("GET /api/v1/calendar/overrides", "/api/v1/calendar/overrides", admin, "", 200)
	call(auditLog, "/api/v1/audit/events", auditor, "", 200)
	call(auditLog, "/api/v1/audit/events?from=soon", auditor, "", 400)
	call(auditLog, "/api/v1/audit/events", security, "", 403)
	call("GET /api/v1/audit/verify", "/api/v1/audit/verify", auditor, "", 200)

	created := call(apply, "/api/v1/foi/applications", "", foiBody, 201)
	call(apply, "/api/v1/foi/applications", "", `{"applicant":{}}`, 400)
	number, _ := created["number"].(string)
	code, _ := created["query_code"].(string)
	q := "?number=" + url.QueryEscape(number) + "&code=" + url.QueryEscape(code)
	call(track, "/api/v1/foi/track"+q, "", "", 200) // awaiting confirmation: no dates yet
	call(track, "/api/v1/foi/track?number="+url.QueryEscape(number)+"&code=AAAAAAAA", "", "", 404)
	path := "/api/v1/foi/applications/" + number
	call(foiCase, path, officer, "", 200)
	call(foiCase, "/api/v1/foi/applications/YSQ1999-99999", officer, "", 404)
	call(foiCase, path, editor, "", 403)
	ev := call(events, path+"/events", officer, `{"version":1,"type":"confirm","on":"`+today+`"}`, 201)
	call(track, "/api/v1/foi/track"+q, "", "", 200) // in progress: both dates
	call(events, path+"/events", officer, `{"version":1,"type":"archive","on":"`+today+`","location":"x"}`, 409)
	call(events, path+"/events", officer, `{"version":`+fmt.Sprint(ev["version"])+`,"type":"no_such_event","on":"`+today+`"}`, 400)
	call(reviews, path+"/reviews", officer, `{"kind":"reconsideration","filed_on":"`+today+`","result":"pending"}`, 201)
	call(reviews, path+"/reviews", officer, `{"kind":"appeal","filed_on":"`+today+`","result":"pending"}`, 400)
	call(foiCase, path, officer, "", 200)
	const foiRegister = "GET /api/v1/foi/register"
	call(foiRegister, "/api/v1/foi/register?year=2026", e.Token("foihead"), "", 200)
	call(foiRegister, "/api/v1/foi/register?year=abc", e.Token("foihead"), "", 400)
	call(foiRegister, "/api/v1/foi/register", officer, "", 403)
	const annual = "GET /api/v1/reports/annual/{year}"
	call(annual, "/api/v1/reports/annual/2026", e.Token("supervisor"), "", 200)
	call(annual, "/api/v1/reports/annual/2026?organ=jy-zwgk", e.Token("foihead"), "", 200)
	call(annual, "/api/v1/reports/annual/2026?organ=nope", e.Token("supervisor"), "", 404)
	call(annual, "/api/v1/reports/annual/26", e.Token("supervisor"), "", 400)
	call(annual, "/api/v1/reports/annual/2026", officer, "", 403)
	call(annual, "/api/v1/reports/annual/2026", "", "", 401)
	const search = "GET /api/v1/search"
	call(search, "/api/v1/search?q="+url.QueryEscape("政务公开"), "", "", 200)
	call(search, "/api/v1/search?q="+url.QueryEscape("量子纠缠"), "", "", 200)
	call(search, "/api/v1/search?q=", "", "", 400)
	const (
		letterNew    = "POST /api/v1/letters"
		letterTrack  = "GET /api/v1/letters/track"
		letterOne    = "GET /api/v1/letters/{number}"
		letterTriage = "POST /api/v1/letters/{number}/triage"
		letterReply  = "POST /api/v1/letters/{number}/reply"
		letterPublic = "GET /api/v1/public/letters"
	)
	lt := call(letterNew, "/api/v1/letters", "", `{"kind":"mailbox","target":"fuzhuren","name":"李明","phone":"13812345678","email":"li@example.com","subject":"咨询","content":"请问？","publish_ok":true}`, 201)
	call(letterNew, "/api/v1/letters", "", `{"kind":"mailbox","name":"","phone":"1","subject":"","content":""}`, 400)
	ltNum, ltCode := fmt.Sprint(lt["number"]), fmt.Sprint(lt["query_code"])
	call(letterTrack, "/api/v1/letters/track?number="+url.QueryEscape(ltNum)+"&code="+ltCode, "", "", 200)
	call(letterTrack, "/api/v1/letters/track?number="+url.QueryEscape(ltNum)+"&code=AAAAAAAA", "", "", 404)
	office := e.Token("supervisor")
	call(letterOne, "/api/v1/letters/"+ltNum, office, "", 200)
	call(letterOne, "/api/v1/letters/"+ltNum, editor, "", 403)
	call(letterTriage, "/api/v1/letters/"+ltNum+"/triage", office, `{"accept":true,"simple":true}`, 200)
	call(letterTriage, "/api/v1/letters/"+ltNum+"/triage", office, `{"accept":false,"reason":"spam"}`, 409)
	call(letterReply, "/api/v1/letters/"+ltNum+"/reply", e.Token("replier"), `{"content":""}`, 400)
	call(letterReply, "/api/v1/letters/"+ltNum+"/reply", e.Token("replier"), `{"content":"答复"}`, 200)
	call(letterTrack, "/api/v1/letters/track?number="+url.QueryEscape(ltNum)+"&code="+ltCode, "", "", 200)
	call(letterPublic, "/api/v1/public/letters", "", "", 200)
	call(letterPublic, "/api/v1/public/letters?page=x", "", "", 400)
	const (
		decisionNew    = "POST /api/v1/enforcement/decisions"
		decisionList   = "GET /api/v1/public/enforcement/decisions"
		decisionPublic = "GET /api/v1/public/enforcement/decisions/{id}"
	)
	dec := call(decisionNew, "/api/v1/enforcement/decisions", editor, `{"kind":"penalty","number":"嘉菊罚〔2026〕1号","decided_on":"`+today+`","party_kind":"person",
		"party_name":"王小明","content":"警告","basis":"《中华人民共和国治安管理处罚法》第二十三条","category":"penalty_general"}`, 201)
	call(decisionNew, "/api/v1/enforcement/decisions", editor, `{"kind":"penalty","number":"","party_kind":"org","party_name":"某公司","credit_code":"91310114MA1GT35K5C"}`, 400)
	call(decisionNew, "/api/v1/enforcement/decisions", officer, `{}`, 403)
	call(decisionList, "/api/v1/public/enforcement/decisions?kind=penalty", "", "", 200)
	call(decisionList, "/api/v1/public/enforcement/decisions?kind=fine", "", "", 400)
	call(decisionPublic, "/api/v1/public/enforcement/decisions/"+fmt.Sprint(dec["id"]), "", "", 200)
	call(decisionPublic, "/api/v1/public/enforcement/decisions/999999", "", "", 404)

	// Every GET of the API and the FOI writes above were called; the other
	// writes change accounts, departments and the calendar, which the API
	// tests of their own cover.
	for _, rt := range e.Srv.Routes() {
		if rt.API && strings.HasPrefix(rt.Pattern, "GET ") && !called[rt.Pattern] {
			t.Errorf("%s is not checked against its schema", rt.Pattern)
		}
	}
}

// foiBody is a valid online FOI application.
const foiBody = `{"applicant":{"kind":"person","name":"李明","id_type":"居民身份证","id_number":"11010519491231002X","phone":"13812345678",
	"email":"liming@example.com","address":"上海市嘉定区平城路811号"},"description":"2024年菊园新区加装电梯补贴发放名单","purpose":"了解政策",
	"format":"electronic","delivery":"email"}`

// openAPI checks answers against an OpenAPI 3.0 description. It knows the
// part of JSON Schema that openapi.json uses: $ref, allOf, type with
// nullable, properties, required, additionalProperties, items, enum,
// minimum/maximum, maxLength and the formats date and date-time.
type openAPI struct{ doc map[string]any }

// check returns what is wrong with one answer of the operation.
func (o openAPI) check(method, tmpl string, status int, contentType string, body []byte) []string {
	op, _ := o.at("paths", tmpl, strings.ToLower(method)).(map[string]any)
	if op == nil {
		return []string{"operation not described"}
	}
	resps, _ := op["responses"].(map[string]any)
	resp, ok := resps[strconv.Itoa(status)]
	if !ok {
		if resp, ok = resps["default"]; !ok {
			return []string{"status not described"}
		}
	}
	r, _ := o.resolve(resp).(map[string]any)
	content, _ := r["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	if media == nil {
		if len(body) != 0 {
			return []string{fmt.Sprintf("described without a body, got %q", body)}
		}
		return nil
	}
	if !strings.HasPrefix(contentType, "application/json") {
		return []string{"Content-Type " + contentType}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var problems []string
	o.validate(media["schema"], v, "$", &problems)
	return problems
}

// at walks the document by keys.
func (o openAPI) at(keys ...string) any {
	var cur any = o.doc
	for _, k := range keys {
		m, _ := cur.(map[string]any)
		cur = m[k]
	}
	return cur
}

// resolve follows local $refs ("#/components/…").
func (o openAPI) resolve(s any) any {
	for {
		m, _ := s.(map[string]any)
		ref, ok := m["$ref"].(string)
		if !ok {
			return s
		}
		s = o.at(strings.Split(strings.TrimPrefix(ref, "#/"), "/")...)
	}
}

var (
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dateTimeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
)

func (o openAPI) validate(schema, v any, at string, problems *[]string) {
	o.validatePart(schema, v, at, false, problems)
}

// validatePart validates v; part is set for an allOf part, which sees the
// properties of the other parts too and does not report them.
func (o openAPI) validatePart(schema, v any, at string, part bool, problems *[]string) {
	s, _ := o.resolve(schema).(map[string]any)
	if s == nil {
		*problems = append(*problems, at+": no schema")
		return
	}
	bad := func(format string, args ...any) { *problems = append(*problems, at+": "+fmt.Sprintf(format, args...)) }
	if v == nil {
		if s["nullable"] != true {
			bad("null, schema says %v and not nullable", s["type"])
		}
		return
	}
	for _, sub := range list(s["allOf"]) {
		o.validatePart(sub, v, at, true, problems)
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		bad("%v is not one of %v", v, enum)
	}
	switch typ, _ := s["type"].(string); typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			bad("%T, schema says object", v)
			return
		}
		o.validateObject(s, obj, at, part, problems)
	case "array":
		arr, ok := v.([]any)
		if !ok {
			bad("%T, schema says array", v)
			return
		}
		for i, item := range arr {
			o.validate(s["items"], item, fmt.Sprintf("%s[%d]", at, i), problems)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("%T %v, schema says string", v, v)
			return
		}
		if max, ok := s["maxLength"].(float64); ok && float64(len([]rune(str))) > max {
			bad("longer than %v", max)
		}
		switch s["format"] {
		case "date":
			if !dateRe.MatchString(str) {
				bad("%q is not a date", str)
			}
		case "date-time":
			if !dateTimeRe.MatchString(str) {
				bad("%q is not a date-time", str)
			}
		}
	case "integer", "number":
		n, ok := v.(float64)
		if !ok || typ == "integer" && n != float64(int64(n)) {
			bad("%T %v, schema says %s", v, v, typ)
			return
		}
		if min, ok := s["minimum"].(float64); ok && n < min {
			bad("%v below the minimum %v", n, min)
		}
		if max, ok := s["maximum"].(float64); ok && n > max {
			bad("%v above the maximum %v", n, max)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("%T %v, schema says boolean", v, v)
		}
	case "":
		if len(list(s["allOf"])) == 0 {
			bad("schema without a type")
		}
	default:
		bad("unknown type %q", typ)
	}
}

// validateObject checks required and described properties. An object's
// properties are those of its schema and of its allOf parts together; a
// property none of them names is reported unless additionalProperties
// gives a schema for it or the object is free-form (no properties).
func (o openAPI) validateObject(s, obj map[string]any, at string, part bool, problems *[]string) {
	props := o.properties(s)
	own, _ := s["properties"].(map[string]any)
	for _, name := range list(s["required"]) {
		if _, ok := obj[name.(string)]; !ok {
			*problems = append(*problems, fmt.Sprintf("%s: required %q is missing", at, name))
		}
	}
	extra, _ := o.resolve(s["additionalProperties"]).(map[string]any)
	names := make([]string, 0, len(obj))
	for name := range obj {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch ps, ok := props[name]; {
		case ok:
			if _, mine := own[name]; mine {
				o.validate(ps, obj[name], at+"."+name, problems)
			} // properties of allOf parts are checked by their part
		case extra != nil:
			o.validate(extra, obj[name], at+"."+name, problems)
		case part, len(props) == 0 && s["additionalProperties"] == nil:
			// a free-form object ("type": "object" and nothing else)
		default:
			*problems = append(*problems, fmt.Sprintf("%s: property %q is not described", at, name))
		}
	}
}

// properties are the described properties of s and its allOf parts.
func (o openAPI) properties(schema any) map[string]any {
	s, _ := o.resolve(schema).(map[string]any)
	out := map[string]any{}
	for _, sub := range list(s["allOf"]) {
		for k, v := range o.properties(sub) {
			out[k] = v
		}
	}
	if own, ok := s["properties"].(map[string]any); ok {
		for k, v := range own {
			out[k] = v
		}
	}
	return out
}

func list(v any) []any { l, _ := v.([]any); return l }
