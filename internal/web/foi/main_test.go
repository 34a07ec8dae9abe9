package foi_test

import (
	"context"
	"os"
	"testing"

	areafoi "gongkai/internal/web/foi"
	"gongkai/internal/web/webtest"
)

var ctx = context.Background()

func TestMain(m *testing.M) { os.Exit(webtest.Main(m)) }

// TestEveryPageRenders visits every page template of the area through a
// real route.
func TestEveryPageRenders(t *testing.T) {
	webtest.EveryPageOnEachDialect(t, areafoi.Area().PageNames(), fpVisitPages, noticeVisitPages, registerVisitPages)
}
