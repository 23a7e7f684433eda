package mutablecache_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/mutablecache"
)

func TestCheckThenAct(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/checkact")
}
