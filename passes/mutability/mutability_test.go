package mutability_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/passes/mutability"
)

func TestImmutableFacts(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata, mutability.Analyzer, "mutablecache/facts/immut")
}
