// Package kit is what every web area package shares: the route type, the
// request context (request id, user, session, CSRF token), page rendering
// with the shared layout, redirects with flash messages, JSON in and out,
// the one mapping of error kinds to HTTP statuses, form and path parameter
// parsing, the pager, conditional GET (ETag) helpers and a rate limiter.
// It holds no handlers and no package-level mutable state: the Site is
// built by the server and handed to each area.
package kit
