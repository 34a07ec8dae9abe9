package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"gongkai/internal/errs"
)

// statusOf is the one place that maps error kinds to HTTP statuses.
func statusOf(err error) int {
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

// apiError is the JSON error body: {"error":{"code":…,"message":…}}.
type apiError struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
	} `json:"error"`
}

// fail writes err the way the block shows errors. Internal errors are logged
// with the request id and shown generically.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, b block, err error) {
	status := statusOf(err)
	code, message := errs.Public(err)
	if status == http.StatusRequestEntityTooLarge {
		code, message = "body_too_large", "提交的内容过大：JSON 请求上限 1 MB，附件上限 20 MB，其他表单上限 1 MB。"
	}
	if status >= 500 {
		s.log.Error("request failed", "request_id", requestID(r.Context()), "err", err.Error())
	}
	switch b {
	case api, apiPublic:
		var body apiError
		body.Error.Code, body.Error.Message, body.Error.RequestID = code, message, requestID(r.Context())
		writeJSON(w, status, body)
	default:
		// A back-office visitor without a session goes to the login form and
		// comes back afterwards.
		if status == http.StatusUnauthorized && r.Method == http.MethodGet && b == admin {
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		s.render(w, r, status, "error", map[string]any{"Title": errorTitle(status), "Code": code, "Message": message})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// errorTitle is the heading and window title of an error page.
func errorTitle(status int) string {
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
