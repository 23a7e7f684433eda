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

// TestStructCopies: a struct copied out of a cache still shares its slice
// fields; one that holds no references, or whose slices are cloned, does not.
func TestStructCopies(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/structcopy")
}
