package enforcement_test

import (
	"context"
	"os"
	"testing"

	areaenf "gongkai/internal/web/enforcement"
	"gongkai/internal/web/webtest"
)

var ctx = context.Background()

func TestMain(m *testing.M) { os.Exit(webtest.Main(m)) }

// TestEveryPageRenders visits every page template of the area through a
// real route.
func TestEveryPageRenders(t *testing.T) {
	webtest.EveryPageOnEachDialect(t, areaenf.Area().PageNames(), decisionVisitPages, drawVisitPages)
}
