package kit

import (
	"net/http"

	"gongkai/internal/auth"
)

// Handler is a route's handler. It returns an error instead of writing one,
// so each block of the site renders errors its own way (a page or JSON)
// from one mapping.
type Handler func(w http.ResponseWriter, r *http.Request) error

// Widget gives the dashboard one block of an area's data for the user,
// under the key its template reads; an empty key shows nothing.
type Widget func(r *http.Request, u *auth.User) (key string, data any, err error)
