package mutability_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/internal/testcorpus"
	"github.com/msvclint/msvclint/passes/mutability"
)

func TestImmutableFacts(t *testing.T) {
	testdata := testcorpus.Dir()
	analysistest.Run(t, testdata, mutability.Analyzer, "mutablecache/facts/immut")
}
