package cache_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/passes/cache"
)

// TestFacts asserts the ReturnsCached and Source facts, within a package
// and carried to an importing one.
func TestFacts(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata, cache.Analyzer, "mutablecache/facts/store", "mutablecache/facts/svc")
}
