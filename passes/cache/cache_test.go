package cache_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/cache"
)

// TestFacts asserts the ReturnsCached and Source facts, within a package
// and carried to an importing one.
func TestFacts(t *testing.T) {
	testdata := testcorpus.Dir()
	analysistest.Run(t, testdata, cache.Analyzer, "mutablecache/facts/store", "mutablecache/facts/svc")
}

// TestSnapshotFacts asserts ReturnsSnapshot on functions that hand out what
// an atomic.Pointer holds, directly and through another such function.
func TestSnapshotFacts(t *testing.T) {
	testdata := testcorpus.Dir()
	analysistest.Run(t, testdata, cache.Analyzer, "mutablecache/kinds/snapconfig")
}
