package mutablecache_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/msvclint/msvclint/analyzers/mutablecache"
)

// TestKinds covers each kind of store the check knows, other than the maps
// and sync.Maps of the other tests, positive and negative: singleflight,
// ttlcache's items, atomic snapshots (within a package and through a fact),
// and the cache libraries of the table.
func TestKinds(t *testing.T) {
	analysistest.Run(t, testdata, mutablecache.Analyzer,
		"mutablecache/kinds/flight",
		"mutablecache/kinds/ttl",
		"mutablecache/kinds/snapshot",
		"mutablecache/kinds/snapuse",
		"mutablecache/kinds/libs",
	)
}
