package mutablecache_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/mutablecache"
)

// TestElements: pointers into a store and windows of it are the store; an
// element copied out, and a store only its constructor fills, are not.
func TestElements(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/element")
}
