package publish_test

import (
	"context"
	"os"
	"testing"

	areapublish "gongkai/internal/web/publish"
	"gongkai/internal/web/webtest"
)

var ctx = context.Background()

func TestMain(m *testing.M) { os.Exit(webtest.Main(m)) }

// TestEveryPageRenders visits every page template of the area through a
// real route.
func TestEveryPageRenders(t *testing.T) {
	webtest.EveryPageOnEachDialect(t, areapublish.Area().PageNames(), func(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), _ map[string]bool) {
		check(e.Client(), "/", 200, "home")
		check(e.Login("supervisor"), "/admin/site/settings", 200, "admin_site_settings")
		ppRenderPortalPages(t, e, check)
	}, apVisitPages)
}
