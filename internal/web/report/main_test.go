package report_test

import (
	"os"
	"testing"

	areareport "gongkai/internal/web/report"
	"gongkai/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(webtest.Main(m)) }

// TestEveryPageRenders visits every page template of the area through a
// real route; each resource's tests add their visitor here.
func TestEveryPageRenders(t *testing.T) {
	webtest.EveryPageOnEachDialect(t, areareport.Area().PageNames(), registryVisitPages, inspectVisitPages, annualVisitPages, superviseVisitPages, bulletinVisitPages)
}
