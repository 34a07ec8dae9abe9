package interact_test

import (
	"context"
	"os"
	"testing"

	areainteract "gongkai/internal/web/interact"
	"gongkai/internal/web/webtest"
)

var ctx = context.Background()

func TestMain(m *testing.M) { os.Exit(webtest.Main(m)) }

// TestEveryPageRenders visits every page template of the area through a
// real route; each resource's tests add their visitor here.
func TestEveryPageRenders(t *testing.T) {
	webtest.EveryPageOnEachDialect(t, areainteract.Area().PageNames(), indexVisitPages, letterVisitPages, openMonthVisitPages, faqVisitPages, hotlineVisitPages, solicitVisitPages)
}

func indexVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	check(e.Client(), "/hudong", 200, "interact")
}
