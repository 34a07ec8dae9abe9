package web

import (
	"net/http"
	"net/url"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/web/kit"
)

// apiError is the JSON error body: {"error":{"code":…,"message":…}}, and
// for bad input every problem found at once in "errors" (the first is
// "error" again), so a client corrects all fields in one round.
type apiError struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		Field     string `json:"field,omitempty"`
		RequestID string `json:"request_id"`
	} `json:"error"`
	Errors []apiProblem `json:"errors,omitempty"`
}

// apiProblem is one input error of apiError.Errors.
type apiProblem struct {
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// fail writes err the way the block shows errors. Internal errors are logged
// with the request id and shown generically.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, b block, err error) {
	status := kit.StatusOf(err)
	w.Header().Set("Cache-Control", "no-store") // errors are answered afresh
	code, message := errs.Public(err)
	if status == http.StatusRequestEntityTooLarge {
		code, message = "body_too_large", "提交的内容过大：JSON 请求上限 1 MB，附件上限 20 MB，其他表单上限 1 MB。"
	}
	if status >= 500 {
		s.site.Log.Error("request failed", "request_id", kit.RequestID(r.Context()), "err", err.Error())
	}
	switch b {
	case api, apiPublic:
		var body apiError
		body.Error.Code, body.Error.Message, body.Error.RequestID = code, message, kit.RequestID(r.Context())
		if status < 500 {
			body.Error.Field = errs.FieldOf(err)
		}
		if status == http.StatusBadRequest {
			for _, e := range errs.All(err) {
				c, m := errs.Public(e)
				body.Errors = append(body.Errors, apiProblem{Field: e.Field, Code: c, Message: m})
			}
		}
		kit.WriteJSON(w, status, body)
	default:
		// A back-office visitor without a session goes to the login form and
		// comes back afterwards.
		if code == auth.PasswordChangeRequired && b == admin {
			http.Redirect(w, r, "/admin/password", http.StatusSeeOther)
			return
		}
		if status == http.StatusUnauthorized && r.Method == http.MethodGet && b == admin {
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		s.site.Render(w, r, status, "error", map[string]any{"Title": kit.ErrorTitle(status), "Message": message})
	}
}
