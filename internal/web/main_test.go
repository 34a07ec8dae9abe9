package web_test

import (
	"os"
	"testing"

	"gongkai/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(webtest.Main(m)) }
