package web_test

import (
	"os"
	"testing"

	"gongkai/internal/browsertest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
