package kit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/errs"
)

// StatusOf is the one place that maps error kinds to HTTP statuses.
func StatusOf(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	switch errs.KindOf(err) {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unauthenticated:
		return http.StatusUnauthorized
	case errs.Unavailable:
		return http.StatusServiceUnavailable
	case errs.RateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorTitle is the heading and window title of an error page.
func ErrorTitle(status int) string {
	switch {
	case status == http.StatusNotFound:
		return "页面不存在"
	case status == http.StatusForbidden:
		return "无权访问"
	case status == http.StatusUnauthorized:
		return "需要登录"
	case status >= 500:
		return "服务暂时出现问题"
	}
	return "请求有误"
}

// FormPage re-renders a form with the error of a failed POST, keeping what
// the user typed; errors other than bad input go to the error page.
func (s *Site) FormPage(w http.ResponseWriter, r *http.Request, err error, load func() (string, map[string]any, error)) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) && !(errs.Is(err, errs.NotFound) && r.PathValue("id") == "") {
		return err
	}
	name, data, lerr := load()
	if lerr != nil {
		return lerr
	}
	_, data["Error"] = errs.Public(err)
	s.Render(w, r, StatusOf(err), name, data)
	return nil
}

// WriteJSON writes v as an uncacheable JSON response.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// MaxJSON is the largest JSON body the API reads.
const MaxJSON = 1 << 20

// DecodeJSON reads exactly one JSON object into v: unknown fields, trailing
// data, wrong types and bodies over 1 MB are refused with a Chinese message.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	const op = "web.decodeJSON"
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.New(errs.Invalid, op, "unsupported_media_type", "请求体应为 JSON（Content-Type: application/json）。")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSON))
	if err != nil {
		return err // StatusOf answers 413 for a body over the limit
	}
	if err := checkJSON(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("trailing data")
		}
	}
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var e *errs.Error
	switch {
	case errors.As(err, &tooBig):
		return err // StatusOf answers 413 with its own message
	case errors.As(err, &e):
		return err // a field's own decoder (e.g. a date) explained the problem
	case errors.As(err, &typeErr):
		return errs.Newf(errs.Invalid, op, "invalid_field_type", "字段“%s”的类型不正确。", typeErr.Field).WithErr(err)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errs.Newf(errs.Invalid, op, "unknown_field", "不认识的字段“%s”。", field).WithErr(err)
	case errors.Is(err, io.EOF):
		return errs.New(errs.Invalid, op, "empty_body", "请求体为空，应为一个 JSON 对象。")
	}
	return errs.New(errs.Invalid, op, "malformed_json", "请求体不是有效的 JSON。").WithErr(err)
}

// Download sends body as an attachment of a staff download: named ascii
// for old clients and name (UTF-8, RFC 5987) for the rest, never cached.
func Download(w http.ResponseWriter, ctype, ascii, name string, body *bytes.Buffer) error {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(name))
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	h.Set("Cache-Control", "no-store")
	_, err := body.WriteTo(w)
	return err
}
