package mutablecache_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/mutablecache"
)

var testdata = func() string {
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		panic(err)
	}
	return p
}()

func TestReturnedAlias(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/returned")
}

func TestStoredAlias(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/stored")
}
