package search_test

import (
	"os"
	"testing"

	areasearch "gongkai/internal/web/search"
	"gongkai/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(webtest.Main(m)) }

// TestEveryPageRenders visits every page template of the area through a
// real route.
func TestEveryPageRenders(t *testing.T) {
	webtest.EveryPageOnEachDialect(t, areasearch.Area().PageNames(), func(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), _ map[string]bool) {
		check(e.Client(), "/search", 200, "search")
		check(e.Login("supervisor"), "/admin/search", 200, "admin_search")
	})
}
