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

// TestBorrowed: memory the function does not own (a pooled buffer's bytes,
// a parameter's slice field, a parameter wrapped in a new struct) kept in a
// cache, and the copies that make it safe.
func TestBorrowed(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, mutablecache.Analyzer, "mutablecache/borrowed")
}

// TestDerived: a cache computed from a field that a reload replaces goes
// stale unless the reload clears it; answers of a swapped client do not.
func TestDerived(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer, "mutablecache/derived")
}
